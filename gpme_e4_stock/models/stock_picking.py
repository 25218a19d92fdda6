from odoo import _, api, models


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

    def _gpme_evidence_kind_key(self):
        self.ensure_one()
        return {"outgoing": "delivery", "incoming": "receipt"}.get(
            self.picking_type_code, "internal_transfer"
        )

    @api.model
    def _gpme_document_kinds(self):
        return dict(
            super()._gpme_document_kinds(),
            delivery={
                "label": _("Delivery order"),
                "function": ("inventory", "delivery"),
                "tasks": {"*": ("1.2.3",)},
            },
            receipt={
                "label": _("Receipt"),
                "function": ("inventory", "receipt"),
                "tasks": {"*": ("1.5.2",)},
            },
            internal_transfer={
                "label": _("Internal transfer"),
                "function": ("inventory", "delivery"),
                "tasks": {},
            },
        )
