"""The pure rules of evidence: snapshot seals (no DB)."""

from odoo.tests import BaseCase, tagged

from ..services import evidence_snapshot as snap


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
