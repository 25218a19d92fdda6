from odoo import models


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "gpme.evidence.mixin"]

    _gpme_evidence_fields = (
        "name",
        "is_company",
        "parent_id",
        "vat",
        "email",
        "phone",
        "street",
        "zip",
        "city",
        "country_id",
        "company_id",
    )
    _gpme_evidence_user_fields = ("create_uid", "user_id")

    def _gpme_evidence_kind_key(self):
        self.ensure_one()
        if self.customer_rank and self.supplier_rank:
            return "customer_vendor"
        if self.supplier_rank:
            return "vendor"
        if self.customer_rank:
            return "customer"
        return "contact"
