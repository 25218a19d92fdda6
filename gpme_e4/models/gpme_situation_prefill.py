from odoo import _, models, release

from ..services import fiche_checks


class GpmeSituationPrefill(models.AbstractModel):
    """The fiche's software line written from its evidence (« Odoo 16 —
    Sales: quotation… »), moved whole out of gpme.situation (issue 23)."""

    _name = "gpme.situation.prefill"
    _description = "E4 fiche: software line pre-filled from the evidence"

    # --- Software line pre-filled from the evidence --------------------------
    def _evidence_functions(self):
        """{situation id: [(app key, function key), …]} read in one query per
        document model."""
        evidence = self.sudo().evidence_ids
        by_model = {}
        for ev in evidence:
            by_model.setdefault(ev.res_model, set()).add(ev.res_id)
        values = {}
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            Model = self.env[model].sudo()
            records = Model.browse(list(ids)).exists()
            # Models with the evidence mixin (bridges included) say what
            # tells their functions apart; the others are classified by name.
            mixin = hasattr(Model, "_gpme_evidence_function")
            discriminants = (
                Model._gpme_evidence_discriminants() if mixin else ("state",)
            )
            names = [f for f in discriminants if f in records._fields]
            rows = records.read(names) if names else [{"id": r.id} for r in records]
            for row in rows:
                values[(model, row["id"])] = row
        result = {}
        for ev in evidence:
            row = values.get((ev.res_model, ev.res_id))
            if hasattr(self.env.get(ev.res_model), "_gpme_evidence_function"):
                pair = self.env[ev.res_model]._gpme_evidence_function(row)
            else:
                pair = fiche_checks.classify_evidence(ev.res_model, row)
            if pair[0]:
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
