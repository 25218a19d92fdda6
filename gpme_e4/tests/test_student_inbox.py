"""The student's loop inside Odoo: E4 users read their notifications in
Odoo's inbox, and each decision on a fiche, a dossier, a bilan or a mark
reaches the student there (no e-mail needed on a training server)."""

import importlib.util
import pathlib
from datetime import timedelta

from odoo.tests.common import TransactionCase, new_test_user, tagged

from .common import EvidenceFixture, inbox_notifications
from .reference_dates import TEST_TODAY, at_test_now

MIGRATION = (
    pathlib.Path(__file__).resolve().parent.parent
    / "migrations"
    / "16.0.2.1.0"
    / "post-e4-users-inbox.py"
)


@tagged("post_install", "-at_install")
class TestStudentInbox(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        cls.admin = new_test_user(
            cls.env, "inbox_admin", groups="gpme_e4.group_admin", name="Admin E4"
        )

    def _inbox(self, user, record):
        return inbox_notifications(self.env, user, record)

    def _no_mail_to(self, user):
        self.assertFalse(
            self.env["mail.mail"].search(
                [("recipient_ids", "in", user.partner_id.ids)]
            ),
            "nothing sent by e-mail",
        )

    def test_e4_users_get_the_inbox(self):
        for user in (self.student1, self.teacher, self.admin):
            self.assertEqual(user.notification_type, "inbox", user.login)
        other = new_test_user(self.env, "inbox_other", groups="base.group_user")
        self.assertEqual(other.notification_type, "email")
        # Given a role later (the commission picker adds the group).
        self.env.ref("gpme_e4.group_commission").write({"users": [(4, other.id)]})
        self.assertEqual(other.notification_type, "inbox")
        # Existing E4 users, by the migration; a user outside E4 is left alone.
        self.student1.sudo().notification_type = "email"
        outsider = new_test_user(self.env, "inbox_outsider", groups="base.group_user")
        spec = importlib.util.spec_from_file_location("gpme_inbox_mig", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "16.0.2.0.0")
        self.student1.invalidate_recordset(["notification_type"])
        self.assertEqual(self.student1.notification_type, "inbox")
        self.assertEqual(outsider.notification_type, "email")

    @at_test_now
    def test_decisions_reach_the_student_inbox(self):
        # Fiche validated by the teacher.
        self.situation1.sudo().state = "submitted"
        self.situation1.with_user(self.teacher).action_validate()
        self.assertTrue(self._inbox(self.student1, self.situation1))
        # Fiche returned for rework.
        self.situation1b.sudo().state = "submitted"
        self.situation1b.with_user(self.teacher).action_return("Joindre la facture.")
        notif = self._inbox(self.student1, self.situation1b)
        self.assertIn("Joindre la facture.", notif.mail_message_id.body)
        # Dossier returned to the student.
        self.dossier1.sudo().state = "submitted"
        self.dossier1.with_user(self.teacher).with_context(
            lang="fr_FR"
        ).action_reset_draft()
        notif = self._inbox(self.student1, self.dossier1)
        self.assertEqual(len(notif), 1)
        self.assertIn("renvoyé par Prof Evidence", notif.mail_message_id.body)
        # A bilan recorded by the teacher.
        review = (
            self.env["gpme.review"]
            .with_user(self.teacher)
            .create({"dossier_id": self.dossier1.id, "date": TEST_TODAY - timedelta(1)})
        )
        self.assertTrue(self._inbox(self.student1, review))
        # The classmate hears of none of it.
        self.assertFalse(
            self.env["mail.notification"].search(
                [("res_partner_id", "=", self.student2.partner_id.id)]
            )
        )
        self._no_mail_to(self.student1)

    def test_published_mark_reaches_the_student(self):
        self.dossier1.sudo().state = "validated"
        evaluation = (
            self.env["gpme.evaluation"].sudo()._gpme_open_for_dossier(self.dossier1)
        )
        evaluation.write({"conformity": "non_conform"})
        evaluation.with_user(self.admin).action_publish()
        self.assertTrue(self._inbox(self.student1, evaluation))
        self._no_mail_to(self.student1)
