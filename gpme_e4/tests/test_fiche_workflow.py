from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import TransactionCase, new_test_user

from .common import new_fiche, setup_fiche_world
from .reference_dates import TEST_TODAY, at_test_now


class TestFicheWorkflow(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_fiche_world(cls)

    def _flush_tracking(self):
        # Tracking values are written at commit time.
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _review_activities(self, fiche):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "gpme.situation"),
                ("res_id", "=", fiche.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("gpme_e4.mail_activity_type_fiche_review").id,
                ),
            ]
        )

    def test_fiche_numbered_in_its_dossier(self):
        first = new_fiche(self.env, self.student1)
        second = new_fiche(self.env, self.student1, name="Relancer un client")
        other = new_fiche(self.env, self.student2)
        self.assertEqual((first.code, second.code, other.code), ("SP1", "SP2", "SP1"))
        self.assertEqual(first.dossier_id, self.dossier1)
        self.assertEqual(first.e4_activity_ids.mapped("code"), ["1.2"])

    def test_submit_schedules_activity_for_class_teachers(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        self.assertEqual(fiche.state, "submitted")
        activities = self._review_activities(fiche)
        self.assertEqual(activities.user_id, self.teacher_a)
        self.assertNotIn(self.teacher_b, activities.user_id)
        # The teacher finds it in their to-dos.
        todo = (
            self.env["gpme.situation"]
            .with_user(self.teacher_a)
            .search([("activity_ids.user_id", "=", self.teacher_a.id)])
        )
        self.assertIn(fiche, todo)

    def test_student_cannot_validate_own_fiche(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        with self.assertRaisesRegex(AccessError, "Seul un enseignant"):
            fiche.with_user(self.student1).action_validate()
        with self.assertRaisesRegex(UserError, "ne changent que par ses boutons"):
            fiche.with_user(self.student1).write({"state": "validated"})
        with self.assertRaisesRegex(UserError, "pas à la création"):
            self.env["gpme.situation"].with_user(self.student1).create(
                {"name": "Triche", "state": "validated"}
            )
        self.assertEqual(fiche.state, "submitted")

    def test_student_cannot_edit_after_submission_or_validation(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        with self.assertRaisesRegex(UserError, "Vous ne pouvez pas modifier"):
            fiche.with_user(self.student1).write({"objective": "Changer après coup"})
        fiche.with_user(self.teacher_a).action_validate()
        self.assertEqual(fiche.state, "validated")
        self.assertEqual(fiche.reviewed_by_id, self.teacher_a)
        self.assertFalse(self._review_activities(fiche), "the to-do is done")
        with self.assertRaisesRegex(
            UserError, "« Analyse de la situation ».*« Validée »"
        ):
            fiche.with_user(self.student1).write({"analysis": "Réécriture"})
        with self.assertRaisesRegex(UserError, "Vous ne pouvez pas modifier"):
            fiche.with_user(self.student1).write(
                {
                    "software_line_ids": [
                        (
                            0,
                            0,
                            {
                                "tool_id": self.env.ref("gpme_e4.tool_spreadsheet").id,
                                "software_name": "Calc",
                                "version": "7",
                            },
                        )
                    ]
                }
            )
        with self.assertRaisesRegex(
            UserError, "supprimer cet enregistrement.*« Validée »"
        ):
            fiche.with_user(self.student1).unlink()
        self.assertFalse(fiche.analysis)

    def test_student_cannot_read_another_students_fiche(self):
        fiche = new_fiche(self.env, self.student1)
        with self.assertRaises(AccessError):
            fiche.with_user(self.student2).read(["name"])
        visible = self.env["gpme.situation"].with_user(self.student2).search([])
        self.assertNotIn(fiche, visible)
        # Nor slip a fiche into another student's dossier.
        with self.assertRaises(AccessError):
            new_fiche(self.env, self.student2, dossier_id=self.dossier1.id)
        with self.assertRaises(AccessError):
            self.env["gpme.situation.software"].with_user(self.student2).create(
                {
                    "situation_id": fiche.id,
                    "tool_id": self.env.ref("gpme_e4.tool_phone").id,
                }
            )

    def test_teacher_of_another_class_cannot_review(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        with self.assertRaises(AccessError):
            fiche.with_user(self.teacher_b).action_validate()
        with self.assertRaises(AccessError):
            fiche.with_user(self.teacher_b).action_return("Non")
        self.assertEqual(fiche.state, "submitted")
        # Even when they may read it (as a commission member of this dossier),
        # only the class's teachers review it.
        self.teacher_b.groups_id |= self.env.ref("gpme_e4.group_commission")
        self.dossier1.commission_user_ids = self.teacher_b
        with self.assertRaisesRegex(AccessError, "Seul un enseignant"):
            fiche.with_user(self.teacher_b).action_validate()
        self.assertEqual(fiche.state, "submitted")

    def test_return_with_comment_notifies_student(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        with self.assertRaisesRegex(UserError, "commentaire"):
            fiche.with_user(self.teacher_a).action_return("  ")
        fiche.with_user(self.teacher_a).action_return("Précisez les acteurs.")
        self.assertEqual(fiche.state, "to_rework")
        self.assertEqual(fiche.review_comment, "Précisez les acteurs.")
        self.assertFalse(self._review_activities(fiche))
        message = fiche.message_ids.filtered(
            lambda m: "Précisez les acteurs." in (m.body or "")
        )
        self.assertTrue(message)
        self.assertEqual(message.author_id, self.teacher_a.partner_id)
        self.assertIn(self.student1.partner_id, message.notification_ids.res_partner_id)
        # The student may rework and hand in again.
        fiche.with_user(self.student1).write({"actors": "Le gérant et M. Roux"})
        fiche.with_user(self.student1).action_submit()
        self.assertEqual(fiche.state, "submitted")
        self.assertFalse(fiche.review_comment)

    def test_reopen_keeps_reason_in_chatter(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        fiche.with_user(self.teacher_a).action_validate()
        with self.assertRaisesRegex(UserError, "motif"):
            fiche.with_user(self.teacher_a).action_reopen("")
        with self.assertRaises(AccessError):
            fiche.with_user(self.student1).action_reopen("Je veux modifier")
        wizard = (
            self.env["gpme.situation.review.wizard"]
            .with_user(self.teacher_a)
            .create(
                {
                    "situation_ids": [(6, 0, fiche.ids)],
                    "mode": "reopen",
                    "comment": "Ajouter la relance du 12 mars",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(fiche.state, "to_rework")
        bodies = fiche.message_ids.mapped("body")
        self.assertTrue(
            any("Ajouter la relance du 12 mars" in b for b in bodies), bodies
        )
        fiche.with_user(self.student1).write({"analysis": "Avec la relance"})
        self.assertEqual(fiche.analysis, "Avec la relance")

    def test_changes_tracked_after_submission_only(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).write({"objective": "Premier jet"})
        self._flush_tracking()
        tracked = fiche.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field.name == "objective"
        )
        self.assertFalse(tracked, "a draft is not tracked")
        fiche.with_user(self.student1).action_submit()
        fiche.with_user(self.teacher_a).action_return("Objectif à chiffrer")
        fiche.with_user(self.student1).write({"objective": "Signer avant le 30"})
        self._flush_tracking()
        tracked = fiche.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field.name == "objective"
        )
        self.assertEqual(tracked.old_value_text, "Premier jet")
        self.assertEqual(tracked.new_value_text, "Signer avant le 30")

    @at_test_now
    def test_bad_dates_french_errors(self):
        today = TEST_TODAY
        with self.assertRaisesRegex(
            ValidationError, "période de réalisation est dans le futur"
        ):
            new_fiche(
                self.env, self.student1, period_date=today + relativedelta(months=1)
            )
        with self.assertRaisesRegex(ValidationError, "date de fin est antérieure"):
            new_fiche(
                self.env,
                self.student1,
                date_start=today - relativedelta(days=3),
                date_end=today - relativedelta(days=5),
            )
        fiche = new_fiche(self.env, self.student1, period_date=today.replace(day=1))
        with self.assertRaisesRegex(ValidationError, "date de début est dans le futur"):
            with self.env.cr.savepoint():
                fiche.with_user(self.student1).write(
                    {"date_start": today + relativedelta(days=1)}
                )
        fiche.invalidate_recordset()
        self.assertFalse(fiche.date_start, "nothing half-written")

    def test_grcf_without_activity_cannot_be_handed_in(self):
        fiche = new_fiche(self.env, self.student1, task_ids=[])
        self.assertIn("au moins une activité", fiche.kind_warning)
        with self.assertRaisesRegex(
            ValidationError, "fiche GRCF doit porter sur au moins une activité"
        ):
            fiche.with_user(self.student1).action_submit()
        self.assertEqual(fiche.state, "draft")
        no_kind = new_fiche(self.env, self.student1, is_grcf=False)
        with self.assertRaisesRegex(ValidationError, "cochez au moins un type"):
            no_kind.with_user(self.student1).action_submit()

    def test_software_line_without_version(self):
        fiche = new_fiche(self.env, self.student1)
        Line = self.env["gpme.situation.software"].with_user(self.student1)
        with (
            self.assertRaisesRegex(
                ValidationError, "version du logiciel « LibreOffice Calc »"
            ),
            self.env.cr.savepoint(),
        ):
            Line.create(
                {
                    "situation_id": fiche.id,
                    "tool_id": self.env.ref("gpme_e4.tool_spreadsheet").id,
                    "software_name": "LibreOffice Calc",
                }
            )
        with (
            self.assertRaisesRegex(ValidationError, "nom du logiciel"),
            self.env.cr.savepoint(),
        ):
            Line.create(
                {
                    "situation_id": fiche.id,
                    "tool_id": self.env.ref("gpme_e4.tool_word").id,
                    "version": "7.6",
                }
            )
        # An oral tool is not software: no version asked.
        oral = Line.create(
            {"situation_id": fiche.id, "tool_id": self.env.ref("gpme_e4.tool_phone").id}
        )
        fiche.invalidate_recordset()
        self.assertEqual(fiche.software_line_ids, oral)

    def test_kind_warnings(self):
        fiche = new_fiche(self.env, self.student1, is_written=True, is_oral=True)
        self.assertIn("écrits professionnels", fiche.kind_warning)
        self.assertIn("outil de communication orale", fiche.kind_warning)
        fiche.with_user(self.student1).write(
            {
                "written_outputs": "Courriel de relance",
                "tool_ids": [(4, self.env.ref("gpme_e4.tool_phone").id)],
                "oral_nature": "phone",
                "written_support": "email",
            }
        )
        self.assertFalse(fiche.kind_warning)

    def test_new_fiche_form_creates_no_dossier(self):
        """Opening an empty « new fiche » form writes nothing; the dossier
        was opened when the student joined her class (issue 23), and her
        first fiche goes into it."""
        student = new_test_user(
            self.env, "t_fiche_no_dossier", groups="gpme_e4.group_student"
        )
        Dossier = self.env["gpme.dossier"].sudo()
        Situation = self.env["gpme.situation"].with_user(student)
        self.assertFalse(Situation.default_get(["dossier_id"]).get("dossier_id"))
        student.gpme_cohort_id = self.cohort_a
        dossier = Dossier.search([("student_id", "=", student.id)])
        self.assertEqual(len(dossier), 1)
        count = Dossier.search_count([])
        defaults = Situation.default_get(["dossier_id", "name"])
        self.assertEqual(defaults.get("dossier_id"), dossier.id)
        self.assertEqual(Dossier.search_count([]), count)
        fiche = Situation.create({"name": "Première fiche"})
        self.assertEqual(Dossier.search([("student_id", "=", student.id)]), dossier)
        self.assertEqual(fiche.dossier_id, dossier)
        self.assertEqual(dossier.cohort_id, self.cohort_a)
        # The next form proposes that dossier, still without writing.
        self.assertEqual(
            Situation.default_get(["dossier_id"])["dossier_id"], dossier.id
        )
