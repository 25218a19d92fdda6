"""Issue 20: workflow fields never come from the client. Over XML-RPC with
the users' own logins: a fiche created or copied by its student starts as a
draft without review or code of her choosing; a bilan is in the name of the
teacher who writes it; only teachers subscribe others to an E4 record; one
fiche de travail per kind; the teacher's return comment is text, not HTML;
a rule message cannot reach the internals of its values."""

from xmlrpc.client import Fault

from odoo.addons.gpme_e4.services import conformity
from odoo.tests import BaseCase, HttpCase, tagged

from .common import EvaluationFixtures, RpcAsUser


@tagged("post_install", "-at_install")
class TestWorkflowFields(RpcAsUser, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()

    def fiche_vals(self, **vals):
        return dict(
            {
                "dossier_id": self.other_dossier.id,
                "name": "Établir un devis",
                "is_grcf": True,
                "task_ids": [(6, 0, self.env.ref("gpme_e4.task_1_2_1").ids)],
            },
            **vals,
        )

    def test_fiche_created_or_copied_starts_as_draft(self):
        student = self.other_student
        forged = {
            "state": "to_rework",
            "review_comment": "À reprendre",
            "reviewed_by_id": self.other_teacher.id,
            "reviewed_date": "2027-01-10 10:00:00",
            "submitted_date": "2027-01-09 10:00:00",
            "code": "SP99",
        }
        before = self.env["gpme.situation"].sudo().search_count([])
        for name, value in forged.items():
            with self.assertRaises(Fault, msg=name):
                self.rpc(
                    student,
                    "gpme.situation",
                    "create",
                    self.fiche_vals(**{name: value}),
                )
        self.assertEqual(self.env["gpme.situation"].sudo().search_count([]), before)
        fiche_id = self.rpc(student, "gpme.situation", "create", self.fiche_vals())
        fiche = self.env["gpme.situation"].sudo().browse(fiche_id)
        self.assertEqual(fiche.state, "draft")
        # A returned fiche copied: the copy is a fresh draft.
        fiche.write(
            {
                "state": "to_rework",
                "review_comment": "À reprendre",
                "reviewed_by_id": self.other_teacher.id,
            }
        )
        copy_id = self.rpc(student, "gpme.situation", "copy", fiche_id, forged)
        copy = self.env["gpme.situation"].sudo().browse(copy_id)
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.review_comment or copy.reviewed_by_id)
        self.assertNotEqual(copy.code, "SP99")

    def test_bilan_in_the_writers_name(self):
        writer, colleague = self.other_teacher, self.teacher
        self.other_cohort.sudo().teacher_ids = [(4, colleague.id)]
        review_id = self.rpc(
            writer,
            "gpme.review",
            "create",
            {"dossier_id": self.other_dossier.id, "teacher_id": colleague.id},
        )
        review = self.env["gpme.review"].sudo().browse(review_id)
        self.assertEqual(review.teacher_id, writer)
        with self.assertRaises(Fault):
            self.rpc(
                writer,
                "gpme.review",
                "write",
                [review_id],
                {"teacher_id": colleague.id},
            )
        review.invalidate_recordset()
        self.assertEqual(review.teacher_id, writer)

    def test_only_teachers_subscribe_others(self):
        fiche = self.make_situation(self.other_dossier, "Relance client", "grcf", [])
        stranger = self.env["res.partner"].sudo().create({"name": "Inconnu"})
        student = self.other_student
        with self.assertRaises(Fault):
            self.rpc(
                student,
                "gpme.situation",
                "message_subscribe",
                [fiche.id],
                [stranger.id],
            )
        self.assertNotIn(stranger, fiche.message_partner_ids)
        # Following it herself is her right; her teacher adds others.
        self.rpc(
            student,
            "gpme.situation",
            "message_subscribe",
            [fiche.id],
            student.partner_id.ids,
        )
        self.rpc(
            self.other_teacher,
            "gpme.situation",
            "message_subscribe",
            [fiche.id],
            [stranger.id],
        )
        fiche.invalidate_recordset()
        self.assertIn(stranger, fiche.message_partner_ids)

    def test_one_work_sheet_per_kind(self):
        jury = self.commission
        self.rpc(
            jury, "gpme.evaluation", "action_confirm_conformity", [self.evaluation.id]
        )
        vals = {"evaluation_id": self.evaluation.id, "kind": "grcf"}
        self.rpc(jury, "gpme.work.sheet", "create", vals)
        with self.assertRaises(Fault) as caught:
            self.rpc(jury, "gpme.work.sheet", "create", vals, context={"lang": "fr_FR"})
        self.assertIn("une seule fiche par type", caught.exception.faultString)
        sheets = (
            self.env["gpme.work.sheet"]
            .sudo()
            .search([("evaluation_id", "=", self.evaluation.id)])
        )
        self.assertEqual(len(sheets), 1)

    def test_return_comment_is_text(self):
        fiche = self.make_situation(self.other_dossier, "Avoir client", "grcf", [])
        fiche.sudo().write({"state": "submitted"})
        self.rpc(
            self.other_teacher,
            "gpme.situation",
            "action_return",
            [fiche.id],
            '<a href="https://evil.example">Cliquez</a> <b>vite</b>',
        )
        [body] = [b for b in fiche.sudo().message_ids.mapped("body") if "Cliquez" in b]
        self.assertNotIn("<a ", body)
        self.assertNotIn("<b>", body)


@tagged("post_install", "-at_install", "gpme_unit")
class TestRuleMessageFormat(BaseCase):
    def test_placeholders_only(self):
        self.assertEqual(
            conformity.format_message("{count} sur {min}", count=3, min=6), "3 sur 6"
        )
        for template in (
            "{count.__class__}",
            "{count.__class__.__init__.__globals__}",
            "{count[0]}",
            "{count!r}",
            "{count:>999999}",
            "{unknown}",
        ):
            self.assertEqual(conformity.format_message(template, count=3), template)
