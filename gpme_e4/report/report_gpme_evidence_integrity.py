from odoo import api, models


class ReportGpmeEvidenceIntegrity(models.AbstractModel):
    """Every seal of a dossier recomputed from what is stored (in the spirit
    of account's hash integrity report); printed with the reader's rights."""

    _name = "report.gpme_e4.report_evidence_integrity"
    _description = "E4 evidence seal verification"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        results = docs._gpme_verify_seals()
        Page = self.env["report.gpme_e4.report_dossier_integrity"]
        # Counted here: QWeb's safe_eval refuses comprehensions on Python 3.11.
        broken = {
            doc_id: sum(not row["ok"] for row in rows)
            for doc_id, rows in results.items()
        }
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "results": results,
            "broken_counts": broken,
            # The sealed hand-ins and the journal, as on the dossier's last page.
            "versions": Page._gpme_version_rows(docs),
            "journal": Page._gpme_journal_rows(docs),
        }
