from odoo import fields, models

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

    def _gpme_table(self):
        """The frozen indicator as plain data for ``gpme_e4.indicator_tables``
        (the same shape as the builder's output, plus its currency)."""
        self.ensure_one()
        return {
            "name": self.name,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "method": self.method,
            "is_empty": self.is_empty,
            "data": self.data or {},
            "currency": self.company_id.currency_id,
        }
