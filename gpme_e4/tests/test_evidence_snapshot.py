import base64
import json
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, tagged

from .evidence_common import EvidenceFixture


# PDFs need the report assets: not while modules load (at_install).
@tagged("post_install", "-at_install")
class TestEvidenceSnapshot(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        cls.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )

    def _french(self):
        return self.env(context=dict(self.env.context, lang="fr_FR"))

    def assertPdf(self, evidence):
        self.assertFalse(evidence.snapshot_note)
        pdf = base64.b64decode(evidence.snapshot_pdf)
        self.assertTrue(pdf.startswith(b"%PDF"), "the snapshot is a real PDF")
        return pdf

    def test_sale_order_snapshot_values_pdf_and_hash(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        values = json.loads(evidence.snapshot_values)
        self.assertEqual(values["name"], self.order.name)
        self.assertEqual(values["partner_id"], "Client Dupont SARL")
        self.assertEqual(values["state"], "draft")
        self.assertEqual(values["lines"][0]["product_uom_qty"], 2.0)
        self.assertEqual(values["lines"][0]["price_subtotal"], 240.0)
        self.assertPdf(evidence)
        self.assertEqual(evidence.snapshot_pdf_name, f"{self.order.name}.pdf")
        self.assertTrue(evidence._verify_snapshot())
        # The PDF is an attachment of the evidence, not of the order.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "gpme.evidence"),
                    ("res_id", "=", evidence.id),
                    ("res_field", "=", "snapshot_pdf"),
                ]
            )
        )
        self.assertEqual(len(attachment), 1)
        self.assertIn("Client Dupont SARL", evidence.snapshot_html)

    def test_vendor_bill_and_payment_receipt_pdf(self):
        bill = self._make_move("in_invoice", self.vendor, 300.0)
        payment = self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": self.vendor.id,
                "amount": 300.0,
            }
        )
        payment.action_post()
        ev_bill = self._tag(self.student1, bill, self.situation1b)
        ev_pay = self._tag(self.student1, payment, self.situation1b)
        self.assertPdf(ev_bill)
        self.assertPdf(ev_pay)
        self.assertEqual(json.loads(ev_pay.snapshot_values)["amount"], 300.0)
        # A contact has no standard report: values only, no note.
        ev_partner = self._tag(self.student1, self.vendor, self.situation1b)
        self.assertFalse(ev_partner.snapshot_pdf)
        self.assertFalse(ev_partner.snapshot_note)
        self.assertTrue(ev_partner._verify_snapshot())

    def test_without_wkhtmltopdf_values_are_kept(self):
        Report = type(self.env["ir.actions.report"])
        with patch.object(Report, "get_wkhtmltopdf_state", return_value="install"):
            evidence = self._tag(self.student1, self.order, self.situation1)
        self.assertFalse(evidence.snapshot_pdf)
        self.assertIn("wkhtmltopdf", evidence.snapshot_note)
        self.assertIn(self.order.name, evidence.snapshot_values)
        self.assertTrue(evidence._verify_snapshot())
        self.assertEqual(evidence.status, "up_to_date")

    def test_source_changed_then_refreshed(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        first_hash = evidence.snapshot_hash
        self.order.order_line.product_uom_qty = 5
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "changed")
        Evidence = self.env["gpme.evidence"].with_user(self.student1)
        self.assertEqual(Evidence.search([("status", "=", "changed")]), evidence)
        self.assertFalse(Evidence.search([("status", "=", "up_to_date")]))
        evidence.with_user(self.student1).action_refresh_snapshot()
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "up_to_date")
        self.assertNotEqual(evidence.snapshot_hash, first_hash)
        self.assertEqual(
            json.loads(evidence.snapshot_values)["lines"][0]["price_subtotal"], 600.0
        )

    def test_cancelled_and_deleted_quotation(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        pdf = self.assertPdf(evidence)
        seal, values = evidence.snapshot_hash, evidence.snapshot_values
        name = self.order.name
        self.order.with_user(self.student1)._action_cancel()
        self.order.unlink()
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "deleted")
        self.assertFalse(evidence.res_ref)
        # Snapshot, PDF and seal untouched, and refreshing does not crash.
        evidence.with_user(self.student1).action_refresh_snapshot()
        self.env.invalidate_all()
        self.assertEqual(evidence.snapshot_hash, seal)
        self.assertEqual(evidence.snapshot_values, values)
        self.assertEqual(base64.b64decode(evidence.snapshot_pdf), pdf)
        self.assertTrue(evidence._verify_snapshot())
        self.assertEqual(
            self.env["gpme.evidence"]
            .with_user(self.student1)
            .search([("status", "=", "deleted")]),
            evidence,
        )
        with self.assertRaisesRegex(UserError, "a été supprimé"):
            evidence.with_env(self._french()).with_user(
                self.student1
            ).action_open_source()
        # The form still renders the frozen values.
        self.assertIn(name, evidence.snapshot_html)

    def test_submitted_dossier_freezes_the_snapshot(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        self.order.client_order_ref = "Avant dépôt"
        # Submitting takes a last snapshot…
        self.dossier1.state = "submitted"
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "up_to_date")
        self.assertIn("Avant dépôt", evidence.snapshot_values)
        seal = evidence.snapshot_hash
        # …then never again.
        self.order.client_order_ref = "Après dépôt"
        evidence._take_snapshot()
        self.env.invalidate_all()
        self.assertEqual(evidence.snapshot_hash, seal)
        self.assertEqual(evidence.status, "changed")
        with self.assertRaisesRegex(UserError, "figés"):
            evidence.with_env(self._french()).with_user(
                self.student1
            ).action_refresh_snapshot()
        with self.assertRaisesRegex(UserError, "a été déposé"):
            evidence.with_env(self._french()).with_user(self.student1).write(
                {"note": "x"}
            )

    def test_demo_evidence_gets_its_pdf_on_refresh(self):
        # Installed with the demo: values frozen, PDF left for the first refresh.
        evidence = self.env.ref("gpme_e4.demo_evidence_sale_1")
        self.assertIn('"model": "sale.order"', evidence.snapshot_values)
        if not evidence.snapshot_pdf:
            self.assertIn("install", evidence.with_env(self.env).snapshot_note)
        evidence._take_snapshot()
        self.assertPdf(evidence)
        self.assertTrue(evidence._verify_snapshot())
