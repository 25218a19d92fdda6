from markupsafe import Markup, escape

from odoo import fields, models
from odoo.tools.misc import formatLang

# Which section of the commercial context each indicator illustrates.
INDICATOR_SECTIONS = [
    ("ctx_turnover", "Turnover and its evolution"),
    ("ctx_customers", "Customer types, breakdown, segmentation"),
    ("ctx_suppliers", "Supplier types and their bargaining power"),
    ("ctx_payment_terms", "Customer and supplier payment terms"),
]


class GpmeDossierIndicator(models.Model):
    _name = "gpme.dossier.indicator"
    _description = "E4 dossier indicator computed from the accounting"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, readonly=True)
    section = fields.Selection(INDICATOR_SECTIONS, required=True, readonly=True)
    name = fields.Char(string="Indicator", required=True, readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    method = fields.Text(
        string="How it is computed", readonly=True, help="Source and formula."
    )
    is_empty = fields.Boolean(
        readonly=True, help="Nothing in the accounting to compute it from."
    )
    # Frozen figures, as computed (plain JSON: labels, amounts, shares).
    data = fields.Json(readonly=True)
    computed_on = fields.Datetime(readonly=True)

    def _render_html(self):
        """The indicator as a small table for the dossier form and prints."""
        self.ensure_one()
        currency = self.company_id.currency_id
        head = Markup("<p><strong>%s</strong>") % self.name
        if self.date_from and self.date_to:
            head += Markup(" <small class='text-muted'>(%s – %s)</small>") % (
                self.date_from.strftime("%d/%m/%Y"),
                self.date_to.strftime("%d/%m/%Y"),
            )
        head += Markup("</p>")
        data = self.data or {}
        if self.is_empty:
            body = Markup("<p class='text-muted fst-italic'>%s</p>") % (
                data.get("empty_message") or ""
            )
        else:
            columns = data.get("columns") or []
            rows = data.get("rows") or []
            body = Markup("<table class='table table-sm o_gpme_indicator'><thead><tr>")
            for col in columns:
                body += Markup("<th>%s</th>") % col
            body += Markup("</tr></thead><tbody>")
            for row in rows:
                body += Markup("<tr>")
                for cell in row:
                    body += Markup("<td>%s</td>") % self._format_cell(cell, currency)
                body += Markup("</tr>")
            body += Markup("</tbody></table>")
            if data.get("note"):
                body += Markup("<p class='small'>%s</p>") % data["note"]
        method = Markup("<p class='small text-muted'>%s</p>") % (self.method or "")
        return head + body + method

    def _format_cell(self, cell, currency):
        if not isinstance(cell, dict):
            return escape(str(cell))
        kind, value = cell.get("t"), cell.get("v")
        if value is None:
            return "–"
        if kind == "amount":
            return formatLang(self.env, value, currency_obj=currency)
        if kind == "pct":
            sign = "+" if cell.get("signed") and value > 0 else ""
            return f"{sign}{formatLang(self.env, value, digits=2)} %"
        if kind == "days":
            return formatLang(self.env, value, digits=1)
        if kind == "int":
            return formatLang(self.env, value, digits=0)
        return escape(str(value))
