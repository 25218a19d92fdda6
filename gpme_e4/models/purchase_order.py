from odoo import models


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "gpme.evidence.mixin"]

    _gpme_evidence_fields = (
        "name",
        "partner_id",
        "partner_ref",
        "date_order",
        "date_planned",
        "payment_term_id",
        "notes",
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "currency_id",
        "state",
        "user_id",
        "company_id",
    )
    _gpme_evidence_line_field = "order_line"
    _gpme_evidence_line_fields = (
        "name",
        "product_qty",
        "price_unit",
        "price_subtotal",
    )
    _gpme_evidence_report = "purchase.action_report_purchase_order"
    _gpme_evidence_user_fields = ("create_uid", "user_id")

    def _gpme_evidence_kind_key(self):
        self.ensure_one()
        if self.state in ("draft", "sent", "to approve", "cancel"):
            return "rfq"
        return "purchase_order"

    def _gpme_evidence_origins(self):
        return [self.sudo().invoice_ids]
