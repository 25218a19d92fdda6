from odoo import _, api, models


class CrmLead(models.Model):
    """Soft support: installed automatically when gpme_e4 and crm are."""

    _name = "crm.lead"
    _inherit = ["crm.lead", "gpme.evidence.mixin"]

    _gpme_evidence_fields = (
        "name",
        "type",
        "partner_id",
        "partner_name",
        "contact_name",
        "email_from",
        "phone",
        "expected_revenue",
        "probability",
        "stage_id",
        "date_deadline",
        "user_id",
        "company_id",
    )
    _gpme_evidence_user_fields = ("create_uid", "user_id")

    def _gpme_evidence_kind_key(self):
        self.ensure_one()
        return "opportunity" if self.type == "opportunity" else "lead"

    @api.model
    def _gpme_document_kinds(self):
        return dict(
            super()._gpme_document_kinds(),
            lead={
                "label": _("Lead"),
                "function": ("crm", "opportunity"),
                "tasks": {"*": ("1.1.1",)},
            },
            opportunity={
                "label": _("Opportunity"),
                "function": ("crm", "opportunity"),
                "tasks": {"*": ("1.1.1", "1.2.1")},
            },
        )
