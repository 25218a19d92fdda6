"""Indicators on a fiscal year straddling today (28 November 2026, frozen) with
a document dated next year, against figures computed by hand below."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged

from .common import FR_CHART, DossierFixtures

TODAY = "2026-11-28"
# 1 January – 28 November 2026 is 332 days of a 365-day year: the textbook
# formulas count 360 × 332 / 365 = 327.45 days for it.
DAYS = 327.45


@tagged("post_install", "-at_install")
class TestIndicatorsRunningYear(DossierFixtures, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls, chart_template_ref=FR_CHART):
        # gpme_e4 depends on l10n_fr: the generic chart is not installed.
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.setUpDossierFixtures()
        cls.company = cls.company_data["company"]
        env = cls.env
        Partner = env["res.partner"]
        cls.cust_a = Partner.create({"name": "T-Client A"})
        cls.cust_b = Partner.create({"name": "T-Client B"})
        cls.cust_c = Partner.create({"name": "T-Client C"})
        cls.supp_1 = Partner.create({"name": "T-Fournisseur 1"})
        cls.supp_2 = Partner.create({"name": "T-Fournisseur 2"})
        vat_20 = env["account.tax"].create(
            {
                "name": "T-TVA 20 %",
                "amount": 20.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        term_30 = env.ref("account.account_payment_term_30days")
        immediate = env.ref("account.account_payment_term_immediate")

        def move(move_type, partner, day, amount, term=immediate, tax=None):
            line = {
                "name": "ligne",
                "quantity": 1,
                "price_unit": amount,
                "tax_ids": [Command.set(tax.ids if tax else [])],
            }
            record = env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_payment_term_id": term.id,
                    "invoice_line_ids": [Command.create(line)],
                }
            )
            record.action_post()
            return record

        def pay(invoice, day, amount=None):
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create(
                {"payment_date": day, "amount": amount or invoice.amount_total}
            )._create_payments()

        # 2025, closed: 6000, of which 4000 up to 28 November 2025.
        pay(move("out_invoice", cls.cust_a, date(2025, 3, 10), 1000), date(2025, 4, 9))
        pay(
            move("out_invoice", cls.cust_b, date(2025, 11, 20), 3000), date(2025, 12, 1)
        )
        pay(move("out_invoice", cls.cust_a, date(2025, 12, 10), 2000), date(2026, 1, 9))
        pay(move("in_invoice", cls.supp_1, date(2025, 6, 1), 700), date(2025, 7, 1))
        # 2026 up to today: 2500 + 1500 - 200 + 1000 = 4800 untaxed,
        # 2500 + 1800 - 200 + 1000 = 5100 incl. tax.
        # A: due 3 March, unpaid (270 days late).
        move("out_invoice", cls.cust_a, date(2026, 2, 1), 2500, term_30)
        # B: 1500 + 20 % VAT, due 1 December: not due yet.
        move("out_invoice", cls.cust_b, date(2026, 11, 1), 1500, term_30, vat_20)
        # C: a credit note of 200 left open (180 days), an invoice of 1000 due
        # 10 October with 400 paid (600 open, 49 days late).
        move("out_refund", cls.cust_c, date(2026, 6, 1), 200)
        pay(
            move("out_invoice", cls.cust_c, date(2026, 10, 10), 1000),
            date(2026, 10, 20),
            400,
        )
        # Purchases 2026: 1000 (500 paid, 500 open 211 days late) + 600 not due.
        pay(
            move("in_invoice", cls.supp_1, date(2026, 5, 1), 1000),
            date(2026, 6, 1),
            500,
        )
        move("in_invoice", cls.supp_2, date(2026, 11, 20), 600, term_30)
        # Dated next year: ignored, and said.
        move("out_invoice", cls.cust_a, date(2027, 1, 15), 9000)

        cls.dossier = cls.make_dossier(company_id=cls.company.id).with_context(
            lang="fr_FR"
        )
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["gpme_e4"], ["fr_FR"], overwrite=True
        )
        with freeze_time(TODAY):
            cls.dossier.with_user(cls.student).action_refresh_indicators()

    def indicator(self, code):
        indicator = self.dossier.indicator_ids.filtered(lambda i: i.code == code)
        self.assertEqual(len(indicator), 1, code)
        return indicator

    def test_running_year_against_the_same_period(self):
        turnover = self.indicator("turnover")
        years = turnover.data["years"]
        self.assertEqual(
            [
                (
                    y["date_from"],
                    y["amount"],
                    y["until"],
                    y["compared_amount"],
                    y["evolution"],
                )
                for y in years
            ],
            [
                ("2025-01-01", 6000.0, None, None, None),
                # +20 % on 4000, not -20 % on the whole of 2025.
                ("2026-01-01", 4800.0, "2026-11-28", 4000.0, 20.0),
            ],
        )
        html = self.dossier.indicator_html_turnover
        self.assertIn("+20,00 %", html)
        self.assertIn("28/11/2026", html)

    def test_future_documents_ignored_and_said(self):
        customers = self.indicator("customers_top")
        amounts = {i["label"]: i["amount"] for i in customers.data["items"]}
        self.assertEqual(
            amounts, {"T-Client A": 2500.0, "T-Client B": 1500.0, "T-Client C": 800.0}
        )
        self.assertEqual(customers.date_from, date(2026, 1, 1))
        self.assertEqual(customers.date_to, date(2026, 11, 28))
        for code in ("turnover", "customers_top", "ageing_customer"):
            self.assertIn(
                "1 facture(s) datée(s) après le 28/11/2026 (la dernière le "
                "15/01/2027) non prise(s) en compte.",
                self.indicator(code).data["note"],
            )

    def test_receivables_ageing(self):
        ageing = self.indicator("ageing_customer").data["ageing"]
        self.assertEqual(
            [(b["key"], b["amount"]) for b in ageing["buckets"]],
            [
                ("not_due", 1800.0),
                ("1-30", 0.0),
                ("31-60", 600.0),
                ("61-90", 0.0),
                (">90", 2300.0),
            ],
        )
        self.assertEqual((ageing["overdue"], ageing["total"]), (2900.0, 4700.0))
        html = self.dossier.indicator_html_payment_terms
        self.assertIn("Non échu", html)
        self.assertIn("Plus de 90 jours", html)

    def test_payables_ageing(self):
        ageing = self.indicator("ageing_supplier").data["ageing"]
        self.assertEqual(
            [(b["key"], b["amount"]) for b in ageing["buckets"]],
            [
                ("not_due", 600.0),
                ("1-30", 0.0),
                ("31-60", 0.0),
                ("61-90", 0.0),
                (">90", 500.0),
            ],
        )
        self.assertEqual((ageing["overdue"], ageing["total"]), (500.0, 1100.0))

    def test_textbook_delays(self):
        customer = self.indicator("textbook_delay_customer").data
        # 4700 / 5100 × 327.45 = 301.77 days.
        self.assertEqual(
            (customer["outstanding"], customer["flow"], customer["days"]),
            (4700.0, 5100.0, DAYS),
        )
        self.assertEqual(customer["delay"], 301.8)
        supplier = self.indicator("textbook_delay_supplier").data
        # 1100 / 1600 × 327.45 = 225.12 days.
        self.assertEqual(
            (supplier["outstanding"], supplier["flow"], supplier["delay"]),
            (1100.0, 1600.0, 225.1),
        )
        html = self.dossier.indicator_html_payment_terms
        self.assertIn("301,8", html)
        self.assertIn("225,1", html)
