"""The demo database is what it claims: a French training company with two
fiscal years of consistent business, indicators that match hand-made sums, a
class year whose dossiers pass or fail the checker as announced, students
who can do their PGI work."""

import hashlib
import json
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.addons.gpme_e4.services.conformity import failed
from odoo.addons.gpme_e4.tests.reference_dates import (
    TEST_TODAY,
    company_fiscal_year,
    demo_date,
    evaluation_dates,
)
from odoo.tests import BaseCase, TransactionCase, tagged
from odoo.tools import html2plaintext

from ..models.gpme_demo_business_builder import RECENT_DAYS
from ..services import demo_fiches, demo_plan


@tagged("post_install", "-at_install")
class TestDemoPlan(BaseCase):
    """The plan is deterministic, consistent and dated relative to today."""

    def test_same_plan_for_same_day(self):
        today = date(2026, 11, 28)
        first, second = demo_plan.build_plan(today), demo_plan.build_plan(today)
        self.assertEqual(first, second)

    def test_last_fiscal_year_and_current_one(self):
        for today in (date(2026, 11, 28), date(2027, 3, 1), date(2028, 1, 15)):
            (s1, e1), (s2, e2) = demo_plan.fiscal_years(today)
            # What the students record today falls in the current year.
            self.assertTrue(s2 < today < e2)
            self.assertEqual(e2.month, today.month % 12 + 1)
            self.assertEqual(s2, e1 + timedelta(days=1))
            self.assertEqual((s2.month, s2.day), (s1.month, s1.day))
            self.assertEqual(s2.year, s1.year + 1)
            plan = demo_plan.build_plan(today)
            for quote in plan.quotes:
                self.assertTrue(s1 <= quote.day <= today, quote)
                for pay_day, __ in quote.pay:
                    self.assertLess(pay_day, today)
            for purchase in plan.purchases:
                self.assertTrue(s1 <= purchase.day <= today, purchase)
            for bill in plan.bills:
                self.assertTrue(s1 <= bill[1] <= today, bill)

    def test_every_build_day_tells_the_same_story(self):
        """Built on any day (run.sh builds around the real today), the demo
        holds what its tests and the fiches rely on: partial and late payers,
        credit notes and purchases in both fiscal years."""
        terms = {c[0]: c[4] for c in demo_plan.CUSTOMERS}
        day, last = date(2026, 1, 1), date(2028, 12, 31)
        while day <= last:
            plan = demo_plan.build_plan(day)
            invoiced = [q for q in plan.quotes if q.state == "invoiced"]
            paid = {id(q): sum(share for __, share in q.pay) for q in invoiced}
            with self.subTest(built=day):
                self.assertTrue(any(0 < paid[id(q)] < 1 for q in invoiced))
                self.assertTrue(
                    any(
                        paid[id(q)] < 1
                        and demo_plan.due_date(terms[q.customer], q.day) < day
                        for q in invoiced
                    ),
                    "an overdue invoice",
                )
                for start, end in (plan.fy1, plan.fy2):
                    self.assertTrue(
                        any(q.refund and start <= q.refund[0] <= end for q in invoiced)
                    )
                    self.assertTrue(
                        any(
                            p.state == "billed" and start <= p.day <= end
                            for p in plan.purchases
                        )
                    )
                for bill in plan.bills:
                    self.assertLessEqual(bill[1], day)
            day += timedelta(days=5)

    def test_fiches_lived_during_the_internships_on_any_build_day(self):
        """Whatever day the demo is built, the fiches of the internship
        fall within one of the two six-week internships (Monday to Friday),
        before that day; the first-year bilan follows the first internship
        and precedes the second year."""
        day, last = date(2026, 1, 1), date(2028, 12, 31)
        while day <= last:
            internships = demo_fiches.internships(day)
            with self.subTest(built=day):
                for start, end in internships:
                    self.assertEqual((start.weekday(), end.weekday()), (0, 4))
                    self.assertEqual((end - start).days, 39)
                    self.assertLess(end, day)
                plans = demo_fiches.student_plans(day)
                for plan in plans:
                    for fiche in plan.get("fiches", ()):
                        values = fiche["values"]
                        if not values.get("date_start"):
                            continue
                        self.assertTrue(
                            any(
                                a <= values["date_start"] <= values["date_end"] <= b
                                for a, b in internships
                            ),
                            values["name"],
                        )
                        self.assertEqual(
                            values["period_date"], values["date_start"].replace(day=1)
                        )
                first = plans[0]["reviews"][0]
                self.assertTrue(first["first_year"])
                self.assertGreaterEqual(first["date"], internships[0][1])
                self.assertLessEqual(first["date"], demo_fiches.first_year_end(day))
            day += timedelta(days=11)

    def test_vat_numbers(self):
        # The company's own number, from its SIREN.
        self.assertEqual(demo_plan.siren("48213560"), "482135605")
        self.assertEqual(demo_plan.french_vat("482135605"), "FR57482135605")
        self.assertEqual(demo_plan.german_vat("13645872"), "DE136458720")

    def test_prices_above_cost_and_restocking_follows_sales(self):
        for product in demo_plan.PRODUCTS:
            self.assertGreater(product[4], product[3], product[1])
        plan = demo_plan.build_plan(date(2026, 11, 28))
        costs = {p[0]: p[3] for p in demo_plan.PRODUCTS}
        prices = {p[0]: p[4] for p in demo_plan.PRODUCTS}
        sold = sum(
            prices[k] * q
            for x in plan.quotes
            if x.state == "invoiced"
            for k, q in x.lines
        )
        bought = sum(
            costs[k] * q
            for x in plan.purchases
            if x.state == "billed"
            for k, q in x.lines
        )
        # A distributor's margin: purchases of goods are about 55 % of sales.
        self.assertTrue(0.4 * sold < bought < 0.75 * sold, (sold, bought))


