from odoo import models


class AccountPayment(models.Model):
    _name = "account.payment"
    _inherit = ["account.payment", "gpme.evidence.mixin"]

    _gpme_evidence_fields = (
        "name",
        "payment_type",
        "partner_type",
        "partner_id",
        "date",
        "ref",
        "amount",
        "currency_id",
        "journal_id",
        "state",
        "company_id",
    )
    _gpme_evidence_report = "account.action_report_payment_receipt"

    def _gpme_evidence_kind_key(self):
        self.ensure_one()
        if self.payment_type == "inbound":
            return "customer_payment"
        return "vendor_payment"

    def _gpme_evidence_origins(self):
        payment = self.sudo()
        return [payment.reconciled_invoice_ids, payment.reconciled_bill_ids]
