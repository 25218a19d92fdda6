"""The student's loop inside Odoo, in headless Chromium on the demo class:
the returned fiche read from the inbox and handed in again, the first fiche
from the home, a fiche created on the fly in the tag wizard."""

from odoo.tests import HttpCase, tagged

from .common import inbox_notifications
from .tour_common import AxeTourMixin

COMMENT = "Précisez le délai de remplacement promis au client."


@tagged("post_install", "-at_install")
class TestStudentLoopTours(AxeTourMixin, HttpCase):
    def setUp(self):
        super().setUp()
        self.hugo = self.env.ref("gpme_e4_demo.demo_user_student2")
        self.warm_assets(self.hugo.login)
        # No PDF rendered inside the tagging request (see test_tours_daily).
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "0"
        )

    def _fiche(self, student, name):
        return self.env["gpme.situation"].search(
            [("student_id", "=", student.id), ("name", "ilike", name)]
        )

    def _inbox(self, user, record):
        return inbox_notifications(self.env, user, record)

    def test_student_reworks_a_returned_fiche_from_her_inbox(self):
        prof = self.env.ref("gpme_e4_demo.demo_user_teacher")
        fiche = self._fiche(self.hugo, "Traiter la réclamation")
        self.assertEqual(fiche.state, "submitted")
        fiche.with_user(prof).action_return(COMMENT)
        inbox_before = {
            teacher: len(self._inbox(teacher, fiche))
            for teacher in fiche.cohort_id.teacher_ids
        }
        self.run_axe_tour(
            "/web",
            "gpme_e4_student_reworks_from_inbox",
            self.hugo.login,
            ["returned fiche"],
        )
        self.assertEqual(fiche.state, "submitted")
        self.assertIn("48 heures", fiche.constraints)
        # Handed in again: each teacher of the class has a review to-do,
        # announced in his Odoo inbox.
        for teacher in fiche.cohort_id.teacher_ids:
            todo = fiche.activity_ids.filtered(lambda a, t=teacher: a.user_id == t)
            self.assertEqual(len(todo), 1, teacher.login)
            self.assertGreater(
                len(self._inbox(teacher, fiche)), inbox_before[teacher], teacher.login
            )
        # She read the notification by opening it.
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("res_partner_id", "=", self.hugo.partner_id.id),
                    ("mail_message_id.model", "=", "gpme.situation"),
                    ("mail_message_id.res_id", "=", fiche.id),
                    ("is_read", "=", False),
                ]
            )
        )

    def test_first_login_describes_her_first_situation(self):
        yanis = self.env.ref("gpme_e4_demo.demo_user_student4")
        dossier = self.env["gpme.dossier"].search([("student_id", "=", yanis.id)])
        self.assertEqual(len(dossier), 1)
        self.assertFalse(dossier.situation_ids, "no fiche yet")
        self.run_axe_tour(
            "/web",
            "gpme_e4_student_first_fiche",
            yanis.login,
            ["student home, first login"],
        )
        fiche = dossier.situation_ids
        self.assertEqual(fiche.name, "Accueillir et conseiller un client au showroom")
        self.assertEqual((fiche.code, fiche.state), ("SP1", "draft"))

    def test_tag_wizard_creates_a_fiche_and_follows_the_order(self):
        order = (
            self.env["sale.order"]
            .with_user(self.hugo)
            .create(
                {
                    "partner_id": self.env.ref("gpme_e4_demo.demo_partner_lugdunum").id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.env.ref(
                                    "gpme_e4_demo.demo_product_fauteuil"
                                ).id,
                                "product_uom_qty": 4,
                            },
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        before = self.env["gpme.situation"].search([("student_id", "=", self.hugo.id)])
        self.run_axe_tour(
            f"/web#model=sale.order&id={order.id}&view_type=form",
            "gpme_e4_tag_wizard_new_fiche",
            self.hugo.login,
            ["tag wizard"],
        )
        fiche = (
            self.env["gpme.situation"].search([("student_id", "=", self.hugo.id)])
            - before
        )
        self.assertEqual(fiche.name, "Vendre des caissons à l'Hôtel Le Lugdunum")
        self.assertEqual(fiche.state, "draft")
        self.assertEqual(fiche.dossier_id, before.dossier_id)
        self.assertEqual(
            sorted(fiche.evidence_ids.mapped("res_model")),
            ["account.move", "sale.order"],
        )
        self.assertEqual(
            {(e.res_model, e.res_id) for e in fiche.evidence_ids},
            {("sale.order", order.id), ("account.move", invoice.id)},
        )
        # The order's tasks, shown as missing, were added to the new fiche.
        self.assertTrue(fiche.task_ids)
        self.assertLessEqual(fiche.evidence_ids.task_ids, fiche.task_ids)
