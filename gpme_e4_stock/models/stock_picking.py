from odoo import api, models


class StockPicking(models.Model):
    """Soft support: installed automatically when gpme_e4 and stock are."""

    _name = "stock.picking"
    _inherit = ["stock.picking", "gpme.evidence.mixin"]

    _gpme_evidence_fields = (
        "name",
        "picking_type_code",
        "partner_id",
        "origin",
        "scheduled_date",
        "date_done",
        "state",
        "user_id",
        "company_id",
    )
    _gpme_evidence_line_field = "move_ids_without_package"
    _gpme_evidence_line_fields = ("name", "product_uom_qty", "quantity_done")
    _gpme_evidence_report = "stock.action_report_delivery"
    _gpme_evidence_user_fields = ("create_uid", "user_id")

    def _gpme_evidence_kind(self):
        self.ensure_one()
        return self.picking_type_code, self.state

    @api.model
    def _gpme_evidence_task_suggestions(self):
        return {
            ("stock.picking", "outgoing"): {"*": ("1.2.3",)},
            ("stock.picking", "incoming"): {"*": ("1.5.2",)},
        }

    @api.model
    def _gpme_evidence_discriminants(self):
        return ("state", "picking_type_code")

    @api.model
    def _gpme_evidence_function(self, values):
        incoming = (values or {}).get("picking_type_code") == "incoming"
        return ("inventory", "receipt" if incoming else "delivery")