@tagged("post_install", "-at_install")
class TestDemoCompany(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("gpme_e4_demo.demo_company")
        # The demo's calendar, not the day the suite runs.
        cls.today = demo_date(cls.env)
        cls.fy1, cls.fy2 = demo_plan.fiscal_years(cls.today)
        cls.Move = cls.env["account.move"].with_context(active_test=False)
        cls.domain = [("company_id", "=", cls.company.id), ("state", "=", "posted")]

    def test_identity_and_french_chart(self):
        company = self.company
        self.assertEqual(company.country_id.code, "FR")
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.vat, "FR57482135605")
        self.assertEqual(company.siret, "48213560500020")
        self.assertTrue(company.logo and company.phone and company.email)
        self.assertEqual(
            company.chart_template_id,
            self.env.ref("l10n_fr.l10n_fr_pcg_chart_template"),
        )
        rates = set(
            self.env["account.tax"]
            .search([("company_id", "=", company.id), ("type_tax_use", "=", "sale")])
            .mapped("amount")
        )
        self.assertLessEqual({20.0, 10.0, 5.5}, rates)
        # Each rate is really used on the invoices of the company.
        used = set(
            self.env["account.move.line"]
            .search(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "=", "out_invoice"),
                    ("display_type", "=", "product"),
                ]
            )
            .tax_ids.mapped("amount")
        )
        self.assertLessEqual({20.0, 10.0, 5.5}, used)

    def test_market(self):
        Partner = self.env["res.partner"]
        for tag in ("Professionnels", "Secteur public", "Particuliers", "Prospects"):
            self.assertTrue(
                Partner.search_count(
                    [
                        ("company_id", "=", self.company.id),
                        ("category_id.name", "=", tag),
                    ]
                ),
                tag,
            )
        products = self.env["product.product"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertGreaterEqual(len(products), 12)
        for product in products.filtered(lambda p: p.detailed_type != "service"):
            self.assertGreater(product.list_price, product.standard_price)
            self.assertTrue(product.seller_ids, product.name)
        self.assertGreaterEqual(
            self.env["product.pricelist"].search_count(
                [("company_id", "=", self.company.id)]
            ),
            3,
        )

    def test_two_fiscal_years_of_business(self):
        Order = self.env["sale.order"]
        company = [("company_id", "=", self.company.id)]
        self.assertTrue(Order.search_count(company + [("state", "=", "cancel")]))
        self.assertTrue(
            Order.search_count(company + [("state", "in", ("draft", "sent"))])
        )
        for date_from, date_to in (self.fy1, self.fy2):
            in_year = [
                ("invoice_date", ">=", date_from),
                ("invoice_date", "<=", date_to),
            ]
            for move_type in ("out_invoice", "out_refund", "in_invoice", "in_refund"):
                if move_type == "in_refund" and date_to == self.fy2[1]:
                    continue
                self.assertTrue(
                    self.Move.search_count(
                        self.domain + in_year + [("move_type", "=", move_type)]
                    ),
                    (move_type, date_from),
                )
        states = set(
            self.Move.search(self.domain + [("move_type", "=", "out_invoice")]).mapped(
                "payment_state"
            )
        )
        self.assertLessEqual({"paid", "partial", "not_paid"}, states)
        overdue = self.Move.search_count(
            self.domain
            + [
                ("move_type", "=", "out_invoice"),
                ("payment_state", "!=", "paid"),
                ("invoice_date_due", "<", self.today),
            ]
        )
        self.assertTrue(overdue, "some customers pay late")
        # Calls for tenders: one need asked to several suppliers.
        rfqs = self.env["purchase.order"].read_group(
            company + [("origin", "!=", False)],
            ["partner_id:count_distinct"],
            ["origin"],
        )
        self.assertTrue(any(g["partner_id"] >= 3 for g in rfqs), rfqs)
        lines = self.env["account.bank.statement.line"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertGreater(len(lines), 100)
        # Matched on the statements, except the lines of the last weeks.
        recent = self.today - timedelta(days=RECENT_DAYS)
        self.assertTrue(
            all(lines.filtered(lambda ln: ln.date < recent).mapped("is_reconciled"))
        )
        self.assertTrue(
            self.env["account.payment"].search_count(
                company + [("state", "=", "posted")]
            )
        )

    def _company_partners(self):
        """The company's customers, prospects and suppliers (not their
        contacts, nor the users)."""
        Partner = self.env["res.partner"]
        return Partner.search(
            [
                ("company_id", "=", self.company.id),
                ("parent_id", "=", False),
                ("user_ids", "=", False),
                "|",
                "|",
                ("customer_rank", ">", 0),
                ("supplier_rank", ">", 0),
                ("category_id.name", "=", "Prospects"),
            ]
        )

    def test_partners_with_french_address_and_vat_number(self):
        partners = self._company_partners()
        self.assertGreaterEqual(len(partners), 28)
        for partner in partners:
            with self.subTest(partner=partner.name):
                self.assertTrue(partner.street and partner.zip and partner.city)
                self.assertTrue(partner.country_id)
                if not partner.is_company:
                    # Individuals have no VAT number.
                    self.assertFalse(partner.vat)
                    continue
                vat = partner.vat or ""
                self.assertEqual(vat[:2], partner.country_id.code)
                if partner.country_id.code != "FR":
                    self.assertTrue(
                        partner.country_id in self.env.ref("base.europe").country_ids
                    )
                    continue
                self.assertEqual(len(partner.zip), 5)
                self.assertRegex(vat, r"^FR\d{11}$")
                number = int(vat[4:])
                # The key of a French VAT number: (12 + 3 × (SIREN mod 97)) mod 97.
                self.assertEqual(int(vat[2:4]), (12 + 3 * (number % 97)) % 97)
                # A SIREN passes the Luhn check.
                digits = [int(c) for c in vat[4:]]
                total = sum(
                    d if i % 2 == 0 else (2 * d - 9 if 2 * d > 9 else 2 * d)
                    for i, d in enumerate(reversed(digits))
                )
                self.assertEqual(total % 10, 0, vat)
        # Their contacts share the address.
        contact = self.env["res.partner"].search(
            [("parent_id", "in", partners.ids), ("type", "=", "contact")], limit=1
        )
        self.assertEqual(contact.street, contact.parent_id.street)

    def test_bills_with_payment_terms(self):
        bills = self.Move.search(self.domain + [("move_type", "=", "in_invoice")])
        self.assertTrue(bills)
        self.assertFalse(bills.filtered(lambda m: not m.invoice_payment_term_id))
        self.assertFalse(bills.filtered(lambda m: m.invoice_date > self.today))

    def test_company_sells_products_with_french_vat_only(self):
        products = self.env["product.product"].search(
            [
                ("sale_ok", "=", True),
                ("company_id", "in", (False, self.company.id)),
            ]
        )
        self.assertTrue(products)
        for product in products:
            with self.subTest(product=product.display_name):
                taxes = product.taxes_id.filtered(
                    lambda t, c=self.company: t.company_id == c
                )
                self.assertTrue(taxes)
                self.assertEqual(set(taxes.mapped("country_id.code")), {"FR"})
        # Odoo's own demo products are not offered to it.
        self.assertFalse(
            products.filtered(lambda p: p.default_code and "FURN" in p.default_code)
        )

    def test_invoices_bear_the_french_mandatory_mentions(self):
        invoices = self.Move.search(self.domain + [("move_type", "=", "out_invoice")])
        self.assertTrue(invoices)
        for invoice in invoices:
            text = html2plaintext(invoice.narration or "")
            self.assertIn("pénalités", text, invoice.name)
            self.assertIn("40 €", text, invoice.name)
        # The printed invoice speaks French only (the partner's language).
        invoice = invoices.filtered(
            lambda m: (
                m.commercial_partner_id.is_company and m.partner_id.lang == "fr_FR"
            )
        )[:1]
        html = self.env["ir.actions.report"]._render_qweb_html(
            "account.report_invoice", invoice.ids
        )[0]
        text = html2plaintext(html.decode())
        self.assertIn("Type d'opération", text)
        self.assertIn("pénalités de retard", text)
        for english in (
            "Operation Type",
            "Customer Address",
            "Invoice Date",
            "Due Date",
            "Unit Price",
            "Untaxed Amount",
            "Payment terms",
            "Goods Delivery",
            "Service Delivery",
        ):
            self.assertNotIn(english, text)

    def test_bank_feed_up_to_today_with_lines_to_reconcile(self):
        lines = self.env["account.bank.statement.line"].search(
            [("company_id", "=", self.company.id)], order="date desc, id desc"
        )
        last = lines[0].date
        self.assertLessEqual(last, self.today)
        self.assertGreaterEqual(last, self.today - timedelta(days=4))
        to_match = lines.filtered(lambda ln: not ln.is_reconciled)
        self.assertGreaterEqual(len(to_match), 3)
        self.assertTrue(
            all(ln.date > self.today - timedelta(days=45) for ln in to_match)
        )
        # Among them, payments registered in the PGI that wait for their
        # bank line (task 1.6: match one with the other).
        payments = self.env["account.payment"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "posted"),
                ("is_matched", "=", False),
            ]
        )
        self.assertTrue(
            any(
                (ln.partner_id, abs(ln.amount))
                in {(p.partner_id, p.amount) for p in payments}
                for ln in to_match
            )
        )

    def test_company_fiscal_year_is_the_plan_s(self):
        for fy in (self.fy1, self.fy2):
            for day in fy:
                self.assertEqual(company_fiscal_year(self.company, day), fy)

    def test_indicators_equal_hand_sums(self):
        """At every evaluation date around the build, the indicators are the
        sums a teacher would make by hand from the posted invoices."""
        # Hugo's draft dossier (Léa's indicators are frozen at her hand-in).
        dossier = self.env.ref("gpme_e4_demo.demo_dossier_student2")
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("parent_state", "=", "posted"),
                ("display_type", "=", "product"),
                ("move_id.move_type", "in", list(SIGNS)),
            ]
        )
        rows = [
            (
                line.move_id.invoice_date,
                line.move_id.move_type,
                SIGNS[line.move_id.move_type] * line.price_subtotal,
                line.move_id.commercial_partner_id.name,
            )
            for line in lines
        ]
        days = evaluation_dates(self.today, self.company)
        self.assertEqual(len(set(days.values())), len(days), days)
        for label, day in days.items():
            with (
                self.subTest(at=label, day=day),
                freeze_time(datetime.combine(day, time(12))),
            ):
                dossier._gpme_refresh_indicators()
                self._check_hand_sums(dossier, rows, day, label == "build day")

    def _check_hand_sums(self, dossier, rows, today, build_day):
        def fiscal_year(day):
            return company_fiscal_year(self.company, day)

        rows = [r for r in rows if r[0] <= today]
        indicators = {i.code: i for i in dossier.indicator_ids}
        # The period: the fiscal year of the last invoice up to today, cut
        # at today while it runs.
        date_from, date_to = fiscal_year(max(r[0] for r in rows))
        until = min(date_to, today)
        running = date_to >= today
        sales = defaultdict(float)
        for day, move_type, amount, __ in rows:
            if move_type.startswith("out"):
                sales[fiscal_year(day)] += amount
        if running:
            sales[(date_from, date_to)] += 0.0
        years = indicators["turnover"].data["years"]
        self.assertEqual(
            [(y["date_from"], y["date_to"]) for y in years],
            [(str(a), str(b)) for a, b in sorted(sales)],
        )
        for year, key in zip(years, sorted(sales), strict=True):
            self.assertAlmostEqual(year["amount"], sales[key], places=2)
        last = years[-1]
        self.assertEqual(bool(last["until"]), running)
        if running and len(years) > 1:
            # A running year is compared with the same days of the previous one.
            previous_from = fiscal_year(date_from - timedelta(days=1))[0]
            try:
                same_day = until.replace(year=until.year - 1)
            except ValueError:  # 29 February
                same_day = until.replace(year=until.year - 1, day=28)
            compared = sum(
                a
                for d, t, a, __ in rows
                if t.startswith("out") and previous_from <= d <= same_day
            )
            self.assertAlmostEqual(last["compared_amount"], compared, places=2)
        in_period = [r for r in rows if date_from <= r[0] <= until]
        by_customer = defaultdict(float)
        for __, move_type, amount, partner in in_period:
            if move_type.startswith("out"):
                by_customer[partner] += amount
        top = indicators["customers_top"].data
        if by_customer:
            self.assertAlmostEqual(top["total"], sum(by_customer.values()), places=2)
            best = max(by_customer, key=by_customer.get)
            self.assertEqual(top["items"][0]["label"], best)
            self.assertAlmostEqual(
                top["items"][0]["amount"], by_customer[best], places=2
            )
        purchases = sum(-a for __, t, a, __ in in_period if t.startswith("in"))
        if purchases:
            self.assertAlmostEqual(
                indicators["purchases_supplier"].data["total"], purchases, places=2
            )
        if not build_day:
            return
        # On the day the demo was built, its story holds: growth, every
        # indicator filled, customers paying later than suppliers are paid.
        self.assertTrue(running)
        self.assertGreater(last["evolution"], 0)
        for code in (
            "customers_tag",
            "purchases_category",
            "delay_customer",
            "delay_supplier",
            "terms_customer",
            "terms_supplier",
        ):
            self.assertFalse(indicators[code].is_empty, code)
        self.assertEqual(
            {i["label"] for i in indicators["customers_tag"].data["items"]},
            {"Professionnels", "Secteur public", "Particuliers"},
        )
        delay = indicators["delay_customer"].data["delay"]["days"]
        self.assertTrue(20 < delay < 60, delay)


