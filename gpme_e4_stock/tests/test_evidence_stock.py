import json

from odoo.addons.gpme_e4.tests.common import EvidenceFixture
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.tests.common import TransactionCase


class TestEvidenceStock(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        cls.student1.groups_id |= cls.env.ref("stock.group_stock_user")
        cls.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )

    def test_tag_a_delivery_with_its_slip(self):
        self.order.action_confirm()
        picking = self.order.picking_ids
        self.assertEqual(picking.picking_type_code, "outgoing")
        # The delivery slip is queued for a queue_job job after the tagging
        # request (rendering and checking the PDF is tested in gpme_e4 on a
        # sale order, with the HTTP server wkhtmltopdf needs for its assets).
        with trap_jobs() as trap:
            evidence = self._tag(self.student1, picking, self.situation1)
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.gpme_evidence_pdf")
        self.assertEqual(evidence.snapshot_pdf_state, "pending")
        self.assertEqual(picking._gpme_evidence_report, "stock.action_report_delivery")
        self.assertEqual(evidence.task_ids.mapped("code"), ["1.2.3"])
        # The bridge's kind joins the one vocabulary.
        self.assertEqual(evidence.kind, "delivery")
        french = self.env(context={"lang": "fr_FR"})
        labels = dict(
            french["gpme.evidence"]._fields["kind"]._description_selection(french)
        )
        self.assertEqual(labels["delivery"], "Bon de livraison")
        self.assertEqual(
            self.situation1._evidence_functions()[self.situation1.id],
            [("inventory", "delivery")],
        )
        values = json.loads(evidence.snapshot_values)
        self.assertEqual(values["lines"][0]["product_uom_qty"], 2.0)
        self.assertEqual(picking.with_user(self.student1).gpme_evidence_count, 1)
