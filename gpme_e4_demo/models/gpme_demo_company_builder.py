"""The demo training company: identity, chart, market and two fiscal years.

Called by a <function> of the addon's data at install (an upgrade finds the
company's chart already set and does nothing). The business follows
``services/demo_plan.py``, a seeded plan with dates relative to the demo's
reference date (``services/demo_records.py``), and is written in batches so
the install stays fast.
"""

import logging
import time
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..services import demo_plan, demo_records

_logger = logging.getLogger(__name__)

SALE_TAX = {20: "tva_normale", 10: "tva_intermediaire", 5.5: "tva_reduite"}
PURCHASE_TAX = {
    20: "tva_acq_normale",
    10: "tva_acq_intermediaire",
    5.5: "tva_acq_reduite",
}
BILL_ACCOUNTS = {
    "rent": "pcg_6132",
    "telecom": "pcg_626",
    "transport": "pcg_6241",
    "vehicle": "pcg_2182",
}
# Payments of the last weeks are not on a bank statement yet.
RECENT_DAYS = 40
OPENING_BALANCE = 38500.0
# The mentions a French invoice between professionals must bear (Code de
# commerce, articles L. 441-9, L. 441-10 and D. 441-5).
INVOICE_TERMS = (
    "Pas d'escompte pour paiement anticipé. En cas de retard de paiement, "
    "des pénalités de retard sont exigibles au taux de la Banque centrale "
    "européenne majoré de 10 points (article L. 441-10 du Code de commerce), "
    "ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € "
    "(article D. 441-5 du Code de commerce). Réserve de propriété : les "
    "marchandises restent la propriété de Bureau Plus SARL jusqu'au paiement "
    "intégral du prix."
)
SEGMENT_TAGS = {
    "pro": "Professionnels",
    "public": "Secteur public",
    "private": "Particuliers",
    "prospect": "Prospects",
}
SUPPLIER_TAGS = {
    "goods": "Fournisseur de marchandises",
    "services": "Prestataire de services",
    "overheads": "Frais généraux",
    "assets": "Fournisseur d'immobilisations",
}


