import base64
import hashlib
import os

from odoo import _, api, models

from ..models.gpme_dossier import CONTEXT_FIELDS

# The PGI's document types the synthetic presentation counts, in the order
# of the purchase-to-cash flow: (key, model, domain, screen menu xmlid).
PGI_DOCUMENT_TYPES = (
    ("customers", "res.partner", [("customer_rank", ">", 0)], "sale.res_partner_menu"),
    (
        "suppliers",
        "res.partner",
        [("supplier_rank", ">", 0)],
        "account.menu_account_supplier",
    ),
    ("products", "product.template", [], "sale.menu_product_template_action"),
    (
        "quotations",
        "sale.order",
        [("state", "in", ("draft", "sent"))],
        "sale.menu_sale_quotations",
    ),
    (
        "sale_orders",
        "sale.order",
        [("state", "in", ("sale", "done"))],
        "sale.menu_sale_order",
    ),
    (
        "rfqs",
        "purchase.order",
        [("state", "in", ("draft", "sent", "to approve"))],
        "purchase.menu_purchase_rfq",
    ),
    (
        "purchase_orders",
        "purchase.order",
        [("state", "in", ("purchase", "done"))],
        "purchase.menu_purchase_form_action",
    ),
    (
        "out_invoices",
        "account.move",
        [("move_type", "=", "out_invoice")],
        "account.menu_action_move_out_invoice_type",
    ),
    (
        "out_refunds",
        "account.move",
        [("move_type", "=", "out_refund")],
        "account.menu_action_move_out_refund_type",
    ),
    (
        "in_invoices",
        "account.move",
        [("move_type", "=", "in_invoice")],
        "account.menu_action_move_in_invoice_type",
    ),
    (
        "payments",
        "account.payment",
        [],
        "account.menu_action_account_payments_receivable",
    ),
    ("bank_lines", "account.bank.statement.line", [], ""),
)

# What a production file is, by its extension (the référentiel names
# spreadsheet, word-processing and presentation work).
PRODUCTION_KINDS = {
    ".xlsx": "spreadsheet",
    ".xls": "spreadsheet",
    ".ods": "spreadsheet",
    ".csv": "spreadsheet",
    ".docx": "text",
    ".doc": "text",
    ".odt": "text",
    ".rtf": "text",
    ".pptx": "presentation",
    ".ppt": "presentation",
    ".odp": "presentation",
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".eml": "email",
    ".msg": "email",
}


