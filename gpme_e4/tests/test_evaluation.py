"""The commission's evaluation as real users: who sees what, conformity and NV,
grids with their locks, the draw, the internship attestations."""

import random
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import EvaluationFixtures, exam_session
from .reference_dates import TEST_TODAY, at_test_now


@tagged("post_install", "-at_install")
class TestEvaluation(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()

    def as_user(self, user, record=None):
        return (record or self.evaluation).with_user(user)

    # ------------------------------------------------------------------
    # Who sees what
    # ------------------------------------------------------------------
    def test_lines_from_the_criteria(self):
        # CCF: grids A and B only (grid P is the forme ponctuelle's).
        criteria = self.env["gpme.grid.criterion"].search(
            [("situation", "in", ("A", "B"))]
        )
        self.assertEqual(len(self.evaluation.line_ids), len(criteria))
        self.assertEqual(set(self.evaluation.line_ids.mapped("grid")), {"A", "B"})
        self.assertEqual(self.evaluation.mark_status, "pending")

    def test_member_of_another_session_sees_nothing(self):
        Evaluation = self.env["gpme.evaluation"].with_user(self.other_jury)
        self.assertFalse(Evaluation.search([("id", "=", self.evaluation.id)]))
        for model in (
            "gpme.evaluation.line",
            "gpme.evaluation.signature",
            "gpme.work.sheet",
            "gpme.internship",
        ):
            self.assertFalse(
                self.env[model].with_user(self.other_jury).search([]), model
            )
        with self.assertRaises(AccessError):
            self.as_user(self.other_jury).read(["mark"])
        with self.assertRaises(AccessError):
            Evaluation._gpme_open_for_dossier(self.dossier)
        # Nor can a teacher of another class.
        self.assertFalse(
            self.env["gpme.evaluation"].with_user(self.other_teacher).search([])
        )

    def test_student_sees_nothing_before_publication(self):
        for model in (
            "gpme.evaluation",
            "gpme.evaluation.line",
            "gpme.evaluation.signature",
            "gpme.work.sheet",
        ):
            self.assertFalse(self.env[model].with_user(self.student).search([]), model)
        with self.assertRaises(AccessError):
            self.as_user(self.student).read(["mark", "total_a"])
        self.evaluation.with_user(self.commission).action_confirm_conformity()
        self.fill_grid(self.evaluation, "A")
        self.fill_grid(self.evaluation, "B")
        self.evaluation.with_user(self.commission).action_sign_a()
        self.evaluation.with_user(self.commission).action_sign_b()
        with self.assertRaises(AccessError):
            self.as_user(self.commission).action_publish()
        # Grid B wants a teacher of the class among its signatures.
        self.assertRaisesFr(
            UserError,
            "doit être signée par un enseignant de la classe",
            self.as_user(self.admin).action_publish,
        )
        self.evaluation.with_user(self.teacher).action_sign_b()
        self.assertFalse(self.env["gpme.evaluation"].with_user(self.student).search([]))
        self.as_user(self.admin).action_publish()
        mine = self.env["gpme.evaluation"].with_user(self.student).search([])
        self.assertEqual(mine, self.evaluation)
        self.assertEqual(
            len(self.env["gpme.evaluation.line"].with_user(self.student).search([])),
            len(self.evaluation.line_ids),
        )
        # Read-only for the student, invisible to the other student.
        with self.assertRaises(AccessError):
            mine.with_user(self.student).write({"comment_b": "Parfait"})
        self.assertFalse(
            self.env["gpme.evaluation"].with_user(self.other_student).search([])
        )

    # ------------------------------------------------------------------
    # Conformity: NV only on the four cases
    # ------------------------------------------------------------------
    def test_nv_refused_without_one_of_the_four_cases(self):
        evaluation = self.as_user(self.commission)
        self.assertFalse(evaluation.nv_detected)
        for case in ("not_handed_in", "late", "internship", "unsigned"):
            with self.assertRaises(UserError):
                evaluation.action_declare_nv(case)
        with self.assertRaises(UserError):
            evaluation.action_declare_nv("too_few_fiches")
        self.assertEqual(self.evaluation.conformity, "pending")
        evaluation.action_confirm_conformity()
        self.assertEqual(self.evaluation.conformity, "conform")
        self.assertEqual(self.evaluation.conformity_user_id, self.commission)

    def test_composition_gaps_are_not_nv(self):
        # A dossier with a single fiche, handed in on time, internship done.
        self.dossier.situation_ids[1:].sudo().write({"state": "draft"})
        self.assertFalse(self.evaluation.nv_detected)

    def test_late_dossier_is_nv(self):
        self.e4_session.dossier_deadline = date(2027, 4, 9)
        evaluation = self.as_user(self.commission)
        with self.assertRaises(UserError):
            evaluation.action_confirm_conformity()
        self.assertEqual(self.evaluation.conformity, "pending")
        evaluation.action_declare_nv("late", "Remis le 10 avril")
        self.assertEqual(self.evaluation.mark_status, "nv")
        self.assertEqual(self.evaluation.mark_display, "NV")

    def test_short_internship_and_unsigned_documents(self):
        self.dossier.internship_ids[-1].sudo().unlink()
        self.assertIn("internship", self.evaluation._gpme_nv_cases())
        self.evaluation.sudo().internship_waiver = True
        self.assertNotIn("internship", self.evaluation._gpme_nv_cases())
        self.dossier.internship_ids[0].with_user(self.commission).write(
            {"stamped": False}
        )
        self.assertEqual(self.evaluation._gpme_nv_cases(), ["unsigned"])

    def test_not_handed_in_before_the_deadline(self):
        # Four months before the deadline the dossier may still come: « absence
        # de dépôt » is not a fact yet, and cannot be declared.
        with freeze_time("2026-12-15 09:00:00"):
            evaluation = (
                self.env["gpme.evaluation"]
                .with_user(self.admin)
                ._gpme_open_for_dossier(self.other_dossier)
            )
            self.assertEqual(evaluation._gpme_nv_cases(), [])
            with self.assertRaises(UserError):
                evaluation.with_user(self.other_jury).action_declare_nv("not_handed_in")
            self.assertEqual(evaluation.conformity, "pending")

    @freeze_time("2027-04-16 09:00:00")
    def test_not_handed_in(self):
        evaluation = (
            self.env["gpme.evaluation"]
            .with_user(self.admin)
            ._gpme_open_for_dossier(self.other_dossier)
        )
        self.assertEqual(evaluation._gpme_nv_cases(), ["not_handed_in"])
        jury = evaluation.with_user(self.other_jury).with_context(lang="fr_FR")
        # Their member records the NV but reads no draft and marks nothing.
        with self.assertRaises(AccessError):
            self.other_dossier.with_user(self.other_jury).read(["ctx_market"])
        line = jury.line_ids.filtered(lambda x: x.grid == "B")[0]
        self.assertRaisesFr(
            UserError, "n'a pas été déposé", lambda: line.write({"points": 1})
        )
        self.assertEqual(line.points, 0)
        jury.action_declare_nv("not_handed_in")
        self.assertEqual(evaluation.conformity, "non_conform")

    def test_nv_dossier_is_not_evaluated(self):
        self.evaluation.sudo().synoptic_attested = False
        self.as_user(self.commission).action_declare_nv("unsigned")
        line = self.evaluation.line_ids[0]
        with self.assertRaises(UserError):
            line.with_user(self.commission).write({"points": 1})
        self.assertEqual(line.points, 0)
        with self.assertRaises(UserError):
            self.as_user(self.commission).action_sign_a()
        with self.assertRaises(UserError):
            self.as_user(self.commission).action_draw()
        self.assertFalse(self.evaluation.signature_ids)

    def test_doubt_holds_the_mark_back(self):
        evaluation = self.as_user(self.commission)
        with self.assertRaises(UserError):
            evaluation.action_doubt("  ")
        evaluation.action_doubt("Attestation Gamma illisible")
        self.fill_grid(self.evaluation, "B")
        self.assertEqual(self.evaluation.mark_status, "held")
        self.assertIn("3,75 / 20", self.evaluation.mark_display)
        # The interrogation goes on: the commission can draw and sign.
        self.sign_grid_a(self.evaluation)
        evaluation.action_draw()
        evaluation.action_sign_b()

    # ------------------------------------------------------------------
    # Grids
    # ------------------------------------------------------------------
    def test_points_bounds_and_totals(self):
        self.as_user(self.commission).action_confirm_conformity()
        line = self.evaluation.line_ids.filtered(lambda x: x.grid == "B")[0]
        for points in (line.max_points + 0.5, -1):
            with self.assertRaises(ValidationError):
                line.with_user(self.commission).write({"points": points})
            self.assertEqual(line.points, 0)
        lines = self.fill_grid(self.evaluation, "A", "well_mastered")
        self.assertEqual(self.evaluation.total_a, sum(lines.mapped("max_points")))
        # A criterion added by the administrator would push A above 14.
        extra = self.env["gpme.grid.criterion"].create(
            {"code": "A_EXTRA", "name": "Extra", "situation": "A", "max_points": 2}
        )
        with self.assertRaises(ValidationError):
            self.env["gpme.evaluation.line"].with_user(self.admin).create(
                {
                    "evaluation_id": self.evaluation.id,
                    "criterion_id": extra.id,
                    "points": 2,
                }
            )
        self.assertEqual(
            len(self.evaluation.line_ids.filtered("criterion_id.code")),
            len(self.evaluation.line_ids),
        )
        self.assertNotIn(extra, self.evaluation.line_ids.criterion_id)

    def test_suggested_points_from_the_level(self):
        line = self.evaluation.line_ids.filtered(lambda x: x.grid == "A")[0]
        line.with_user(self.teacher).write(
            {"level_id": self.levels["well_mastered"].id}
        )
        self.assertEqual(line.suggested_points, line.max_points)
        self.assertEqual(line.points, line.max_points)
        line.with_user(self.teacher).write({"points": line.max_points - 0.5})
        self.assertEqual(line.suggested_points, line.max_points)

    def test_teacher_of_the_class_fills_both_grids(self):
        self.fill_grid(self.evaluation, "A", user=self.teacher)
        line_b = self.evaluation.line_ids.filtered(lambda x: x.grid == "B")[0]
        # The class's teacher sits in situation B's commission.
        line_b.with_user(self.teacher).write({"points": 1})
        self.as_user(self.teacher).write({"tutor_name": "M. Durand", "comment_b": "x"})
        # A teacher of another class does not.
        with self.assertRaises(AccessError):
            line_b.with_user(self.other_teacher).write({"points": 0})

    def test_signing_an_empty_grid_is_refused(self):
        with self.assertRaises(UserError):
            self.as_user(self.commission).action_sign_b()
        self.assertFalse(self.evaluation.signature_ids)

    def test_signed_grid_is_read_only_until_the_admin_unlocks(self):
        self.as_user(self.commission).action_confirm_conformity()
        lines = self.fill_grid(self.evaluation, "B")
        self.sign_grid_a(self.evaluation)  # situation B follows A
        self.as_user(self.commission).action_sign_b()
        signature = self.evaluation.signature_ids.filtered(lambda s: s.grid == "B")
        self.assertEqual(signature.user_id, self.commission)
        self.assertEqual(signature.grid, "B")
        for user in (self.commission, self.admin):
            with self.assertRaises(UserError):
                lines[0].with_user(user).write({"points": 0})
            with self.assertRaises(UserError):
                self.as_user(user).write({"comment_b": "Changé"})
        with self.assertRaises(UserError):
            signature.with_user(self.admin).unlink()
        with self.assertRaises(AccessError):
            self.as_user(self.commission).action_unlock("B", "Erreur de saisie")
        with self.assertRaises(UserError):
            self.as_user(self.admin).action_unlock("B", " ")
        self.assertTrue(self.evaluation.signed_b)
        self.as_user(self.admin).action_unlock("B", "Erreur de saisie")
        self.assertFalse(self.evaluation.signed_b)
        self.assertIn("Erreur de saisie", self.evaluation.message_ids[0].body)
        lines[0].with_user(self.commission).write({"points": 0})
        # Grid A keeps its signature.
        self.assertTrue(self.evaluation.signed_a)
        with self.assertRaises(UserError):
            self.fill_grid(self.evaluation, "A", "mastered")

    # ------------------------------------------------------------------
    # Situation B: the draw only picks eligible situations
    # ------------------------------------------------------------------
    def test_draw_only_eligible(self):
        situations = self.dossier.situation_ids
        grcf = situations.filtered("is_grcf")
        oral = situations.filtered("is_oral")
        # A GRCF fiche not validated is never drawn.
        grcf[1].sudo().state = "to_rework"
        evaluation = self.as_user(self.commission)
        with self.assertRaises(UserError):
            evaluation.action_draw()  # conformity not checked yet
        evaluation.action_confirm_conformity()
        self.sign_grid_a(self.evaluation)
        seen_oral = set()
        for seed in range(12):
            self.evaluation.work_sheet_ids.with_user(self.commission).unlink()
            evaluation.action_draw(rng=random.Random(seed))
            sheets = self.evaluation.work_sheet_ids
            self.assertEqual(sheets.mapped("kind"), ["grcf", "oral"])
            self.assertEqual(sheets[0].situation_id, grcf[0])
            self.assertIn(sheets[1].situation_id, oral)
            seen_oral.add(sheets[1].situation_id)
        self.assertEqual(seen_oral, set(oral))
        # A fiche chosen by hand must be eligible.
        with self.assertRaises(ValidationError):
            self.evaluation.work_sheet_ids[0].with_user(self.commission).write(
                {"situation_id": grcf[1].id}
            )
        with self.assertRaises(ValidationError):
            self.evaluation.work_sheet_ids[0].with_user(self.commission).write(
                {"situation_id": oral[0].id}
            )
        # The teacher does not write the fiches de travail.
        with self.assertRaises(AccessError):
            self.evaluation.work_sheet_ids[0].with_user(self.teacher).write(
                {"changes": "x"}
            )

    def test_ponctuelle_fiches_chosen_and_timer(self):
        evaluation = self.as_user(self.commission)
        evaluation.write({"form": "ponctuelle"})
        evaluation.action_confirm_conformity()
        # No draw: the commission chooses the GRCF and oral situations.
        with self.assertRaises(UserError):
            evaluation.action_draw()
        self.assertFalse(self.evaluation.work_sheet_ids)
        situations = self.dossier.situation_ids.filtered(
            lambda s: s.state == "validated"
        )
        grcf = situations.filtered("is_grcf")[:1]
        evaluation.write(
            {"work_sheet_p_ids": [(0, 0, {"kind": "grcf", "situation_id": grcf.id})]}
        )
        self.assertEqual(self.evaluation.work_sheet_ids.mapped("kind"), ["grcf"])
        evaluation.action_start_timer()
        self.assertEqual(self.evaluation.timer_phase, "preparation")
        self.assertEqual(
            (self.evaluation.timer_end - self.evaluation.timer_start).seconds, 7200
        )

    # ------------------------------------------------------------------
    # Internship attestations
    # ------------------------------------------------------------------
    def test_internship_dates_inverted_or_overlapping(self):
        Internship = self.env["gpme.internship"].with_user(self.other_student)
        draft = self.other_dossier  # the student's own draft
        before = Internship.search_count([])
        with self.assertRaises(ValidationError):
            Internship.create(
                {
                    "dossier_id": draft.id,
                    "employer": "Delta",
                    "date_from": date(2026, 6, 28),
                    "date_to": date(2026, 5, 18),
                }
            )
        self.add_internships(
            draft, rows=[("Alpha", "1", date(2026, 5, 18), date(2026, 6, 28))]
        )
        with self.assertRaises(ValidationError):
            Internship.create(
                {
                    "dossier_id": draft.id,
                    "employer": "Epsilon",
                    "date_from": date(2026, 6, 1),
                    "date_to": date(2026, 7, 10),
                }
            )
        self.assertEqual(Internship.search_count([]), before + 1)

    def test_handed_in_attestations_are_locked(self):
        internship = self.dossier.internship_ids[0]
        with self.assertRaises(UserError):
            internship.with_user(self.student).write({"weeks": 12})
        with self.assertRaises(UserError):
            internship.with_user(self.commission).write({"weeks": 12})
        internship.with_user(self.commission).write({"signed": False})
        self.assertFalse(internship.signed)
        # Someone else's handed-in dossier: refused without naming it.
        with self.assertRaises(UserError) as caught:
            self.env["gpme.internship"].with_user(self.other_student).create(
                {
                    "dossier_id": self.dossier.id,
                    "employer": "Intrus SARL",
                    "date_from": date(2027, 5, 3),
                    "date_to": date(2027, 5, 7),
                }
            )
        self.assertNotIn(self.dossier.sudo().name, str(caught.exception))
        self.assertEqual(len(self.dossier.internship_ids), 3)

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------
    @at_test_now
    def test_purge_only_after_the_next_session(self):
        Wizard = self.env["gpme.evaluation.purge.wizard"].with_user(self.admin)
        wizard = Wizard.create({"exam_session_id": self.e4_session.id})
        self.assertFalse(wizard.allowed)
        count = self.env["gpme.dossier"].search_count(
            [("exam_session_id", "=", self.e4_session.id)]
        )
        self.assertIn(f"{count} dossier(s)", wizard.summary)
        with self.assertRaises(UserError):
            wizard.action_purge()
        self.assertTrue(self.dossier.exists())
        self.assertTrue(self.evaluation.exists())
        with self.assertRaises(AccessError):
            self.env["gpme.evaluation.purge.wizard"].with_user(self.commission).create(
                {"exam_session_id": self.e4_session.id}
            )
        # The 2028 session is held: its situation B ended two days ago.
        later_session = exam_session(self.env, 2028)
        cohort = self.env["gpme.cohort"].create(
            {"name": "T-BTS GPME 2028", "exam_session_id": later_session.id}
        )
        later = self.make_dossier(
            self.other_student, cohort=cohort, commission_user_ids=[(5, 0, 0)]
        )
        later_eval = (
            self.env["gpme.evaluation"]
            .with_user(self.admin)
            ._gpme_open_for_dossier(later)
        )
        later_session.situation_b_end = TEST_TODAY - timedelta(days=2)
        wizard = Wizard.with_context(tz="UTC").create(
            {"exam_session_id": self.e4_session.id}
        )
        self.assertTrue(wizard.allowed)
        wizard.action_purge()
        self.assertFalse(self.dossier.exists())
        self.assertFalse(self.evaluation.exists())
        self.assertFalse(self.other_dossier.exists())
        self.assertTrue(later.exists())
        self.assertTrue(later_eval.exists())

    # ------------------------------------------------------------------
    # Bad input: clear French errors naming the field, nothing saved
    # ------------------------------------------------------------------
    def assertRaisesFr(self, exception, message, call):
        """The error is raised in a savepoint (nothing saved) and says it in
        French."""
        with self.assertRaises(exception) as caught:
            call()
        self.assertIn(message, str(caught.exception))

    def test_bad_input_in_french(self):
        fr = {"lang": "fr_FR"}
        jury = self.evaluation.with_user(self.commission).with_context(**fr)
        line = jury.line_ids.filtered(lambda x: x.grid == "B")[0]
        cases = [
            (
                lambda: line.write({"points": 9}),
                "Points du critère « %s » : 9.0 dépasse son maximum"
                % line.criterion_id.name,
            ),
            (
                lambda: line.write({"points": -1}),
                "Points du critère « %s » : -1.0 est négatif" % line.criterion_id.name,
            ),
            (jury.action_sign_b, "La grille B d'Élève A ne peut pas être signée vide"),
            (
                lambda: jury.action_declare_nv("late"),
                "Cas de non-conformité « Dépôt du dossier au-delà de la date fixée »",
            ),
        ]
        for call, message in cases:
            self.assertRaisesFr(Exception, message, call)
        self.assertEqual(line.points, 0)
        self.assertFalse(self.evaluation.signature_ids)
        self.assertEqual(self.evaluation.conformity, "pending")
        # Total above 14.
        extra = self.env["gpme.grid.criterion"].create(
            {"code": "A_EXTRA", "name": "Extra", "situation": "A", "max_points": 3}
        )
        self.fill_grid(self.evaluation, "A", "well_mastered")
        Line = self.env["gpme.evaluation.line"].with_user(self.admin)
        self.assertRaisesFr(
            ValidationError,
            "Total de la grille A : 16.0 dépasse 14.0",
            lambda: (
                Line.with_context(**fr)
                .create({"evaluation_id": self.evaluation.id, "criterion_id": extra.id})
                .write({"points": 2})
            ),
        )
        self.assertNotIn(extra, self.evaluation.line_ids.criterion_id)
        self.assertEqual(self.evaluation.total_a, 14)
        # Evaluating an NV dossier.
        self.evaluation.sudo().synoptic_attested = False
        jury.action_declare_nv("unsigned")
        self.assertRaisesFr(
            UserError,
            "est non conforme (NV) : il n'est pas évalué",
            lambda: line.write({"points": 1}),
        )
        # Internship dates.
        Internship = self.env["gpme.internship"].with_user(self.other_student)
        self.assertRaisesFr(
            ValidationError,
            "Dates du stage chez « Delta » : la date de fin précède",
            lambda: Internship.with_context(**fr).create(
                {
                    "dossier_id": self.other_dossier.id,
                    "employer": "Delta",
                    "date_from": date(2026, 6, 28),
                    "date_to": date(2026, 5, 18),
                }
            ),
        )
        self.assertFalse(self.other_dossier.internship_ids)
        # Purging before the next session.
        wizard = (
            self.env["gpme.evaluation.purge.wizard"]
            .with_user(self.admin)
            .with_context(**fr)
            .create({"exam_session_id": self.e4_session.id})
        )
        self.assertRaisesFr(
            UserError, "tenus à la disposition du jury", wizard.action_purge
        )
        self.assertTrue(self.dossier.exists())

    # ------------------------------------------------------------------
    # Grid A from the bilans
    # ------------------------------------------------------------------
    @at_test_now
    def test_grid_a_prefilled_from_the_bilans(self):
        criterion = self.env.ref("gpme_e4.criterion_perf_1_2_3")
        activity = self.env.ref("gpme_e4.activity_1_2")
        Review = self.env["gpme.review"].with_user(self.teacher)
        # The teacher writes the bilans during the year, before the hand-in
        # (they are locked after it).
        self.dossier.sudo().state = "draft"
        # Two bilans of the second year (session 2027: from 1 September 2026).
        for day, level in (
            (date(2026, 10, 5), "insufficient"),
            (date(2026, 10, 12), "mastered"),
        ):
            Review.create(
                {
                    "dossier_id": self.dossier.id,
                    "date": day,
                    "line_ids": [
                        Command.create(
                            {
                                "activity_id": activity.id,
                                "observed": "Devis dans le PGI.",
                                "position_ids": [
                                    Command.create(
                                        {
                                            "criterion_id": criterion.id,
                                            "level_id": self.levels[level].id,
                                        }
                                    )
                                ],
                            }
                        )
                    ],
                }
            )
        self.dossier.sudo().state = "validated"
        self.as_user(self.teacher).action_prefill_from_bilans()
        line = self.evaluation.line_ids.filtered(lambda x: x.criterion_id == criterion)
        # The latest bilan wins; positioned, not marked alone.
        self.assertEqual(line.bilan_level_id, self.levels["mastered"])
        self.assertEqual(line.level_id, self.levels["mastered"])
        self.assertEqual(line.points, 0)
        self.assertEqual(line.activity_id, activity)
