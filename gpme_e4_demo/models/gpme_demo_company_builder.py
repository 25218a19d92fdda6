"""The demo training company: identity, chart, market, then its two fiscal
years of business (``gpme.demo.business.builder``).

Called by a <function> of the addon's data at install (an upgrade finds the
company's chart already set and does nothing). The business follows
``services/demo_plan.py``, a seeded plan with dates relative to the demo's
reference date (``services/demo_records.py``).
"""

import logging
import time

from odoo import Command, api, models
from odoo.exceptions import ValidationError

from ..services import demo_plan, demo_records

_logger = logging.getLogger(__name__)

SALE_TAX = {20: "tva_normale", 10: "tva_intermediaire", 5.5: "tva_reduite"}
PURCHASE_TAX = {
    20: "tva_acq_normale",
    10: "tva_acq_intermediaire",
    5.5: "tva_acq_reduite",
}
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
        business = builder.env["gpme.demo.business.builder"].with_company(company)
        today = demo_records.demo_date(builder.env)
        plan = demo_plan.build_plan(today)
        refs = {}
        for step in (
            lambda: builder._setup_company(company),
            lambda: builder._set_fiscal_year(company, plan),
            lambda: builder._french_invoicing(company),
            lambda: refs.update(builder._create_market(company)),
            lambda: business._create_sales(company, plan, refs, today),
            lambda: business._create_purchases(company, plan, refs, today),
            lambda: business._create_bank_statements(company, refs, plan, today),
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
