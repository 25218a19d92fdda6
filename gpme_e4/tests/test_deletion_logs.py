"""Deletions of handed-in work are logged where they can still be read
(issue 23): a fiche deleted from a submitted dossier is said in the
dossier's chatter; a dossier deleted leaves its reason in the E4 journal,
never a message on itself that would go with it."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import DossierFixtures


def fr(record):
    return record.with_context(lang="fr_FR")


@tagged("post_install", "-at_install")
class TestDeletionLogs(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_dossier()
        cls.fiche = cls.make_situation(cls.dossier, "Relance client", {"oral"}, [])
        cls.dossier.sudo().state = "submitted"

    def _journal(self, record):
        return (
            self.env["gpme.journal"]
            .sudo()
            .search([("res_model", "=", record._name), ("res_id", "=", record.id)])
        )

    def test_fiche_deleted_is_said_on_its_dossier(self):
        fiche = self.fiche.with_user(self.admin)
        name = self.fiche.display_name
        with self.assertRaisesRegex(UserError, "conservé dans le journal E4"):
            fr(fiche).unlink()
        fr(fiche).with_context(gpme_deletion_reason="Fiche en double").unlink()
        self.assertFalse(self.fiche.exists())
        self.assertEqual(self._journal(self.fiche).reason, "Fiche en double")
        # Said on the dossier that stays: the fiche, and its evidence.
        lines = self.dossier.message_ids.filtered(
            lambda m: "Fiche en double" in (m.body or "")
        )
        self.assertEqual(len(lines), 2)
        self.assertTrue(any(name in m.body for m in lines))
        self.assertTrue(any("Relance client – preuve 1" in m.body for m in lines))

    def test_dossier_deleted_keeps_its_reason_in_the_journal(self):
        messages = self.env["mail.message"].search_count([])
        dossier_id = self.dossier.id
        self.dossier.with_user(self.admin).with_context(
            gpme_deletion_reason="Inscription annulée"
        ).unlink()
        self.assertFalse(self.env["gpme.dossier"].browse(dossier_id).exists())
        entry = (
            self.env["gpme.journal"]
            .sudo()
            .search(
                [("res_model", "=", "gpme.dossier"), ("res_id", "=", dossier_id)],
                order="sequence desc",
                limit=1,
            )
        )
        self.assertEqual(entry.event, "delete")
        self.assertEqual(entry.reason, "Inscription annulée")
        # Nothing posted elsewhere in its place (the class's chatter is read
        # by the other students).
        self.assertLessEqual(self.env["mail.message"].search_count([]), messages)
