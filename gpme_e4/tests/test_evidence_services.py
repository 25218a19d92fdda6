"""The pure rules of evidence: task suggestions and snapshot seals (no DB)."""

from odoo.tests import BaseCase, tagged

from ..services import evidence_snapshot as snap
from ..services import evidence_tasks as tasks


@tagged("post_install", "-at_install")
class TestEvidenceTaskSuggestions(BaseCase):
    def test_sales(self):
        self.assertEqual(tasks.sale_order_kind("draft"), "quotation")
        self.assertEqual(tasks.sale_order_kind("sale"), "order")
        self.assertEqual(
            tasks.suggest_task_codes("sale.order", "quotation", "sent"), ("1.2.1",)
        )
        self.assertEqual(
            tasks.suggest_task_codes("sale.order", "order", "sale"), ("1.2.2", "1.2.3")
        )

    def test_purchases(self):
        self.assertEqual(tasks.purchase_order_kind("sent"), "rfq")
        self.assertEqual(tasks.purchase_order_kind("purchase"), "order")
        self.assertEqual(
            tasks.suggest_task_codes("purchase.order", "rfq", "draft"), ("1.4.3",)
        )
        self.assertEqual(
            tasks.suggest_task_codes("purchase.order", "order", "done"), ("1.5.2",)
        )

    def test_accounting_depends_on_state(self):
        self.assertEqual(
            tasks.suggest_task_codes("account.move", "out_refund", "posted"),
            ("1.2.4", "1.3.2"),
        )
        self.assertEqual(
            tasks.suggest_task_codes("account.move", "out_refund", "draft"), ("1.3.2",)
        )
        self.assertEqual(
            tasks.suggest_task_codes("account.move", "in_invoice", "posted"),
            ("1.5.4", "1.6.1"),
        )
        self.assertEqual(
            tasks.suggest_task_codes("account.payment", "inbound", "posted"),
            ("1.2.4", "1.6.3"),
        )

    def test_partners_and_unknown(self):
        self.assertEqual(tasks.partner_kind(0, 0), "prospect")
        self.assertEqual(tasks.partner_kind(2, 0), "customer")
        self.assertEqual(tasks.partner_kind(0, 1), "supplier")
        self.assertEqual(tasks.partner_kind(1, 1), "customer")
        self.assertEqual(
            tasks.suggest_task_codes("res.partner", "supplier"), ("1.4.4",)
        )
        self.assertEqual(tasks.suggest_task_codes("project.task", "x", "y"), ())

    def test_every_code_is_a_referential_task(self):
        codes = {
            c
            for by_state in tasks.SUGGESTIONS.values()
            for cs in by_state.values()
            for c in cs
        }
        for code in codes:
            activity, _sep, number = code.rpartition(".")
            self.assertIn(activity, {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6"}, code)
            self.assertTrue(number.isdigit(), code)


@tagged("post_install", "-at_install")
class TestEvidenceSnapshotSeal(BaseCase):
    values = {"name": "S00001", "amount_total": 276.0, "lines": [{"qty": 2.0}]}

    def test_hash_ignores_key_order(self):
        reordered = {"lines": [{"qty": 2.0}], "amount_total": 276.0, "name": "S00001"}
        self.assertEqual(snap.values_hash(self.values), snap.values_hash(reordered))
        self.assertEqual(len(snap.snapshot_hash(self.values, b"%PDF")), 64)

    def test_seal_covers_values_and_pdf(self):
        seal = snap.snapshot_hash(self.values, b"%PDF-1.4 a")
        self.assertNotEqual(seal, snap.snapshot_hash(self.values, b"%PDF-1.4 b"))
        self.assertNotEqual(
            seal, snap.snapshot_hash(dict(self.values, name="S2"), b"%PDF-1.4 a")
        )
        self.assertNotEqual(snap.snapshot_hash(self.values), seal)
        self.assertEqual(
            snap.snapshot_hash(self.values, None), snap.snapshot_hash(self.values, b"")
        )

    def test_status(self):
        frozen = snap.values_hash(self.values)
        self.assertEqual(
            snap.snapshot_status(frozen, dict(self.values)), snap.STATUS_UP_TO_DATE
        )
        self.assertEqual(
            snap.snapshot_status(frozen, dict(self.values, amount_total=300.0)),
            snap.STATUS_CHANGED,
        )
        self.assertEqual(snap.snapshot_status(frozen, None), snap.STATUS_DELETED)

    def test_printed_status_ignores_lifecycle_fields(self):
        frozen = dict(
            self.values,
            invoice_status="to invoice",
            lines=[{"name": "Chaise", "qty_invoiced": 0.0, "price_unit": 120.0}],
        )
        invoiced = dict(
            frozen,
            invoice_status="invoiced",
            lines=[{"name": "Chaise", "qty_invoiced": 2.0, "price_unit": 120.0}],
        )
        neutral = snap.NEUTRAL_FIELDS
        self.assertEqual(
            snap.printed_status(frozen, invoiced, neutral), snap.STATUS_UP_TO_DATE
        )
        termed = dict(invoiced, payment_term_id="30 jours")
        self.assertEqual(
            snap.printed_status(frozen, termed, neutral), snap.STATUS_CHANGED
        )
        self.assertEqual(
            snap.printed_status(frozen, None, neutral), snap.STATUS_DELETED
        )
        rows, lines = snap.compare_values(frozen, termed, neutral)
        states = {key: state for key, _old, _new, state in rows}
        self.assertEqual(states["invoice_status"], "neutral")
        self.assertEqual(states["payment_term_id"], "changed")
        self.assertEqual(states["amount_total"], "same")
        self.assertEqual(lines[0][1], "neutral")
        # A line added in the live document.
        more = dict(frozen, lines=frozen["lines"] + [{"name": "Bureau"}])
        __, lines = snap.compare_values(frozen, more, neutral)
        self.assertEqual([state for __, state, __ in lines], ["same", "added"])
