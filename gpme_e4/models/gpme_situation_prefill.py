from odoo import _, models, release

from ..services import fiche_checks


class GpmeSituationPrefill(models.AbstractModel):
    """The fiche's software line written from its evidence (« Odoo 16 —
    Sales: quotation… »), moved whole out of gpme.situation (issue 23)."""

    _name = "gpme.situation.prefill"
    _description = "E4 fiche: software line pre-filled from the evidence"

    # --- Software line pre-filled from the evidence --------------------------
    def _evidence_functions(self):
        """{situation id: [(app key, function key), …]}: the function of each
        document's kind (the evidence mixin's vocabulary, bridges
        included), its records read in one batch per document model."""
        evidence = self.sudo().evidence_ids
        by_model = {}
        for ev in evidence:
            by_model.setdefault(ev.res_model, set()).add(ev.res_id)
        functions = {}
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].sudo().browse(list(ids)).exists()
            for record in records:
                function = record._gpme_evidence_kind()["function"]
                if function:
                    functions[(model, record.id)] = function
        # A deleted document keeps the kind of its last version.
        kinds = self.env["gpme.evidence.mixin"]._gpme_all_document_kinds()
        result = {}
        for ev in evidence:
            pair = functions.get((ev.res_model, ev.res_id))
            if not pair and ev.kind in kinds:
                pair = kinds[ev.kind]["function"]
            if pair:
                result.setdefault(ev.situation_id.id, []).append(pair)
        return result

    def _function_labels(self):
        apps = {
            "sales": _("Sales"),
            "purchase": _("Purchase"),
            "invoicing": _("Invoicing"),
            "accounting": _("Accounting"),
            "contacts": _("Contacts"),
            "crm": _("CRM"),
            "inventory": _("Inventory"),
            "discuss": _("Discuss"),
            "calendar": _("Calendar"),
        }
        functions = {
            "quotation": _("quotation"),
            "sales_order": _("sales order"),
            "rfq": _("request for quotation"),
            "purchase_order": _("purchase order"),
            "vendor_pricelist": _("vendor pricelist"),
            "customer_invoice": _("customer invoice"),
            "credit_note": _("credit note"),
            "vendor_bill": _("vendor bill"),
            "vendor_refund": _("vendor refund"),
            "customer_payment": _("customer payment"),
            "vendor_payment": _("vendor payment"),
            "journal_entry": _("journal entry"),
            "bank_statement": _("bank statement"),
            "contact_record": _("contact record"),
            "opportunity": _("opportunity"),
            "receipt": _("receipt"),
            "delivery": _("delivery"),
            "message": _("message"),
            "activity": _("activity"),
            "meeting": _("meeting"),
        }
        return apps, functions

    def action_prefill_software(self):
        """Write the PGI line (« Odoo 16 — Sales: quotation… ») from the
        evidence; the student may edit it afterwards."""
        self._check_fiche_editable()
        apps, functions = self._function_labels()
        pairs_by_situation = self._evidence_functions()
        erp_sales = self.env.ref("gpme_e4.tool_erp_sales")
        erp_accounting = self.env.ref("gpme_e4.tool_erp_accounting")
        software = release.product_name
        version = str(release.version_info[0])
        for situation in self:
            pairs = pairs_by_situation.get(situation.id)
            if not pairs:
                continue
            text = fiche_checks.format_functions(
                [(apps[a], functions[f]) for a, f in pairs],
                template=_("{app}: {functions}"),
                # The separator between applications, e.g. « ; » in French.
                separator=_("{previous}; {next}").format(previous="", next=""),
            )
            app_keys = {a for a, _f in pairs}
            commercial = app_keys - fiche_checks.ACCOUNTING_APPS
            tools = (erp_sales if commercial else erp_sales.browse()) | (
                erp_accounting
                if app_keys & fiche_checks.ACCOUNTING_APPS
                else erp_accounting.browse()
            )
            line = situation.software_line_ids.filtered(
                lambda line_: line_.software_name == software
            )[:1]
            vals = {
                "tool_id": (erp_sales if commercial else erp_accounting).id,
                "software_name": software,
                "version": line.version or version,
                "functions": text,
            }
            commands = [(1, line.id, vals)] if line else [(0, 0, vals)]
            situation.write(
                {
                    "software_line_ids": commands,
                    "tool_ids": [(4, t.id) for t in tools],
                }
            )
        return True
