from odoo import api, models


class ReportGpmeReviewRecap(models.AbstractModel):
    """Recap of the bilans intermédiaires: printed with the reader's rights, so
    a student only ever prints their own."""

    _name = "report.gpme_e4.report_gpme_review_recap"
    _description = "Progress reviews recap"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        activities = self.env["gpme.activity"].search([])
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "activities": activities,
        }