SIGNS = {"out_invoice": 1, "out_refund": -1, "in_invoice": -1, "in_refund": 1}


@tagged("post_install", "-at_install")
class TestDemoClass(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cohort = cls.env.ref("gpme_e4_demo.demo_cohort")
        cls.dossiers = [
            cls.env.ref("gpme_e4_demo.demo_dossier_student%d" % n) for n in range(1, 5)
        ]
        cls.findings = (
            cls.dossiers[0]
            .browse([d.id for d in cls.dossiers])
            ._gpme_conformity_findings()
        )

    def failed_codes(self, dossier):
        """Codes of the failed rules, warnings (advice) left aside."""
        return {
            f.code for f in failed(self.findings[dossier.id]) if f.severity != "warning"
        }

    def test_class_year(self):
        self.assertEqual(len(self.cohort.teacher_ids), 2)
        self.assertEqual(len(self.cohort.student_ids), 4)
        # Every student has a dossier, including the one who never logged in.
        self.assertEqual(
            {d.student_id for d in self.dossiers}, set(self.cohort.student_ids)
        )
        self.assertEqual(
            {d.company_id for d in self.dossiers},
            {self.env.ref("gpme_e4_demo.demo_company")},
        )

    def test_complete_dossier_passes_the_checker(self):
        lea = self.dossiers[0]
        self.assertEqual(self.failed_codes(lea), set())
        situations = lea.situation_ids
        self.assertGreaterEqual(len(situations), 6)
        self.assertEqual(set(situations.mapped("state")), {"validated"})
        self.assertEqual(
            set(situations.e4_activity_ids.mapped("code")),
            {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6"},
        )
        self.assertEqual(len(lea.review_ids), 3)
        # Grid A is proposed from the bilans of the second year: two for Léa,
        # one for Hugo, positioned on most critères de performance.
        year2 = (lea | self.dossiers[1]).review_ids.filtered(
            lambda r: r.training_year == "2"
        )
        self.assertEqual(len(year2), 3)
        performance = self.env["gpme.grid.criterion"].search_count(
            [("kind", "=", "performance")]
        )
        positioned = lea.review_ids.line_ids.position_ids.criterion_id
        self.assertGreater(len(positioned), performance / 2)
        self.assertTrue(lea.indicator_ids)
        # Handed in by herself: frozen, and the commission has a candidate.
        self.assertEqual(lea.state, "submitted")
        self.assertTrue(lea.indicators_frozen)
        jury = self.env.ref("gpme_e4_demo.demo_user_commission")
        seen = self.env["gpme.dossier"].with_user(jury).search([])
        self.assertEqual(seen, lea)

    def test_evidence_made_by_the_student_herself(self):
        for dossier in self.dossiers[:3]:
            evidence = self.env["gpme.evidence"].search(
                [("dossier_id", "=", dossier.id)]
            )
            self.assertTrue(evidence, dossier.name)
            for item in evidence:
                self.assertEqual(item.tagged_by_id, dossier.student_id)
                self.assertEqual(item.create_uid, dossier.student_id)
                source = self.env[item.res_model].browse(item.res_id)
                self.assertEqual(source.create_uid, dossier.student_id, item.name)
                self.assertEqual(item.company_id, dossier.company_id)
                self.assertTrue(item.snapshot_hash, item.name)

    def test_evidence_dated_within_the_fiche_and_the_internships(self):
        """The student tagged each document in the week the fiche describes,
        during an internship; the document's own date, the tagging and the
        frozen version (and its seal) say so."""
        today = demo_date(self.env)
        internships = demo_fiches.internships(today)
        evidence = self.env["gpme.evidence"].search(
            [("dossier_id", "in", [d.id for d in self.dossiers[:2]])]
        )
        self.assertGreaterEqual(len(evidence), 12)
        date_fields = {
            "sale.order": "date_order",
            "purchase.order": "date_order",
            "account.move": "invoice_date",
            "account.payment": "date",
        }
        for item in evidence:
            fiche = item.situation_id
            start, end = fiche.date_start, fiche.date_end
            with self.subTest(evidence=item.name, fiche=fiche.name):
                self.assertTrue(start and end)
                self.assertTrue(
                    any(a <= start and end <= b for a, b in internships),
                    (start, end, internships),
                )
                self.assertTrue(start <= item.tagged_date.date() <= end)
                first = item.snapshot_ids.sorted("version")[:1]
                self.assertTrue(start <= first.taken_date.date() <= end)
                sealed = json.loads(first.seal_json)["context"]
                self.assertEqual(sealed["taken"][:10], str(first.taken_date.date()))
                self.assertEqual(
                    first.seal,
                    hashlib.sha256(first.seal_json.encode("utf-8")).hexdigest(),
                )
                field = date_fields.get(item.res_model)
                if field:
                    value = self.env[item.res_model].browse(item.res_id)[field]
                    day = value.date() if isinstance(value, datetime) else value
                    self.assertTrue(start <= day <= end, (item.res_model, day))
        # Nothing dated after the demo's day either.
        self.assertFalse(
            self.env["gpme.evidence"]
            .search([("dossier_id", "in", [d.id for d in self.dossiers])])
            .filtered(lambda e: e.tagged_date.date() > today)
        )

    def test_commission_has_a_teacher_and_a_professional(self):
        session = self.env.ref("gpme_e4_demo.demo_exam_session")
        roles = {m.role: m.user_id for m in session.member_ids}
        self.assertIn("professional", roles)
        teachers = session.member_ids.filtered(
            lambda m: m.role in ("grcf", "communication")
        ).user_id
        self.assertTrue(teachers)
        self.assertTrue(teachers & self.cohort.teacher_ids)
        self.assertTrue(roles["professional"] not in self.cohort.teacher_ids)

    def test_demo_chatter_in_french(self):
        """No English in what the demo wrote in the chatter (models' and
        activity types' names are loaded in French before the demo runs)."""
        company = self.env.ref("gpme_e4_demo.demo_company")
        messages = self.env["mail.message"].search([("model", "=like", "gpme.%")])
        for model in ("sale.order", "purchase.order", "account.move"):
            ids = self.env[model].search([("company_id", "=", company.id)]).ids
            messages |= self.env["mail.message"].search(
                [("model", "=", model), ("res_id", "in", ids)]
            )
        messages |= self.env["mail.message"].search(
            [("model", "=", "res.company"), ("res_id", "=", company.id)]
        )
        self.assertTrue(messages)
        english = (
            "Review a fiche",
            "BTS GPME class",
            " created",
            "Sales Order",
            "Purchase Order",
            "Vendor Bill",
            "Invoice",
            " done",
            "Fiche submitted",
            "Progress review",
            "E4 exam session",
            "Companies",
        )
        for message in messages:
            text = "%s %s" % (
                message.subject or "",
                html2plaintext(message.body or ""),
            )
            for marker in english:
                self.assertNotIn(marker, text, (message.model, message.res_id))

    def test_halfway_and_starting_dossiers_fail_as_expected(self):
        hugo, ines, yanis = self.dossiers[1:]
        self.assertEqual(
            set(hugo.situation_ids.mapped("state")),
            {"validated", "submitted", "to_rework"},
        )
        hugo_failed = self.failed_codes(hugo)
        self.assertIn("CONTEXT_COMPLETE", hugo_failed)
        self.assertIn("FICHES_VALIDATED", hugo_failed)
        self.assertIn("ALL_ACTIVITIES", hugo_failed)
        self.assertIn("MIN_WRITTEN", hugo_failed)
        self.assertNotIn("GRCF_SALES_ADMIN", hugo_failed)
        ines_failed = self.failed_codes(ines)
        self.assertLessEqual(
            {
                "CONTEXT_COMPLETE",
                "MIN_ORAL",
                "MIN_WRITTEN",
                "ALL_ACTIVITIES",
            },
            ines_failed,
        )
        self.assertEqual(ines.situation_ids.state, "draft")
        self.assertFalse(yanis.situation_ids)
        self.assertLessEqual({"MIN_ORAL", "MIN_WRITTEN"}, self.failed_codes(yanis))
        # Fiches waiting for review: the teachers have a to-do each.
        waiting = hugo.situation_ids.filtered(lambda s: s.state == "submitted")
        self.assertEqual(
            set(waiting.activity_ids.user_id), set(self.cohort.teacher_ids)
        )

    def test_plans_cover_every_kind_of_document(self):
        kinds = {
            doc["kind"]
            for plan in demo_fiches.student_plans(date(2026, 11, 28))
            for fiche in plan.get("fiches", ())
            for doc in fiche["documents"]
        }
        self.assertEqual(
            kinds,
            {
                "prospect",
                "quotation",
                "invoice",
                "credit_note",
                "rfq",
                "supplier_price",
                "bill",
                "payment",
            },
        )


@tagged("post_install", "-at_install")
class TestStudentRights(TransactionCase):
    """A student of the demo class does her PGI work in the training company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.student = cls.env.ref("gpme_e4_demo.demo_user_student4")
        cls.company = cls.env.ref("gpme_e4_demo.demo_company")

    def test_student_does_the_pgi_work(self):
        env = self.env(
            user=self.student, context={"allowed_company_ids": [self.company.id]}
        )
        self.assertTrue(self.student.has_group("gpme_e4.group_student"))
        partner = env["res.partner"].create(
            {"name": "Nouvelle cliente", "company_id": self.company.id}
        )
        partner.write({"phone": "+33 4 00 00 00 00"})
        product = self.env.ref("gpme_e4_demo.demo_product_ramette")
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 5})
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        refund = invoice._reverse_moves([{"ref": "Avoir"}])
        refund.action_post()
        supplier = self.env.ref("gpme_e4_demo.demo_partner_dauphine")
        price = env["product.supplierinfo"].create(
            {
                "partner_id": supplier.id,
                "product_tmpl_id": product.product_tmpl_id.id,
                "price": 3.0,
            }
        )
        price.price = 2.95
        purchase = env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_qty": 50})
                ],
            }
        )
        purchase.button_confirm()
        purchase.action_create_invoice()
        bill = purchase.invoice_ids
        bill.invoice_date = TEST_TODAY
        bill.action_post()
        for move in (invoice, bill):
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({})._create_payments()
        self.assertEqual(invoice.payment_state in ("paid", "in_payment"), True)
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.create_uid, self.student)