class ReportGpmeDossierPart(models.AbstractModel):
    """The dossier's own parts between the fixed documents: data part
    "context" (commercial context, then the synthetic presentation of the
    PGI database) and "annexes" (the fiches' productions, the internship
    attestations). Each part opens with an <h1>: the whole dossier finds its
    pages in the PDF outline for the contents page."""

    _name = "report.gpme_e4.report_dossier_part"
    _description = "E4 dossier (parts)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        part = (data or {}).get("part") or "context"
        values = {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "part": part,
            "titles": self._gpme_titles(),
        }
        if part == "context":
            values.update(
                sections=[
                    (docs._fields[name].get_description(self.env)["string"], name)
                    for name in CONTEXT_FIELDS
                ],
                indicators={
                    "ctx_turnover": "indicator_html_turnover",
                    "ctx_customers": "indicator_html_customers",
                    "ctx_suppliers": "indicator_html_suppliers",
                    "ctx_payment_terms": "indicator_html_payment_terms",
                },
                pgi={d.id: self._gpme_pgi_data(d) for d in docs},
            )
        else:
            values.update(
                productions=self._gpme_productions(docs),
                attestations=self._gpme_attestations(docs),
            )
        return values

    @api.model
    def _gpme_titles(self):
        """The <h1> of each part, as the contents page names them."""
        return {
            "context": _("Presentation of the commercial context of the SME"),
            "pgi": _("Synthetic presentation of the PGI database"),
            "productions": _("Productions associated with the fiches"),
            "attestations": _("Internship attestations and work certificates"),
        }

    # --- the PGI -----------------------------------------------------------------
    @api.model
    def _gpme_pgi_labels(self):
        return {
            "customers": _("Customer contacts"),
            "suppliers": _("Supplier contacts"),
            "products": _("Products"),
            "quotations": _("Quotations"),
            "sale_orders": _("Sales orders"),
            "rfqs": _("Requests for quotation"),
            "purchase_orders": _("Purchase orders"),
            "out_invoices": _("Customer invoices"),
            "out_refunds": _("Customer credit notes"),
            "in_invoices": _("Vendor bills"),
            "payments": _("Customer and vendor payments"),
            "bank_lines": _("Bank statement lines"),
        }

    @api.model
    def _gpme_pgi_data(self, dossier):
        """What the PGI of the company the dossier presents holds: the
        applications in use, each document type with its count in that
        company and among the dossier's evidence, and the screen where it is
        found. Counted as the application (figures only, no record shown):
        the reader of the dossier reads its presentation."""
        company = dossier.sudo().company_id
        apps = (
            self.env["ir.module.module"]
            .sudo()
            .search(
                [("application", "=", True), ("state", "=", "installed")],
                order="sequence, shortdesc",
            )
            .mapped("shortdesc")
        )
        evidences = (
            self.env["gpme.evidence"]
            .sudo()
            .search([("situation_id.dossier_id", "=", dossier.id)])
        )
        cited = {}
        for evidence in evidences:
            cited.setdefault(evidence.res_model, []).append(evidence.res_id)
        labels = self._gpme_pgi_labels()
        rows = []
        for key, model, domain, menu in PGI_DOCUMENT_TYPES:
            if model not in self.env:
                continue
            Model = self.env[model].sudo().with_context(active_test=False)
            scope = list(domain)
            if "company_id" in Model._fields:
                if model in ("res.partner", "product.template"):
                    scope.append(("company_id", "in", [False, company.id]))
                else:
                    scope.append(("company_id", "=", company.id))
            count = Model.search_count(scope)
            ids = cited.get(model)
            used = Model.search_count(scope + [("id", "in", ids)]) if ids else 0
            screen = menu and self.env.ref(menu, raise_if_not_found=False)
            rows.append(
                {
                    "label": labels[key],
                    "count": count,
                    "evidence": used,
                    "screen": screen.sudo().complete_name if screen else "",
                }
            )
        return {"company": company.name, "apps": apps, "rows": rows}

    # --- productions and attestations ----------------------------------------------
    @api.model
    def _gpme_production_kinds(self):
        return {
            "spreadsheet": _("Spreadsheet"),
            "text": _("Word processing"),
            "presentation": _("Presentation (PréAO)"),
            "pdf": _("PDF document"),
            "image": _("Image"),
            "email": _("E-mail message"),
        }

    @api.model
    def _gpme_production_files(self, dossiers):
        """{dossier id: [(fiche, attachment)]} the files attached to the
        fiches (their chatter or attachments), fiche by fiche."""
        fiches = (
            self.env["gpme.situation"]
            .sudo()
            .search([("dossier_id", "in", dossiers.ids)], order="sequence, id")
        )
        files = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "gpme.situation"),
                    ("res_id", "in", fiches.ids),
                    ("res_field", "=", False),
                ],
                order="id",
            )
        )
        result = {d.id: [] for d in dossiers}
        for fiche in fiches:
            for attachment in files.filtered(lambda a, f=fiche: a.res_id == f.id):
                result[fiche.dossier_id.id].append((fiche, attachment))
        return result

    @api.model
    def _gpme_productions(self, dossiers):
        kinds = self._gpme_production_kinds()
        result = {}
        for dossier_id, files in self._gpme_production_files(dossiers).items():
            rows = []
            for fiche, attachment in files:
                raw = attachment.raw or b""
                extension = os.path.splitext(attachment.name or "")[1].lower()
                kind = PRODUCTION_KINDS.get(extension)
                if not kind and attachment.mimetype == "application/pdf":
                    kind = "pdf"
                rows.append(
                    {
                        "fiche": fiche.code or fiche.name or "",
                        "name": attachment.name or "",
                        "type": kinds.get(kind) or attachment.mimetype or "",
                        "size": len(raw),
                        "sha256": hashlib.sha256(raw).hexdigest(),
                    }
                )
            result[dossier_id] = rows
        return result

    @api.model
    def _gpme_attestations(self, dossiers):
        years = dict(
            self.env["gpme.internship"]
            ._fields["training_year"]
            ._description_selection(self.env)
        )
        result = {}
        for dossier in dossiers:
            rows = []
            for internship in dossier.sudo().internship_ids:
                raw = (
                    base64.b64decode(internship.attestation_file)
                    if internship.attestation_file
                    else b""
                )
                rows.append(
                    {
                        "employer": internship.employer,
                        "year": years.get(internship.training_year, ""),
                        "date_from": internship.date_from,
                        "date_to": internship.date_to,
                        "weeks": internship.weeks,
                        "signed": internship.signed,
                        "stamped": internship.stamped,
                        "file": internship.attestation_filename or "",
                        "sha256": hashlib.sha256(raw).hexdigest() if raw else "",
                    }
                )
            result[dossier.id] = {
                "rows": rows,
                "weeks": sum(r["weeks"] for r in rows),
            }
        return result
