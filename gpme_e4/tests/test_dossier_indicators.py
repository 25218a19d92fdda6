import json
from datetime import date

from markupsafe import Markup

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import UserError
from odoo.models import BaseModel
from odoo.tests import tagged

from ..services.indicator_builder import IndicatorBuilder
from .common import FR_CHART, DossierFixtures


@tagged("post_install", "-at_install")
class TestDossierIndicators(DossierFixtures, AccountTestInvoicingCommon):
    """Indicators against figures computed by hand from the invoices and
    payments below, in a fresh company with the generic chart of accounts."""

    @classmethod
    def setUpClass(cls, chart_template_ref=FR_CHART):
        # gpme_e4 depends on l10n_fr: the generic chart is not installed.
        super().setUpClass(chart_template_ref=chart_template_ref)
        cls.setUpDossierFixtures()
        cls.company = cls.company_data["company"]
        env = cls.env
        Partner = env["res.partner"]
        wholesale = env["res.partner.category"].create({"name": "T-Grossiste"})
        export = env["res.partner.category"].create({"name": "T-Export"})
        cls.cust_a = Partner.create(
            {"name": "T-Client A", "category_id": [Command.set(wholesale.ids)]}
        )
        cls.cust_b = Partner.create(
            {
                "name": "T-Client B",
                "category_id": [Command.set((wholesale | export).ids)],
            }
        )
        cls.cust_c = Partner.create({"name": "T-Client C"})
        cls.supp_1 = Partner.create({"name": "T-Fournisseur 1"})
        cls.supp_2 = Partner.create({"name": "T-Fournisseur 2"})
        Categ = env["product.category"]
        supplies = Categ.create({"name": "T-Fournitures"})
        furniture = Categ.create({"name": "T-Mobilier"})
        cls.paper = env["product.product"].create(
            {"name": "T-Papier", "categ_id": supplies.id}
        )
        cls.desk = env["product.product"].create(
            {"name": "T-Bureau", "categ_id": furniture.id}
        )
        term_30 = env.ref("account.account_payment_term_30days")
        immediate = env.ref("account.account_payment_term_immediate")

        def move(move_type, partner, day, amount, product=None, term=None, post=True):
            line = {"name": "ligne", "quantity": 1, "price_unit": amount, "tax_ids": []}
            if product:
                line["product_id"] = product.id
            record = env["account.move"].create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_payment_term_id": term.id if term else False,
                    "invoice_line_ids": [Command.create(line)],
                }
            )
            if post:
                record.action_post()
            return record

        def pay(invoice, day, amount):
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": day, "amount": amount})._create_payments()

        # Fiscal year 2023: 1000 + 3000 = 4000.
        move("out_invoice", cls.cust_a, date(2023, 3, 10), 1000)
        move("out_invoice", cls.cust_b, date(2023, 6, 15), 3000)
        # Fiscal year 2024: 2000 + 1500 + 500 - 500 = 3500.
        inv_a = move("out_invoice", cls.cust_a, date(2024, 1, 10), 2000, term=term_30)
        inv_b = move("out_invoice", cls.cust_b, date(2024, 2, 1), 1500, term=term_30)
        move("out_invoice", cls.cust_c, date(2024, 3, 1), 500)
        move("out_refund", cls.cust_a, date(2024, 4, 1), 500)
        # Not posted: counts for nothing.
        move("out_invoice", cls.cust_c, date(2024, 5, 1), 9999, post=False)
        # Payments: A in 30 days; B 1000 in 30 days then 500 in 60 days.
        pay(inv_a, date(2024, 2, 9), 2000)
        pay(inv_b, date(2024, 3, 2), 1000)
        pay(inv_b, date(2024, 4, 1), 500)
        # Purchases 2024: supplier 1 600 - 100 (paper), supplier 2 400 (desk).
        bill_1 = move(
            "in_invoice", cls.supp_1, date(2024, 2, 10), 600, cls.paper, immediate
        )
        move("in_invoice", cls.supp_2, date(2024, 3, 10), 400, cls.desk)
        move("in_refund", cls.supp_1, date(2024, 3, 20), 100, cls.paper)
        pay(bill_1, date(2024, 3, 11), 600)

        cls.term_30, cls.immediate = term_30, immediate
        # Labels are stored in the language of whoever refreshes: French here.
        cls.dossier = cls.make_dossier(company_id=cls.company.id).with_context(
            lang="fr_FR"
        )

    def fr_name(self, record):
        return record.with_context(lang="fr_FR").display_name

    def indicator(self, code):
        return self.dossier.indicator_ids.filtered(lambda i: i.code == code)

    def test_turnover_per_fiscal_year(self):
        self.dossier.with_user(self.student).action_refresh_indicators()
        turnover = self.indicator("turnover")
        self.assertFalse(turnover.is_empty)
        self.assertEqual(turnover.section, "ctx_turnover")
        years = turnover.data["years"]
        self.assertEqual(
            [(y["date_from"], y["amount"], y["evolution"]) for y in years],
            [("2023-01-01", 4000.0, None), ("2024-01-01", 3500.0, -12.5)],
        )
        self.assertEqual(turnover.date_from, date(2023, 1, 1))
        self.assertEqual(turnover.date_to, date(2024, 12, 31))
        self.assertTrue(turnover.method)
        html = self.dossier.with_context(lang="fr_FR").indicator_html_turnover
        # Odoo's float widget glues the minus sign with a zero-width no-break.
        self.assertIn("-12,50 %", html.replace("\ufeff", ""))

    def test_customers(self):
        self.dossier.action_refresh_indicators()
        top = self.indicator("customers_top")
        self.assertEqual(
            (top.date_from, top.date_to), (date(2024, 1, 1), date(2024, 12, 31))
        )
        self.assertEqual(top.data["total"], 3500.0)
        self.assertEqual(
            [(i["label"], i["amount"], i["share"]) for i in top.data["items"]],
            [
                ("T-Client A", 1500.0, 42.86),
                ("T-Client B", 1500.0, 42.86),
                ("T-Client C", 500.0, 14.29),
            ],
        )
        tags = self.indicator("customers_tag")
        self.assertEqual(
            [(i["label"], i["amount"], i["share"]) for i in tags.data["items"]],
            [
                ("T-Grossiste", 3000.0, 85.71),
                ("T-Export", 1500.0, 42.86),
                ("Sans étiquette", 500.0, 14.29),
            ],
        )

    def test_purchases(self):
        self.dossier.action_refresh_indicators()
        suppliers = self.indicator("purchases_supplier")
        self.assertEqual(suppliers.data["total"], 900.0)
        self.assertEqual(
            [(i["label"], i["amount"], i["share"]) for i in suppliers.data["items"]],
            [("T-Fournisseur 1", 500.0, 55.56), ("T-Fournisseur 2", 400.0, 44.44)],
        )
        categories = self.indicator("purchases_category")
        self.assertEqual(
            [(i["label"], i["amount"], i["share"]) for i in categories.data["items"]],
            [
                (self.fr_name(self.paper.categ_id), 500.0, 55.56),
                (self.fr_name(self.desk.categ_id), 400.0, 44.44),
            ],
        )

    def test_payment_delays_and_terms(self):
        self.dossier.action_refresh_indicators()
        customer = self.indicator("delay_customer").data["delay"]
        # (2000 × 30 + 1000 × 30 + 500 × 60) / 3500 = 34.29 days
        self.assertEqual(customer, {"days": 34.3, "count": 3, "amount": 3500.0})
        supplier = self.indicator("delay_supplier").data["delay"]
        self.assertEqual(supplier, {"days": 30.0, "count": 1, "amount": 600.0})
        no_terms = "Sans condition de paiement (immédiat ou date d'échéance)"
        days_30 = self.fr_name(self.term_30)
        terms = self.indicator("terms_customer").data
        self.assertEqual(
            [(i["label"], i["amount"], i["share"]) for i in terms["items"]],
            [(days_30, 3500.0, 87.5), (no_terms, 500.0, 12.5)],
        )
        self.assertEqual(terms["counts"], {days_30: 2, no_terms: 1})
        supplier_terms = self.indicator("terms_supplier").data
        self.assertEqual(
            [(i["label"], i["share"]) for i in supplier_terms["items"]],
            [(self.fr_name(self.immediate), 60.0), (no_terms, 40.0)],
        )

    def test_indicators_in_their_sections(self):
        self.dossier.action_refresh_indicators()
        sections = {i.code: i.section for i in self.dossier.indicator_ids}
        self.assertEqual(sections["customers_tag"], "ctx_customers")
        self.assertEqual(sections["purchases_category"], "ctx_suppliers")
        self.assertEqual(sections["delay_supplier"], "ctx_payment_terms")
        self.assertIn("T-Client A", self.dossier.indicator_html_customers)
        self.assertIn("T-Fournisseur 1", self.dossier.indicator_html_suppliers)
        self.assertIn(
            self.fr_name(self.immediate), self.dossier.indicator_html_payment_terms
        )

    def test_refresh_follows_the_accounting_until_frozen(self):
        self.dossier.action_refresh_indicators()
        self.assertEqual(self.indicator("customers_top").data["total"], 3500.0)
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.cust_c.id,
                "invoice_date": date(2024, 6, 1),
                "invoice_line_ids": [
                    Command.create({"name": "x", "price_unit": 250, "tax_ids": []})
                ],
            }
        ).action_post()
        self.dossier.action_refresh_indicators()
        self.assertEqual(self.indicator("customers_top").data["total"], 3750.0)
        self.dossier.sudo().write({"indicators_frozen": True})
        with self.assertRaisesRegex(UserError, "figés au dépôt"):
            self.dossier.with_context(lang="fr_FR").action_refresh_indicators()
        self.assertEqual(self.indicator("customers_top").data["total"], 3750.0)

    def test_company_without_posted_invoice(self):
        empty_company = self.company_data_2["company"]
        dossier = self.make_dossier(self.other_student, company_id=empty_company.id)
        dossier.with_context(lang="fr_FR").action_refresh_indicators()
        self.assertEqual(len(dossier.indicator_ids), 13)
        self.assertTrue(all(dossier.indicator_ids.mapped("is_empty")))
        html = dossier.with_context(lang="fr_FR").indicator_html_turnover
        self.assertIn("aucune facture", html)
        self.assertIn(empty_company.name, html)

    def test_student_cannot_present_a_company_outside_their_access(self):
        with self.assertRaisesRegex(Exception, "vous avez accès"):
            self.dossier.with_user(self.student).with_context(
                lang="fr_FR"
            ).company_id = self.company_data_2["company"]

    def test_read_group_only(self):
        """The figures cost a fixed number of queries, whatever the volume."""

        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            IndicatorBuilder(self.env)._get_indicators(self.company)
            return self.env.cr.sql_log_count - before

        count()  # warm the ORM caches
        first = count()
        customers = self.env["res.partner"].create(
            [{"name": f"T-Client vrac {i}"} for i in range(15)]
        )
        for i, customer in enumerate(customers):
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": date(2024, 5, 1 + i),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "x",
                                "price_unit": 100 + i,
                                "tax_ids": [],
                                "product_id": self.paper.id,
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"payment_date": date(2024, 6, 1 + i)})._create_payments()
        self.assertEqual(count(), first)
        # 13 indicators: two read_group or so each.
        self.assertLessEqual(first, 34)

    # --- The data builder, on its own -----------------------------------------
    def test_builder_returns_plain_data(self):
        """Lists of dicts a PDF or an XLSX can reuse: no HTML, no record."""
        built = IndicatorBuilder(self.env)._get_indicators(self.company)
        self.assertEqual(
            [i["code"] for i in built],
            list(IndicatorBuilder(self.env)._indicator_specs()),
        )

        def walk(value):
            if isinstance(value, dict):
                return [v for item in value.values() for v in walk(item)]
            if isinstance(value, (list, tuple)):
                return [v for item in value for v in walk(item)]
            return [value]

        leaves = walk(built)
        self.assertFalse([v for v in leaves if isinstance(v, (Markup, BaseModel))])
        self.assertFalse([v for v in leaves if isinstance(v, str) and "<" in v])
        json.dumps(built, default=str)  # serialisable as is
        top = next(i for i in built if i["code"] == "customers_top")
        self.assertEqual(
            top["data"]["rows"][0],
            ["T-Client A", {"t": "amount", "v": 1500.0}, {"t": "pct", "v": 42.86}],
        )

    def test_builder_output_renders_with_the_form_template(self):
        """The QWeb sub-template of the form lays out the builder's output."""
        built = IndicatorBuilder(self.env)._get_indicators(self.company)
        currency = self.company.currency_id
        html = (
            self.env["ir.qweb"]
            .with_context(lang="fr_FR")
            ._render(
                "gpme_e4.indicator_tables",
                {"indicators": [dict(i, currency=currency) for i in built]},
            )
        )
        self.assertIn("T-Client A", html)
        self.assertIn("42,86 %", html)
        self.assertIn("3\xa0500,00", html)

    def test_terms_others_row_counts_its_invoices(self):
        """Beyond ten payment terms, « Others » shows how many invoices it
        gathers (it used to show 0 whatever their number)."""
        terms = self.env["account.payment.term"].create(
            [{"name": f"T-Terme {i:02d}"} for i in range(11)]
        )
        for i, term in enumerate(terms):
            # Two invoices on each of the first 9 terms (the largest amounts),
            # one small invoice on each of the last two.
            count = 2 if i < 9 else 1
            for __ in range(count):
                invoice = self.env["account.move"].create(
                    {
                        "move_type": "out_invoice",
                        "partner_id": self.cust_c.id,
                        "invoice_date": date(2024, 7, 1),
                        "invoice_payment_term_id": term.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "x",
                                    "price_unit": 5000 - 10 * i,
                                    "tax_ids": [],
                                }
                            )
                        ],
                    }
                )
                invoice.action_post()
        builder = IndicatorBuilder(
            self.env(context={**self.env.context, "lang": "fr_FR"})
        )
        built = builder._get_indicators(self.company)
        rows = next(i for i in built if i["code"] == "terms_customer")["data"]["rows"]
        self.assertEqual(len(rows), 11)
        others = rows[-1]
        # The ten largest are the first ten new terms (about 10,000 and 4,910);
        # the others are the last new term (1 invoice, 4,900), « 30 days »
        # (2 invoices, 3,500) and « no terms » (1 invoice, 500): 4 invoices.
        self.assertEqual(others[0], "Autres")
        self.assertEqual(others[1], {"t": "int", "v": 4})
