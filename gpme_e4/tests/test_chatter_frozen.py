"""The chatter of a locked E4 record is kept as written: over RPC, with the
users' own logins, nobody rewrites or deletes its messages or attaches files
to it, and tracked exam fields stay tracked whatever the client's context."""

import base64
from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import DossierFixtures, RpcAsUser


@tagged("post_install", "-at_install")
class TestChatterFrozen(RpcAsUser, DossierFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.student.sudo().lang = "fr_FR"
        cls.teacher.sudo().lang = "fr_FR"
        cls.dossier = cls.make_full_dossier(validated=False)
        fiches = cls.dossier.situation_ids
        fiches.sudo().write({"state": "submitted"})
        fiches.with_user(cls.teacher).with_context(lang="fr_FR").action_validate()
        cls.fiche = fiches[0]
        cls.env.invalidate_all()
        cls.validated_message = cls.env["mail.message"].search(
            [
                ("model", "=", "gpme.situation"),
                ("res_id", "=", cls.fiche.id),
                ("author_id", "=", cls.teacher.partner_id.id),
            ]
        )
        cls.dossier.with_user(cls.student).action_submit()
        cls.note = cls.dossier.with_user(cls.teacher).message_post(
            body="Note de l'enseignant", subtype_xmlid="mail.mt_note"
        )
        # The fixture's tracking is posted at commit (one transaction here,
        # one per request on a server): now, before the tests count messages.
        cls.env.flush_all()
        cls.env.cr.precommit.run()

    def test_student_cannot_rewrite_or_delete_the_teachers_messages(self):
        self.assertEqual(self.fiche._gpme_lock_state()[self.fiche.id], "locked")
        message = self.validated_message
        self.assertTrue(message, "the teacher's validation message")
        body = message.body
        # She is a recipient of it: mail would let her rewrite it.
        self.assertIn(self.student.partner_id, message.partner_ids)
        with self.assertRaisesRegex(Fault, "E4"):
            self.rpc(
                self.student,
                "mail.message",
                "write",
                [message.id],
                {"body": "La fiche a été refusée"},
            )
        with self.assertRaisesRegex(Fault, "E4"):
            self.rpc(self.student, "mail.message", "unlink", [self.note.id])
        self.env.invalidate_all()
        self.assertEqual(message.body, body)
        self.assertTrue(self.note.exists())
        # Neither may the commission member rewrite the teacher's note.
        with self.assertRaisesRegex(Fault, "E4"):
            self.rpc(
                self.commission,
                "mail.message",
                "write",
                [self.note.id],
                {"body": "Réécrite"},
            )

    def test_no_file_on_a_locked_fiche(self):
        attachment_id = self.rpc(
            self.student,
            "ir.attachment",
            "create",
            {
                "name": "faux.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 faux").decode(),
                "res_model": "mail.compose.message",
                "res_id": 0,
            },
        )
        with self.assertRaisesRegex(Fault, "E4|déposé|verrouill"):
            self.rpc(
                self.student,
                "mail.message",
                "create",
                {
                    "model": "gpme.situation",
                    "res_id": self.fiche.id,
                    "body": "Pièce ajoutée",
                    "message_type": "comment",
                    "attachment_ids": [(4, attachment_id)],
                },
            )
        self.assertFalse(
            self.env["mail.message"].search(
                [("model", "=", "gpme.situation"), ("body", "ilike", "Pièce ajoutée")]
            )
        )
        # Words remain possible: a comment without a file.
        self.rpc(
            self.student,
            "gpme.situation",
            "message_post",
            [self.fiche.id],
            body="Une question sur ma fiche",
            message_type="comment",
        )
        self.assertIn(
            "Une question sur ma fiche", "".join(self.fiche.message_ids.mapped("body"))
        )
        # The application's own postings (a kept document) remain allowed.
        self.fiche.sudo().message_post(
            body="Document conservé",
            attachments=[("conserve.pdf", b"%PDF-1.4 conserve")],
        )

    def test_own_comment_on_an_open_record_stays_editable(self):
        other = self.make_dossier(self.other_student)
        message = other.with_user(self.other_student).message_post(
            body="Brouillon de question", message_type="comment"
        )
        self.rpc(
            self.other_student,
            "mail.message",
            "write",
            [message.id],
            {"body": "Question corrigée"},
        )
        self.rpc(self.other_student, "mail.message", "unlink", [message.id])
        self.assertFalse(message.exists())

    def test_tracking_whatever_the_context(self):
        before = self.dossier.message_ids
        self.rpc(
            self.teacher,
            "gpme.dossier",
            "write",
            [self.dossier.id],
            {"candidate_number": "0123456789"},
            context={
                "tracking_disable": True,
                "mail_notrack": True,
                "mail_create_nolog": True,
            },
        )
        self.env.invalidate_all()
        new = self.dossier.message_ids - before
        tracked = new.tracking_value_ids.filtered(
            lambda t: t.field.name == "candidate_number"
        )
        self.assertEqual(tracked.new_value_char, "0123456789")
        self.assertEqual(new.author_id, self.teacher.partner_id)
