from odoo import api, models


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

    def _gpme_evidence_kind(self):
        self.ensure_one()
        return self.type, self.stage_id.name

    @api.model
    def _gpme_evidence_task_suggestions(self):
        return {
            ("crm.lead", "lead"): {"*": ("1.1.1",)},
            ("crm.lead", "opportunity"): {"*": ("1.1.1", "1.2.1")},
        }

    @api.model
    def _gpme_evidence_function(self, values):
        return ("crm", "opportunity")
