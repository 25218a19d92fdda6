from odoo.tests.common import TransactionCase

from .common import new_fiche, setup_fiche_world


class TestFicheSoftwareFromEvidence(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_fiche_world(cls)
        partner = cls.env["res.partner"].create({"name": "Menuiserie Roux"})
        product = cls.env["product.product"].create(
            {"name": "Fenêtre", "list_price": 300}
        )
        order_vals = {
            "partner_id": partner.id,
            "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 2})],
        }
        cls.quotation = cls.env["sale.order"].create(order_vals)
        cls.order = cls.env["sale.order"].create(order_vals)
        cls.order.action_confirm()
        # No chart of accounts in the test database: a bare sales journal is
        # enough for a credit note without lines.
        journal = cls.env["account.journal"].create(
            {"name": "Ventes test", "type": "sale", "code": "TVEF"}
        )
        cls.refund = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": partner.id,
                "journal_id": journal.id,
            }
        )

    def _evidence(self, fiche, record):
        # The evidence tagging belongs to another feature: rows made directly.
        return (
            self.env["gpme.evidence"]
            .sudo()
            .create(
                {
                    "situation_id": fiche.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "name": record.display_name,
                }
            )
        )

    def test_prefill_from_evidence(self):
        fiche = new_fiche(self.env, self.student1)
        for record in (self.quotation, self.order, self.refund):
            self._evidence(fiche, record)
        fiche.with_user(self.student1).action_prefill_software()
        line = fiche.software_line_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.tool_id, self.env.ref("gpme_e4.tool_erp_sales"))
        self.assertEqual((line.software_name, line.version), ("Odoo", "16"))
        self.assertEqual(
            line.functions, "Ventes : devis, bon de commande ; Facturation : avoir"
        )
        self.assertEqual(
            line.display_line,
            "Odoo 16 — Ventes : devis, bon de commande ; Facturation : avoir",
        )
        self.assertIn(self.env.ref("gpme_e4.tool_erp_accounting"), fiche.tool_ids)
        # The student edits it; a new pre-fill keeps their version and the line.
        line.with_user(self.student1).write({"version": "16.0 Community"})
        self._evidence(
            fiche, self.env["res.partner"].browse(self.quotation.partner_id.id)
        )
        fiche.with_user(self.student1).action_prefill_software()
        self.assertEqual(fiche.software_line_ids, line)
        self.assertEqual(line.version, "16.0 Community")
        self.assertTrue(
            line.functions.endswith("Contacts : fiche contact"), line.functions
        )

    def test_submit_prefills_when_no_line(self):
        fiche = new_fiche(self.env, self.student1)
        self._evidence(fiche, self.order)
        fiche.with_user(self.student1).action_submit()
        self.assertEqual(fiche.software_line_ids.functions, "Ventes : bon de commande")

    def test_prefill_reads_each_model_once(self):
        fiches = self.env["gpme.situation"]
        for i in range(10):
            fiche = new_fiche(self.env, self.student1, name=f"Fiche {i}")
            for record in (self.quotation, self.order, self.refund):
                self._evidence(fiche, record)
            fiches |= fiche
        fiches.invalidate_recordset()
        with self.assertQueryCount(__system__=60):
            fiches._evidence_functions()
        result = fiches._evidence_functions()
        self.assertEqual(len(result), 10)