class GpmeDemoCompanyBuilder(models.AbstractModel):
    _name = "gpme.demo.company.builder"
    _description = "Builder of the demo training company"

    @api.model
    def _build_demo_company(self, company=None):
        company = company or demo_records.ref(
            self.env, "demo_company", raise_if_not_found=False
        )
        if not company or company.chart_template_id:
            return False
        # The training company is French: its partners and users speak French
        # even when the database was created without loading the language.
        self.env["res.lang"]._activate_lang("fr_FR")
        started = time.time()
        env = self.env(
            su=True,
            context=dict(
                self.env.context,
                lang="fr_FR",
                tracking_disable=True,
                mail_create_nolog=True,
                mail_notrack=True,
                allowed_company_ids=[company.id],
            ),
        )
        builder = self.with_env(env).with_company(company)
        today = demo_records.demo_date(builder.env)
        plan = demo_plan.build_plan(today)
        refs = {}
        for step in (
            lambda: builder._setup_company(company),
            lambda: builder._set_fiscal_year(company, plan),
            lambda: builder._french_invoicing(company),
            lambda: refs.update(builder._create_market(company)),
            lambda: builder._create_sales(company, plan, refs, today),
            lambda: builder._create_purchases(company, plan, refs, today),
            lambda: builder._create_bank_statements(company, refs, plan, today),
        ):
            step_start = time.time()
            step()
            _logger.info("demo step done in %.1f s", time.time() - step_start)
        _logger.info("Demo training company built in %.1f s", time.time() - started)
        return True

    @api.model
    def _load_french_terms(self):
        """The demo's chatter (« Classe de BTS GPME créé », « Relire une
        fiche terminée ») is written with the names of gpme_e4's models and
        activity types in the language of the training company. Odoo loaded
        gpme_e4's French before this addon when French was installed; in a
        database created without it, install French first, as Settings >
        Languages does."""
        if "fr_FR" in dict(self.env["res.lang"].get_installed()):
            return True
        self.env["res.lang"]._activate_lang("fr_FR")
        Module = self.env["ir.module.module"]
        installed = Module.search([("state", "=", "installed")])
        Module._load_module_terms(installed.mapped("name"), ["fr_FR"])
        # Saved in SQL: the names already read (ir.model's) are stale.
        self.env.invalidate_all()
        self.env.registry.clear_caches()
        return True

    # ------------------------------------------------------------------
    def _ref(self, company, name):
        return self.env.ref(f"l10n_fr.{company.id}_{name}")

    def _setup_company(self, company):
        chart = self.env.ref("l10n_fr.l10n_fr_pcg_chart_template")
        chart.try_loading(company=company, install_demo=False)
        # Prices per customer category: shown on quotations.
        self.env.ref("base.group_user")._apply_group(
            self.env.ref("product.group_product_pricelist")
        )

    def _french_invoicing(self, company):
        """What a French invoice must say, and only French products.

        - The mandatory mentions (Code de commerce, L. 441-10 and D. 441-5)
          in the company's terms, which Odoo copies on every quotation and
          invoice.
        - Odoo's own demo products (no French VAT, English names) are kept
          to Odoo's first company: the training company sells its own.
        - l10n_fr_invoice_addr's « Operation Type: » and « Customer
          Address: » labels miss their French (its terms do not match its
          view's), so the printed invoice showed them in English.
        """
        self.env["ir.config_parameter"].sudo().set_param(
            "account.use_invoice_terms", True
        )
        company.write({"terms_type": "plain", "invoice_terms": INVOICE_TERMS})
        main = self.env.ref("base.main_company", raise_if_not_found=False)
        deposit = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sale.default_deposit_product_id")
        )
        shared = (
            self.env["product.template"]
            .with_context(active_test=False)
            .search([("company_id", "=", False)])
        )
        for template in shared.filtered(
            lambda t: str(t.product_variant_id.id) != str(deposit)
        ):
            if not main or main == company:
                template.active = False
                continue
            try:
                with self.env.cr.savepoint():
                    template.company_id = main
            except ValidationError:
                # Sold by another company already: archived instead.
                template.active = False
        # What stays shared (the down-payment product) carries French VAT.
        tax = self._ref(company, "tva_normale")
        for template in shared.filtered(lambda t: not t.company_id):
            template.taxes_id = [Command.link(tax.id)]
        view = self.env.ref(
            "l10n_fr_invoice_addr.report_invoice_document", raise_if_not_found=False
        )
        if view:
            view.update_field_translations(
                "arch_db",
                {
                    "fr_FR": {
                        "<strong>Operation Type:</strong>": (
                            "<strong>Type d'opération :</strong>"
                        ),
                        "<strong>Customer Address:</strong>": (
                            "<strong>Adresse du client :</strong>"
                        ),
                    }
                },
            )

    def _set_fiscal_year(self, company, plan):
        end = plan.fy2[1]
        company.write(
            {
                "fiscalyear_last_month": str(end.month),
                "fiscalyear_last_day": min(end.day, 28) if end.month == 2 else end.day,
            }
        )

    def _create_market(self, company):
        env = self.env
        Partner = env["res.partner"]
        tags = {
            key: env["res.partner.category"].create({"name": name})
            for key, name in {**SEGMENT_TAGS, **SUPPLIER_TAGS}.items()
        }
        for key, tag in tags.items():
            demo_records.set_xmlid(tag, "demo_tag_" + key)
        terms = {
            "immediate": env.ref("account.account_payment_term_immediate"),
            "30": env.ref("account.account_payment_term_30days"),
            "45eom": env["account.payment.term"].create(
                {
                    "name": "45 jours fin de mois",
                    "company_id": company.id,
                    "note": "Paiement à 45 jours fin de mois.",
                    "line_ids": [
                        Command.create(
                            {"value": "balance", "days": 45, "end_month": True}
                        )
                    ],
                }
            ),
        }
        Pricelist = env["product.pricelist"]
        eur = env.ref("base.EUR")
        pricelists = {
            "public": Pricelist.create(
                {
                    "name": "Tarif public",
                    "currency_id": eur.id,
                    "company_id": company.id,
                }
            ),
            "key": Pricelist.create(
                {
                    "name": "Grands comptes (remise 8 %)",
                    "currency_id": eur.id,
                    "company_id": company.id,
                    "item_ids": [
                        Command.create(
                            {
                                "applied_on": "3_global",
                                "compute_price": "percentage",
                                "percent_price": 8,
                            }
                        )
                    ],
                }
            ),
            "market": Pricelist.create(
                {
                    "name": "Marchés publics (remise 12 %)",
                    "currency_id": eur.id,
                    "company_id": company.id,
                    "item_ids": [
                        Command.create(
                            {
                                "applied_on": "3_global",
                                "compute_price": "percentage",
                                "percent_price": 12,
                            }
                        )
                    ],
                }
            ),
        }
        fr = env.ref("base.fr")
        customers = {}
        for key, name, segment, city, term, pricelist, __, __ in demo_plan.CUSTOMERS:
            is_company = segment != "private"
            customers[key] = Partner.create(
                {
                    "name": name,
                    "is_company": is_company,
                    "company_id": company.id,
                    **demo_plan.partner_identity(key),
                    "city": city,
                    "country_id": fr.id,
                    "lang": "fr_FR",
                    "email": "contact@%s.example.fr" % key,
                    "category_id": [Command.set(tags[segment].ids)],
                    "customer_rank": 1,
                    "property_payment_term_id": terms[term].id,
                    "property_product_pricelist": pricelists[pricelist].id,
                }
            )
        for key, name, city in demo_plan.PROSPECTS:
            customers[key] = Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "company_id": company.id,
                    **demo_plan.partner_identity(key),
                    "city": city,
                    "country_id": fr.id,
                    "lang": "fr_FR",
                    "email": "contact@%s.example.fr" % key,
                    "category_id": [Command.set(tags["prospect"].ids)],
                    "property_payment_term_id": terms["30"].id,
                    "property_product_pricelist": pricelists["public"].id,
                }
            )
        # A contact person at the main customers: whom the students write to.
        Partner.create(
            [
                {
                    "name": "Élodie Vial",
                    "parent_id": customers["vial"].id,
                    "function": "Responsable des achats",
                    "email": "e.vial@vial.example.fr",
                    "type": "contact",
                },
                {
                    "name": "Service de la commande publique",
                    "parent_id": customers["villeurbanne"].id,
                    "function": "Marchés publics",
                    "email": "commande.publique@villeurbanne.example.fr",
                    "type": "contact",
                },
            ]
        )
        intra_eu = self._ref(company, "fiscal_position_template_intraeub2b")
        suppliers = {}
        for key, name, kind, city, country, term in demo_plan.SUPPLIERS:
            suppliers[key] = Partner.create(
                {
                    "name": name,
                    "is_company": True,
                    "company_id": company.id,
                    **demo_plan.partner_identity(key, country),
                    "city": city,
                    "country_id": env.ref("base.%s" % country.lower()).id,
                    "lang": "fr_FR",
                    "email": "commandes@%s.example.com" % key,
                    "category_id": [Command.set(tags[kind].ids)],
                    "supplier_rank": 1,
                    "property_supplier_payment_term_id": terms[term].id,
                    "property_account_position_id": (
                        intra_eu.id if country != "FR" else False
                    ),
                }
            )
        # l10n_fr ships the reduced rates inactive: the company uses them.
        taxes = [*SALE_TAX.values(), *PURCHASE_TAX.values(), "tva_imm_normale"]
        for name in taxes:
            self._ref(company, name).active = True
        categories = {
            key: env["product.category"].create(
                {"name": name, "parent_id": env.ref("product.product_category_all").id}
            )
            for key, name in demo_plan.CATEGORIES.items()
        }
        products = {}
        for (
            key,
            name,
            categ,
            cost,
            price,
            rate,
            kind,
            supplier,
            __,
        ) in demo_plan.PRODUCTS:
            vals = {
                "name": name,
                "categ_id": categories[categ].id,
                "standard_price": cost,
                "list_price": price,
                "detailed_type": kind,
                "company_id": company.id,
                "purchase_method": "purchase",
                "invoice_policy": "order",
                "taxes_id": [Command.set(self._ref(company, SALE_TAX[rate]).ids)],
                "supplier_taxes_id": [
                    Command.set(self._ref(company, PURCHASE_TAX[rate]).ids)
                ],
            }
            if supplier:
                vals["seller_ids"] = [
                    Command.create(
                        {
                            "partner_id": suppliers[supplier].id,
                            "price": cost,
                            "delay": 3,
                            "company_id": company.id,
                        }
                    )
                ]
            products[key] = env["product.product"].create(vals)
        # A second supplier for furniture: the students compare prices.
        for key, supplier, price in (
            ("fauteuil", "ergoline", 131.00),
            ("fauteuil", "bureaudesign", 149.00),
            ("caisson", "ergonomia", 79.50),
            ("bureau", "ergoline", 279.00),
            ("bureau", "bureaudesign", 305.00),
        ):
            env["product.supplierinfo"].create(
                {
                    "partner_id": suppliers[supplier].id,
                    "product_tmpl_id": products[key].product_tmpl_id.id,
                    "price": price,
                    "delay": 10 if supplier == "ergoline" else 5,
                    "company_id": company.id,
                }
            )
        sales_user = self._staff(
            {
                "name": "Sandrine Vidal",
                "login": "s.vidal@bureauplus.example.fr",
                "email": "s.vidal@bureauplus.example.fr",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "lang": "fr_FR",
                "tz": "Europe/Paris",
                "groups_id": [
                    Command.set(
                        [
                            env.ref("base.group_user").id,
                            env.ref("sales_team.group_sale_salesman_all_leads").id,
                            env.ref("account.group_account_invoice").id,
                        ]
                    )
                ],
            }
        )
        buyer = self._staff(
            {
                "name": "Karim Haddad",
                "login": "k.haddad@bureauplus.example.fr",
                "email": "k.haddad@bureauplus.example.fr",
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "lang": "fr_FR",
                "tz": "Europe/Paris",
                "groups_id": [
                    Command.set(
                        [
                            env.ref("base.group_user").id,
                            env.ref("purchase.group_purchase_user").id,
                            env.ref("account.group_account_invoice").id,
                        ]
                    )
                ],
            }
        )
        for key, record in {**customers, **suppliers}.items():
            demo_records.set_xmlid(record, "demo_partner_" + key)
        for key, record in products.items():
            demo_records.set_xmlid(record, "demo_product_" + key)
        bank = env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        bank.name = "Banque Populaire Auvergne Rhône Alpes"
        return {
            "customers": customers,
            "suppliers": suppliers,
            "products": products,
            "pricelists": pricelists,
            "terms": terms,
            "sales_user": sales_user,
            "buyer": buyer,
            "bank": bank,
            "bank_lines": [],
            "bank_feed": [],
        }

    def _staff(self, vals):
        users = self.env["res.users"].with_context(no_reset_password=True)
        return users.search([("login", "=", vals["login"])]) or users.create(vals)

    # ------------------------------------------------------------------
    def _create_sales(self, company, plan, refs, today):
        env = self.env
        customers, products = refs["customers"], refs["products"]
        Order = env["sale.order"]
        vals_list = []
        for quote in plan.quotes:
            partner = customers[quote.customer]
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "user_id": refs["sales_user"].id,
                    "date_order": fields.Datetime.to_datetime(quote.day)
                    + timedelta(hours=9),
                    "validity_date": quote.day + timedelta(days=30),
                    "pricelist_id": partner.property_product_pricelist.id,
                    "payment_term_id": partner.property_payment_term_id.id,
                    "order_line": [
                        Command.create(
                            {"product_id": products[key].id, "product_uom_qty": qty}
                        )
                        for key, qty in quote.lines
                    ],
                }
            )
        orders = Order.create(vals_list)
        by_state = defaultdict(lambda: Order.browse())
        for quote, order in zip(plan.quotes, orders, strict=False):
            by_state[quote.state] |= order
        confirmed = by_state["invoiced"] | by_state["ordered"]
        confirmed.action_confirm()
        by_state["lost"].with_context(disable_cancel_warning=True).action_cancel()
        for quote, order in zip(plan.quotes, orders, strict=False):
            order.date_order = fields.Datetime.to_datetime(quote.day) + timedelta(
                hours=9
            )
            if quote.lost:
                order.message_post(body=quote.lost)
        by_state["open"][:2].write({"state": "sent"})
        # Invoices with their dates in one batch (as _create_invoices would).
        invoice_vals = []
        pairs = []
        for quote, order in zip(plan.quotes, orders, strict=False):
            if quote.state != "invoiced":
                continue
            vals = order._prepare_invoice()
            vals["invoice_date"] = quote.day
            vals["invoice_line_ids"] = [
                Command.create(line._prepare_invoice_line())
                for line in order.order_line
            ]
            invoice_vals.append(vals)
            pairs.append(quote)
        invoices = env["account.move"].create(invoice_vals)
        pairs = list(zip(pairs, invoices, strict=False))
        invoices.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        # Credit notes, reconciled with the invoice they correct.
        refund_vals = []
        refunded = []
        for quote, invoice in pairs:
            if not quote.refund:
                continue
            day, key, qty, reason = quote.refund
            line = invoice.invoice_line_ids.filtered(
                lambda ln, p=products[key]: ln.product_id == p
            )[:1]
            refund_vals.append(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "invoice_date": day,
                    "reversed_entry_id": invoice.id,
                    "ref": "%s (%s)" % (reason, invoice.name),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": qty,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        )
                    ],
                }
            )
            refunded.append(invoice)
        refunds = env["account.move"].create(refund_vals)
        refunds.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        for refund, invoice in zip(refunds, refunded, strict=False):
            self._reconcile(refund | invoice, "asset_receivable")
        self._pay(
            refs,
            [(quote.pay, invoice) for quote, invoice in pairs if quote.pay],
            "inbound",
            today,
        )

    def _create_purchases(self, company, plan, refs, today):
        env = self.env
        suppliers, products = refs["suppliers"], refs["products"]
        Purchase = env["purchase.order"]
        vals_list = []
        for purchase in plan.purchases:
            when = fields.Datetime.to_datetime(purchase.day) + timedelta(hours=10)
            vals_list.append(
                {
                    "partner_id": suppliers[purchase.supplier].id,
                    "payment_term_id": suppliers[
                        purchase.supplier
                    ].property_supplier_payment_term_id.id,
                    "company_id": company.id,
                    "user_id": refs["buyer"].id,
                    "date_order": when,
                    "origin": purchase.need or False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": products[key].id,
                                "product_qty": qty,
                                "date_planned": when + timedelta(days=5),
                            }
                        )
                        for key, qty in purchase.lines
                    ],
                }
            )
        orders = Purchase.create(vals_list)
        billed = orders.browse(
            [
                o.id
                for p, o in zip(plan.purchases, orders, strict=False)
                if p.state == "billed"
            ]
        )
        billed.button_confirm()
        cancelled = orders.browse(
            [
                o.id
                for p, o in zip(plan.purchases, orders, strict=False)
                if p.state == "cancelled"
            ]
        )
        cancelled.button_cancel()
        orders.browse(
            [
                o.id
                for p, o in zip(plan.purchases, orders, strict=False)
                if p.state == "rfq"
            ]
        ).write({"state": "sent"})
        bill_vals = []
        pairs = []
        for number, (purchase, order) in enumerate(
            zip(plan.purchases, orders, strict=False), 1
        ):
            when = fields.Datetime.to_datetime(purchase.day) + timedelta(hours=10)
            order.date_order = when
            if purchase.state != "billed":
                continue
            order.date_approve = when
            vals = order._prepare_invoice()
            vals["invoice_date"] = min(purchase.day + timedelta(days=3), today)
            vals["ref"] = "FA-%s-%04d" % (purchase.supplier[:3].upper(), number)
            vals["invoice_line_ids"] = [
                Command.create(line._prepare_account_move_line())
                for line in order.order_line
            ]
            bill_vals.append(vals)
            pairs.append(purchase)
        bills = env["account.move"].create(bill_vals)
        payments = [
            (p.pay, bill) for p, bill in zip(pairs, bills, strict=False) if p.pay
        ]
        # Bills without purchase order: rent, telephone, transport, a vehicle.
        other_vals = []
        other_pay = []
        for supplier, day, label, amount, account, pay_day in plan.bills:
            tax = "tva_imm_normale" if account == "vehicle" else "tva_acq_normale"
            other_vals.append(
                {
                    "move_type": "in_invoice",
                    "partner_id": suppliers[supplier].id,
                    "invoice_payment_term_id": suppliers[
                        supplier
                    ].property_supplier_payment_term_id.id,
                    "invoice_date": day,
                    "ref": "%s %s" % (label, day.strftime("%m/%Y")),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1,
                                "price_unit": amount,
                                "account_id": self._ref(
                                    company, BILL_ACCOUNTS[account]
                                ).id,
                                "tax_ids": [Command.set(self._ref(company, tax).ids)],
                            }
                        )
                    ],
                }
            )
            other_pay.append([(pay_day, 1.0)] if pay_day else [])
        others = env["account.move"].create(other_vals)
        payments += [
            (pay, bill) for pay, bill in zip(other_pay, others, strict=False) if pay
        ]
        (bills | others).sorted(lambda m: (m.invoice_date, m.id)).action_post()
        # Refunds: a defective chair sent back, a year-end rebate.
        refund_vals = []
        refunded = []
        for purchase, bill in zip(pairs, bills, strict=False):
            if not purchase.refund:
                continue
            day, key, qty, reason = purchase.refund
            line = bill.invoice_line_ids[:1]
            refund_vals.append(
                {
                    "move_type": "in_refund",
                    "partner_id": bill.partner_id.id,
                    "invoice_date": day,
                    "reversed_entry_id": bill.id,
                    "ref": reason,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": qty,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        )
                    ],
                }
            )
            refunded.append(bill)
        rebate_day = plan.fy1[1]
        refund_vals.append(
            {
                "move_type": "in_refund",
                "partner_id": suppliers["dauphine"].id,
                "invoice_date": rebate_day,
                "ref": "Ristourne de fin d'exercice (2 % du volume d'achats)",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Ristourne annuelle sur achats de papeterie",
                            "quantity": 1,
                            "price_unit": 412.0,
                            "tax_ids": [
                                Command.set(self._ref(company, "tva_acq_normale").ids)
                            ],
                        }
                    )
                ],
            }
        )
        refunds = env["account.move"].create(refund_vals)
        refunds.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        for refund, bill in zip(refunds, refunded, strict=False):
            self._reconcile(refund | bill, "liability_payable")
        self._pay(refs, payments, "outbound", today)

    # ------------------------------------------------------------------
    @api.model
    def _reconcile(self, moves, account_type):
        moves.line_ids.filtered(
            lambda ln: ln.account_id.account_type == account_type and not ln.reconciled
        ).reconcile()

    def _pay(self, refs, items, direction, today):
        """Payments as the bank saw them: [(pay plan, invoice)].

        Older ones arrive with the bank statements, matched with the invoice;
        those of the last weeks are registered payments not on a statement
        yet: the students reconcile them when the next statement comes.
        """
        recent = today - timedelta(days=RECENT_DAYS)
        payment_vals = []
        payment_targets = []
        account_type = (
            "asset_receivable" if direction == "inbound" else "liability_payable"
        )
        sign = 1 if direction == "inbound" else -1
        for pay, invoice in items:
            residual = invoice.amount_residual
            # A plan paying half leaves half due: only the payment that
            # completes the invoice takes the rounding rest.
            settles = sum(share for __, share in pay) >= 1
            for index, (day, share) in enumerate(pay):
                last = index == len(pay) - 1 and settles
                amount = residual if last else round(invoice.amount_residual * share, 2)
                residual = round(residual - amount, 2)
                if amount <= 0:
                    continue
                partner = invoice.commercial_partner_id
                if day >= recent:
                    payment_vals.append(
                        {
                            "payment_type": direction,
                            "partner_type": "customer" if sign > 0 else "supplier",
                            "partner_id": partner.id,
                            "amount": amount,
                            "date": day,
                            "journal_id": refs["bank"].id,
                            "ref": invoice.name,
                        }
                    )
                    payment_targets.append(invoice)
                    # On the bank feed a day or two later, not matched yet:
                    # the students reconcile it with the payment (task 1.6).
                    refs["bank_feed"].append(
                        {
                            "journal_id": refs["bank"].id,
                            "date": min(
                                day + timedelta(days=1 + len(payment_vals) % 2), today
                            ),
                            "payment_ref": "%s %s %s"
                            % (
                                "VIR RECU" if sign > 0 else "VIR EMIS",
                                partner.name.upper(),
                                invoice.ref or invoice.name,
                            ),
                            "partner_id": partner.id,
                            "amount": round(sign * amount, 2),
                        }
                    )
                    continue
                counterpart = invoice.line_ids.filtered(
                    lambda ln: ln.account_id.account_type == account_type
                )[:1].account_id
                refs["bank_lines"].append(
                    (
                        {
                            "journal_id": refs["bank"].id,
                            "date": day,
                            "payment_ref": "%s %s %s"
                            % (
                                "VIR RECU" if sign > 0 else "VIR EMIS",
                                partner.name.upper(),
                                invoice.ref or invoice.name,
                            ),
                            "partner_id": partner.id,
                            "amount": round(sign * amount, 2),
                            "counterpart_account_id": counterpart.id,
                        },
                        invoice,
                        account_type,
                    )
                )
        payments = self.env["account.payment"].create(payment_vals)
        payments.action_post()
        for payment, invoice in zip(payments, payment_targets, strict=False):
            self._reconcile(payment.move_id | invoice, account_type)

    def _create_bank_statements(self, company, refs, plan, today):
        """One statement per month up to today. Older lines are matched with
        their invoice; the lines of the last weeks (payments registered in
        the PGI, the month's bank fees, a card payment) are still to
        reconcile: task 1.6 of the students."""
        env = self.env
        fees = self._ref(company, "pcg_6278")
        recent = today - timedelta(days=RECENT_DAYS)
        month = plan.fy1[0]
        # Charged on the last day of each month (the current one is not over).
        while demo_plan.month_end(month) <= today:
            day = demo_plan.month_end(month)
            refs["bank_feed" if day >= recent else "bank_lines"].append(
                {
                    "journal_id": refs["bank"].id,
                    "date": day,
                    "payment_ref": "FRAIS TENUE DE COMPTE ET COTISATION CARTE",
                    "amount": -18.60,
                    **({} if day >= recent else {"counterpart_account_id": fees.id}),
                }
            )
            month = demo_plan.add_months(month, 1)
        card_day = today - timedelta(days=1 + max(today.weekday() - 4, 0))
        refs["bank_feed"].append(
            {
                "journal_id": refs["bank"].id,
                "date": card_day,
                "payment_ref": "CB TOTALENERGIES LYON 7 CARBURANT KANGOO",
                "amount": -64.30,
            }
        )
        opening = (
            {
                "journal_id": refs["bank"].id,
                "date": plan.fy1[0],
                "payment_ref": "Solde reporté de l'exercice précédent",
                "amount": OPENING_BALANCE,
                "counterpart_account_id": self._ref(company, "pcg_110").id,
            },
            None,
            None,
        )
        lines_in = [
            item if isinstance(item, tuple) else (item, None, None)
            for item in refs["bank_lines"]
        ] + [(vals, None, None) for vals in refs["bank_feed"]]
        items = [opening] + sorted(
            lines_in,
            key=lambda item: (item[0]["date"], item[1].id if item[1] else 0),
        )
        lines = env["account.bank.statement.line"].create([i[0] for i in items])
        for line, (__, invoice, account_type) in zip(lines, items, strict=False):
            if invoice:
                self._reconcile(line.move_id | invoice, account_type)
        by_month = defaultdict(list)
        for line in lines:
            by_month[line.date.replace(day=1)].append(line.id)
        Statement = env["account.bank.statement"]
        for number, month in enumerate(sorted(by_month), 1):
            statement = Statement.create(
                {
                    "name": "Relevé n° %d – %s" % (number, month.strftime("%m/%Y")),
                    "line_ids": [Command.set(by_month[month])],
                }
            )
            statement.balance_end_real = statement.balance_end
