from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common import CONTEXT_FIELDS, DossierFixtures, exam_session

STATES = ["draft", "submitted", "validated", "evaluation", "evaluated", "archived"]


def fr(record):
    return record.with_context(lang="fr_FR")


class TestDossierWorkflow(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()

    # --- One dossier per student and session -------------------------------
    def test_second_dossier_same_session_refused(self):
        self.make_dossier()
        with self.assertRaisesRegex(
            ValidationError, "Élève A a déjà un dossier E4 pour la session 2027"
        ):
            with self.env.cr.savepoint():
                fr(self.env["gpme.dossier"]).create(
                    {"student_id": self.student.id, "cohort_id": self.cohort.id}
                )
        # Another class of the same session is the same session.
        with self.assertRaisesRegex(ValidationError, "un dossier par session"):
            with self.env.cr.savepoint():
                fr(self.env["gpme.dossier"]).create(
                    {"student_id": self.student.id, "cohort_id": self.other_cohort.id}
                )
        self.assertEqual(
            self.env["gpme.dossier"].search_count(
                [("student_id", "=", self.student.id)]
            ),
            1,
        )

    def test_student_creates_only_their_own_dossier(self):
        Dossier = fr(self.env["gpme.dossier"].with_user(self.student))
        with self.assertRaisesRegex(AccessError, "son propre dossier"):
            Dossier.create(
                {"student_id": self.other_student.id, "cohort_id": self.cohort.id}
            )
        with self.assertRaisesRegex(AccessError, "son propre dossier"):
            Dossier.create({"cohort_id": self.other_cohort.id})
        dossier = Dossier.create({})
        self.assertEqual(dossier.student_id, self.student)
        self.assertEqual(dossier.cohort_id, self.cohort)
        self.assertEqual(dossier.state, "draft")

    # --- Locks, as real users, at each state --------------------------------
    def _can(self, user, action):
        """Whether `user` may do `action` (a callable taking the env); nothing
        is kept either way."""
        try:
            with self.env.cr.savepoint():
                action(self.env(user=user))
                self.env.flush_all()
        except (AccessError, UserError):
            return False
        return True

    def test_lock_matrix(self):
        dossier = self.make_dossier()
        situation = self.make_situation(dossier, "Vente", {"grcf"}, ["1.2.1"])
        evidence = situation.evidence_ids

        def write_context(env):
            env["gpme.dossier"].browse(dossier.id).ctx_market = "<p>Marché</p>"

        def write_number(env):
            env["gpme.dossier"].browse(dossier.id).candidate_number = "0271"

        def add_commission(env):
            env["gpme.dossier"].browse(dossier.id).commission_user_ids = [
                (4, self.other_teacher.id)
            ]

        def create_situation(env):
            env["gpme.situation"].create(
                {"dossier_id": dossier.id, "name": "Nouvelle situation"}
            )

        def write_situation(env):
            env["gpme.situation"].browse(situation.id).name = "Vente modifiée"

        def write_evidence(env):
            env["gpme.evidence"].browse(evidence.id).note = "Note"

        def follow(env):
            env["gpme.dossier"].browse(dossier.id).message_subscribe(
                partner_ids=env.user.partner_id.ids
            )

        actions = {
            "context": write_context,
            "number": write_number,
            "commission": add_commission,
            "new situation": create_situation,
            "edit situation": write_situation,
            "edit evidence": write_evidence,
        }
        open_states = {"draft"}
        number_states = {"draft", "submitted", "validated"}
        expected = {
            # user: {action: states where it is allowed}
            "student": {
                "context": open_states,
                # The header is the school's: read-only for the student, on
                # her form as in the lock rules (issue 22).
                "number": set(),
                "commission": set(),
                "new situation": open_states,
                "edit situation": open_states,
                "edit evidence": open_states,
            },
            "teacher": {
                "context": set(),
                "number": number_states,
                "commission": set(),
                "new situation": set(),
                "edit situation": set(),  # the fiche is the student's own text
                "edit evidence": set(),
            },
            "other_teacher": dict.fromkeys(actions, set()),
            "commission": dict.fromkeys(actions, set()),
            "admin": dict.fromkeys(actions, set(STATES)),
        }
        users = {
            "student": self.student,
            "teacher": self.teacher,
            "other_teacher": self.other_teacher,
            "commission": self.commission,
            "admin": self.admin,
        }
        got = {}
        for state in STATES:
            dossier.sudo().state = state
            for who, user in users.items():
                for name, action in actions.items():
                    if self._can(user, action):
                        got.setdefault(who, {}).setdefault(name, set()).add(state)
            # Following the dossier (chatter) stays possible once locked.
            self.assertTrue(self._can(self.student, follow), state)
        for who, by_action in expected.items():
            for name, states in by_action.items():
                self.assertEqual(
                    got.get(who, {}).get(name, set()),
                    states,
                    f"{who} / {name}",
                )

    def test_form_knows_who_may_edit_the_context(self):
        dossier = self.make_dossier()
        self.assertTrue(dossier.with_user(self.student).can_edit_context)
        self.assertFalse(dossier.with_user(self.teacher).can_edit_context)
        self.assertFalse(dossier.with_user(self.commission).can_edit_context)
        dossier.sudo().state = "submitted"
        self.assertFalse(dossier.with_user(self.student).can_edit_context)
        self.assertTrue(dossier.with_user(self.admin).can_edit_context)

    def test_locked_message_in_french(self):
        dossier = self.make_dossier()
        dossier.sudo().state = "submitted"
        with self.assertRaisesRegex(
            UserError, "Vous ne pouvez pas modifier .* : il est « Déposé »"
        ):
            fr(dossier.with_user(self.student)).ctx_market = "<p>Trop tard</p>"

    def test_state_only_through_buttons(self):
        dossier = self.make_dossier()
        with self.assertRaises(UserError):
            dossier.with_user(self.teacher).state = "validated"
        self.assertEqual(dossier.state, "draft")

    def test_transitions_by_role(self):
        dossier = self.make_full_dossier()
        as_ = dossier.with_user
        with self.assertRaises(AccessError):
            as_(self.teacher).action_submit()
        as_(self.student).action_submit()
        self.assertEqual(dossier.state, "submitted")
        for user in (self.student, self.commission, self.other_teacher):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                as_(user).action_validate()
        as_(self.teacher).action_reset_draft()
        self.assertEqual(dossier.state, "draft")
        as_(self.student).action_submit()
        as_(self.teacher).action_validate()
        self.assertEqual(dossier.state, "validated")
        for user in (self.student, self.teacher):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                as_(user).action_start_evaluation()
        as_(self.commission).action_start_evaluation()
        as_(self.commission).action_mark_evaluated()
        self.assertEqual(dossier.state, "evaluated")
        for user in (self.student, self.teacher, self.commission):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                as_(user).action_archive_dossier()
        as_(self.admin).action_archive_dossier()
        self.assertEqual(dossier.state, "archived")
        with self.assertRaisesRegex(UserError, "« Archivé »"):
            fr(as_(self.admin)).action_validate()

    # --- Submission ---------------------------------------------------------
    def test_submit_refused_with_blocking_list(self):
        dossier = self.make_full_dossier(validated=False)
        dossier.sudo().ctx_pricing = False
        dossier.sudo().ctx_process = "<p><br></p>"
        with self.assertRaises(UserError) as caught:
            fr(dossier.with_user(self.student)).action_submit()
        message = str(caught.exception)
        self.assertIn("ne peut pas encore être déposé", message)
        self.assertIn("Rubrique(s) du contexte commercial à compléter", message)
        self.assertIn("Principes généraux de tarification", message)
        self.assertIn("Processus d'achat et de vente", message)
        self.assertIn("Fiche(s) non validée(s) par l'équipe pédagogique", message)
        self.assertIn("SP1, SP2, SP3, SP4, SP5, SP6", message)
        # Penalising findings do not block: they are not in the list.
        self.assertNotIn("Il manque", message)
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.indicators_frozen)

    def test_submit_snapshots_evidence_and_freezes(self):
        dossier = self.make_full_dossier(evidence=2)
        evidence = dossier.situation_ids.evidence_ids
        self.assertEqual(len(evidence), 12)
        self.assertEqual(evidence.snapshot_ids.mapped("reason"), ["tagging"] * 12)
        # The first document of each fiche changed since it was tagged: the
        # hand-in adds a version to those six; the others keep the one they had.
        changed = evidence.filtered(lambda e: e.res_id == self.evidence_partners[0].id)
        self.assertEqual(len(changed), 6)
        self.evidence_partners[0].name = "Client preuve renommé"
        dossier.with_user(self.student).action_submit()
        for each in evidence:
            self.assertEqual(
                each.snapshot_ids.sorted("version").mapped("reason"),
                ["tagging", "submission"] if each in changed else ["tagging"],
                each.name,
            )
        for snapshot in changed.last_snapshot_id:
            self.assertIn("Client preuve renomm", snapshot.frozen_values)
        self.assertEqual(dossier.state, "submitted")
        self.assertTrue(dossier.indicators_frozen)
        self.assertTrue(dossier.submitted_date)
        self.assertEqual(
            set(dossier.indicator_ids.mapped("code")),
            {
                "turnover",
                "customers_top",
                "customers_tag",
                "purchases_supplier",
                "purchases_category",
                "delay_customer",
                "delay_supplier",
                "terms_customer",
                "terms_supplier",
                "ageing_customer",
                "ageing_supplier",
                "textbook_delay_customer",
                "textbook_delay_supplier",
            },
        )
        with self.assertRaisesRegex(UserError, "figés au dépôt"):
            fr(dossier.with_user(self.student)).action_refresh_indicators()

    def test_penalising_findings_do_not_block(self):
        dossier = self.make_dossier()
        self.fill_context(dossier)
        self.make_situation(
            dossier, "Seule fiche", {"grcf"}, ["1.2.1"], state="validated"
        )
        self.assertEqual(dossier.conformity_blocking_count, 0)
        self.assertGreater(dossier.conformity_issue_count, 3)
        dossier.with_user(self.student).action_submit()
        self.assertEqual(dossier.state, "submitted")

    # --- Checklist ----------------------------------------------------------
    def test_checklist_names_what_is_missing(self):
        dossier = self.make_full_dossier()
        self.assertEqual(dossier.conformity_issue_count, 0)
        written = dossier.situation_ids.filtered("is_written")
        written.sudo().write({"with_customer": False})
        dossier.invalidate_recordset()
        html = fr(dossier.with_user(self.student)).conformity_html
        self.assertIn(
            "Il manque une fiche de communication écrite avec un client.", html
        )
        self.assertEqual(dossier.conformity_issue_count, 1)
        self.assertEqual(dossier.conformity_blocking_count, 0)
        dossier.sudo().ctx_identity = False
        dossier.invalidate_recordset()
        self.assertEqual(dossier.conformity_blocking_count, 1)
        self.assertIn(
            "Carte d&#39;identité de l&#39;entreprise", fr(dossier).conformity_html
        )

    def test_multi_kind_setting(self):
        dossier = self.make_full_dossier()
        # SP4 (written) becomes GRCF and written, SP2 (GRCF) becomes oral.
        sp = {s.code: s for s in dossier.situation_ids}
        sp["SP4"].sudo().is_grcf = True
        sp["SP2"].sudo().write({"is_grcf": False, "is_oral": True})
        dossier.invalidate_recordset()
        html = fr(dossier).conformity_html
        self.assertIn("plusieurs quotas", html)
        self.assertIn("SP4", html)
        self.assertEqual(dossier.conformity_issue_count, 1)
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.multi_kind_counts", "one"
        )
        dossier.invalidate_recordset()
        html = fr(dossier).conformity_html
        self.assertNotIn("plusieurs quotas", html)
        # SP4 now counts once: both quotas miss one, GRCF comes first.
        self.assertIn("Il manque 1 fiche(s) de communication écrite", html)

    def test_checklist_query_count(self):
        """12 situations and 60 evidence: a constant number of queries."""
        dossier = self.make_dossier()
        self.fill_context(dossier)
        for i in range(12):
            self.make_situation(
                dossier, f"Situation {i}", {"grcf"}, ["1.2.1", "1.6.1"], evidence=5
            )
        self.assertEqual(len(dossier.situation_ids.evidence_ids), 60)
        dossier = dossier.with_user(self.teacher)
        self.assertTrue(dossier.conformity_html)  # warms the ORM caches
        self.env.invalidate_all()
        with self.assertQueryCount(28):
            self.assertTrue(dossier.conformity_html)
        # A class of dossiers costs the same number of queries as one.
        others = self.env["gpme.dossier"]
        for n in range(3):
            student = self.env["res.users"].create(
                {
                    "name": f"E{n}",
                    "login": f"t_dossier_qc{n}",
                    "gpme_cohort_id": self.cohort.id,
                }
            )
            other = self.make_dossier(student)
            self.make_situation(other, "S", {"oral"}, ["1.3.1"], evidence=3)
            others |= other
        # Creating users clears the registry caches (the compiled checklist
        # template among them): warm them again, as in production.
        (dossier | others.with_user(self.teacher)).mapped("conformity_html")
        self.env.invalidate_all()
        with self.assertQueryCount(30):
            (dossier | others.with_user(self.teacher)).mapped("conformity_html")

    # --- Repeating student --------------------------------------------------
    def test_carry_over_for_repeating_student(self):
        previous = self.make_full_dossier(evidence=2)
        previous.sudo().state = "evaluated"
        next_cohort = self.env["gpme.cohort"].create(
            {
                "name": "T-BTS GPME A redoublants",
                "exam_session_id": exam_session(self.env, 2028).id,
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        self.student.gpme_cohort_id = next_cohort
        dossier = self.env["gpme.dossier"].with_user(self.student).create({})
        self.assertEqual(dossier.session_year, 2028)
        dossier.previous_dossier_id = previous
        dossier.action_carry_over()
        self.assertEqual(
            dossier.situation_ids.mapped("code"), previous.situation_ids.mapped("code")
        )
        self.assertEqual(
            dossier.situation_ids.mapped("name"), previous.situation_ids.mapped("name")
        )
        self.assertEqual(set(dossier.situation_ids.mapped("state")), {"draft"})
        self.assertEqual(len(dossier.situation_ids.evidence_ids), 12)
        # The previous dossier is untouched, and it is done once only.
        self.assertEqual(len(previous.situation_ids), 6)
        self.assertEqual(set(previous.situation_ids.mapped("state")), {"validated"})
        with self.assertRaisesRegex(UserError, "déjà été reprises"):
            fr(dossier).action_carry_over()

    @mute_logger("odoo.models")
    def test_previous_dossier_must_be_earlier_and_own(self):
        other = self.make_dossier(self.other_student)
        dossier = self.make_dossier()
        with self.assertRaisesRegex(ValidationError, "même élève"):
            fr(dossier).sudo().previous_dossier_id = other

    def test_context_sections_are_the_twelve(self):
        labels = self.env["gpme.dossier"]._gpme_context_sections()
        self.assertEqual([name for name, __ in labels], CONTEXT_FIELDS)
