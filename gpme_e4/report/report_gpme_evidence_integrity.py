from odoo import api, models


class ReportGpmeEvidenceIntegrity(models.AbstractModel):
    """Every seal of a dossier recomputed from what is stored (in the spirit
    of account's hash integrity report); printed with the reader's rights.
    The same builder as the dossier's last page (one seal check)."""

    _name = "report.gpme_e4.report_evidence_integrity"
    _description = "E4 evidence seal verification"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        page = self.env["report.gpme_e4.report_dossier_integrity"]
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            **page._gpme_integrity_data(docs),
        }
