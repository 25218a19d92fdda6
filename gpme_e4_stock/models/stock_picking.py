from odoo import models


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
