"""Seal verification, the commission's read-only live view, a validated
fiche's evidence and deletions in a submitted dossier."""

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import TransactionCase, new_test_user, tagged

from .common import EvidenceFixture


@tagged("post_install", "-at_install")
class TestEvidenceTrust(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        # No sales or accounting rights at all.
        cls.jury = new_test_user(
            cls.env, "ev_jury", groups="gpme_e4.group_commission", name="Jury"
        )
        cls.dossier1.sudo().commission_user_ids = [(6, 0, cls.jury.ids)]

    def _french(self):
        return self.env(context=dict(self.env.context, lang="fr_FR"))

    def _report(self, dossier, user):
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang="fr_FR")
            ._render_qweb_html("gpme_e4.action_report_evidence_integrity", dossier.ids)
        )
        return html.decode()

    def _page(self, dossier, user):
        """The whole dossier's last page (its integrity page), as HTML."""
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(lang="fr_FR")
            ._render_qweb_html(
                "gpme_e4.action_report_gpme_dossier_integrity", dossier.ids
            )
        )
        return html.decode()

    def test_verification_reports_a_tampered_snapshot(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        self._tag(self.student1, self.customer, self.situation1)
        html = self._report(self.dossier1, self.teacher)
        self.assertIn("o_gpme_all_ok", html)
        self.assertNotIn("o_gpme_broken", html)
        page = self._page(self.dossier1, self.teacher)
        self.assertEqual(page.count("o_gpme_seal_ok"), 2)
        self.assertNotIn("o_gpme_seal_broken", page)
        # Someone edits the frozen values in the database.
        snap = evidence.last_snapshot_id
        self.env.cr.execute(
            "UPDATE gpme_evidence_snapshot SET frozen_values = "
            "replace(frozen_values, '240.0', '24.0') WHERE id = %s",
            [snap.id],
        )
        self.env.invalidate_all()
        self.assertFalse(evidence._verify_snapshot())
        html = self._report(self.dossier1, self.teacher)
        self.assertIn("o_gpme_broken", html)
        self.assertIn("Rompu", html)
        # The dossier's last page reads the same check (one builder).
        page = self._page(self.dossier1, self.teacher)
        self.assertEqual(page.count("o_gpme_seal_ok"), 1)
        self.assertEqual(page.count("o_gpme_seal_broken"), 1)
        self.assertIn("NON vérifié", page)
        data = (
            self.env["report.gpme_e4.report_dossier_integrity"]
            .with_user(self.teacher)
            ._gpme_integrity_data(self.dossier1)
        )
        broken = {
            r["reference"] for r in data["seals"][self.dossier1.id] if not r["verified"]
        }
        self.assertEqual(broken, {evidence.name})
        self.assertEqual(
            {r["document"] for r in data["snapshots"][self.dossier1.id] if not r["ok"]},
            broken,
        )
        self.assertEqual(data["broken_counts"][self.dossier1.id], 1)
        # A classmate cannot print it.
        with self.assertRaises(AccessError):
            self._report(self.dossier1, self.student2)
        action = self.dossier1.with_user(self.teacher).action_verify_evidence_seals()
        self.assertEqual(action["report_name"], "gpme_e4.report_evidence_integrity")

    def test_commission_opens_order_and_invoice_read_only(self):
        invoice = self._make_move("out_invoice", self.customer, 150.0)
        ev_order = self._tag(self.student1, self.order, self.situation1)
        ev_invoice = self._tag(self.student1, invoice, self.situation1)
        # The commission reads a dossier once it is handed in.
        with self.assertRaises(AccessError):
            ev_order.with_user(self.jury).action_open_source()
        self.dossier1.sudo().state = "submitted"
        with self.assertRaises(AccessError):
            self.order.with_user(self.jury).read(["name"])
        for evidence, needle in ((ev_order, "240,00"), (ev_invoice, "150,00")):
            ev = evidence.with_user(self.jury).with_context(lang="fr_FR")
            action = ev.action_open_source()
            self.assertEqual(action["res_model"], "gpme.evidence")
            self.assertEqual(action["res_id"], evidence.id)
            html = ev.live_html
            self.assertIn(evidence.name.split(" ")[0], html)
            self.assertIn(needle, html)
        # The student, who has the PGI rights, gets the document itself.
        action = ev_order.with_user(self.student1).action_open_source()
        self.assertEqual(action["res_model"], "sale.order")
        # Another student cannot read the evidence, hence not the live view.
        with self.assertRaises(AccessError):
            ev_order.with_user(self.student2).action_open_source()

    def test_validated_fiche_goes_back_to_review(self):
        self.situation1.sudo().state = "validated"
        # The tag wizard no longer offers a validated fiche; evidence added
        # to it otherwise (RPC) sends it back to review all the same.
        evidence = (
            self.env["gpme.evidence"]
            .with_user(self.student1)
            .create(
                {
                    "situation_id": self.situation1.id,
                    "res_model": self.order._name,
                    "res_id": self.order.id,
                }
            )
        )
        self.assertEqual(self.situation1.state, "submitted")
        bodies = " ".join(self.situation1.message_ids.mapped("body"))
        self.assertIn(self.order.name, bodies)
        self.assertIn(self.teacher, self.situation1.activity_ids.mapped("user_id"))
        self.situation1.sudo().state = "validated"
        evidence.with_user(self.student1).unlink()
        self.assertEqual(self.situation1.state, "submitted")
        self.assertEqual(
            len(
                self.situation1.message_ids.filtered(
                    lambda m: self.order.name in (m.body or "")
                )
            ),
            2,
        )

    def test_submitted_dossier_deletion_needs_a_logged_reason(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        self.dossier1.sudo().state = "submitted"
        admin = self.env.ref("base.user_admin")
        with self.assertRaisesRegex(UserError, "motif"):
            evidence.with_env(self._french()).with_user(admin).sudo().unlink()
        self.assertTrue(evidence.exists())
        evidence.with_context(
            gpme_deletion_reason="Doublon signalé par le jury"
        ).sudo().unlink()
        self.assertFalse(evidence.exists())
        bodies = " ".join(self.dossier1.message_ids.mapped("body"))
        self.assertIn("Doublon signalé par le jury", bodies)


@tagged("post_install", "-at_install")
class TestInvoiceSealedWithoutPayments(TransactionCase):
    def test_a_paid_invoice_is_sealed_without_its_payments(self):
        """What is sealed is what the invoice says: Odoo's report without its
        payments, so a payment (lifecycle) never shows in the frozen PDF."""
        invoice = self.env["account.move"].search(
            [("move_type", "=", "out_invoice"), ("payment_state", "=", "paid")],
            limit=1,
        )
        self.assertTrue(invoice, "the demo holds paid invoices")
        Report = self.env["ir.actions.report"].with_context(lang="fr_FR")
        sealed = Report._render_qweb_html(invoice._gpme_evidence_report, invoice.ids)[0]
        with_payments = Report._render_qweb_html(
            "account.account_invoices", invoice.ids
        )[0]
        self.assertIn(b"Pay\xc3\xa9 le", with_payments)
        self.assertNotIn(b"Pay\xc3\xa9 le", sealed)
        self.assertIn(invoice.name.encode(), sealed)
