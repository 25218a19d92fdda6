from odoo import models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "gpme.evidence.mixin"]

    _gpme_evidence_fields = (
        "name",
        "partner_id",
        "date_order",
        "validity_date",
        "client_order_ref",
        "payment_term_id",
        "partner_invoice_id",
        "partner_shipping_id",
        "note",
        "amount_untaxed",
        "amount_tax",
        "amount_total",
        "currency_id",
        "state",
        "invoice_status",
        "user_id",
        "company_id",
    )
    _gpme_evidence_line_field = "order_line"
    _gpme_evidence_line_fields = (
        "name",
        "product_uom_qty",
        "price_unit",
        "discount",
        "price_subtotal",
    )
    _gpme_evidence_report = "sale.action_report_saleorder"
    _gpme_evidence_user_fields = ("create_uid", "user_id")

    def _gpme_evidence_kind_key(self):
        # As a user names it: a quotation until confirmed.
        self.ensure_one()
        if self.state in ("draft", "sent", "cancel"):
            return "quotation"
        return "sale_order"

    def _gpme_evidence_origins(self):
        return [self.sudo().invoice_ids]
