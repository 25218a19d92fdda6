"""Shared fixture of the evidence tests: a class with two students and a
teacher, their dossiers and situations, and PGI records made by student 1."""

from odoo import Command
from odoo.tests.common import new_test_user

from .common_lang import load_french
from .session_common import exam_session

PGI_GROUPS = (
    "sales_team.group_sale_salesman_all_leads,purchase.group_purchase_user,"
    "account.group_account_invoice"
)


class EvidenceFixture:
    @classmethod
    def _setup_evidence_fixture(cls):
        env = cls.env
        load_french(env)
        # Values snapshots only unless a test asks for PDFs (they take seconds).
        env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "0"
        )
        cls.company = env.company
        cls.teacher = new_test_user(
            env,
            "ev_teacher",
            groups="gpme_e4.group_teacher," + PGI_GROUPS,
            name="Prof Evidence",
        )
        cls.cohort = env["gpme.cohort"].create(
            {
                "name": "BTS GPME test evidence",
                "exam_session_id": exam_session(env, 2027).id,
                "teacher_ids": [Command.set(cls.teacher.ids)],
            }
        )
        cls.student1 = new_test_user(
            env,
            "ev_student1",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Alice Élève",
            gpme_cohort_id=cls.cohort.id,
            lang="fr_FR",
        )
        cls.student2 = new_test_user(
            env,
            "ev_student2",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Bruno Élève",
            gpme_cohort_id=cls.cohort.id,
            lang="fr_FR",
        )
        Dossier = env["gpme.dossier"]
        cls.dossier1 = Dossier.create(
            {"student_id": cls.student1.id, "cohort_id": cls.cohort.id}
        )
        cls.dossier2 = Dossier.create(
            {"student_id": cls.student2.id, "cohort_id": cls.cohort.id}
        )
        Situation = env["gpme.situation"]
        cls.situation1 = Situation.create(
            {"dossier_id": cls.dossier1.id, "name": "Devis et commande client"}
        )
        cls.situation1b = Situation.create(
            {"dossier_id": cls.dossier1.id, "name": "Achats et règlements"}
        )
        cls.situation2 = Situation.create(
            {"dossier_id": cls.dossier2.id, "name": "Situation de Bruno"}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Client Dupont SARL", "is_company": True}
        )
        cls.vendor = env["res.partner"].create(
            {"name": "Fournisseur Martin SA", "is_company": True}
        )
        cls.product = env["product.product"].create(
            {"name": "Chaise ergonomique", "list_price": 120.0, "standard_price": 60.0}
        )
        cls.order = cls._make_order(cls.student1)

    @classmethod
    def _make_order(cls, user, qty=2):
        order = (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        return cls.env["sale.order"].browse(order.id)

    @classmethod
    def _make_move(cls, move_type, partner, price=100.0, post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": "2026-10-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _tag(self, user, records, situation, tasks=None, note=False):
        """Tag through the wizard as the given user, like the bound action."""
        wizard = (
            self.env["gpme.evidence.tag.wizard"]
            .with_user(user)
            .with_context(active_model=records._name, active_ids=records.ids)
            .create({"situation_id": situation.id, "note": note})
        )
        if tasks is not None:
            wizard.line_ids.task_ids = tasks
        wizard.action_confirm()
        return (
            self.env["gpme.evidence"]
            .sudo()
            .search(
                [
                    ("situation_id", "=", situation.id),
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                ]
            )
        )
