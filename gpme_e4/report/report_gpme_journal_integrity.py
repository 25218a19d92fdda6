from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ReportGpmeJournalIntegrity(models.AbstractModel):
    """« Vérifier l'intégrité du journal E4 »: the whole chain recomputed
    from what is stored, as account's hash integrity report does for posted
    entries. For administrators: it covers every class."""

    _name = "report.gpme_e4.report_journal_integrity"
    _description = "E4 journal integrity check"

    @api.model
    def _get_report_values(self, docids, data=None):
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(
                _("Only an administrator checks the integrity of the E4 journal.")
            )
        Journal = self.env["gpme.journal"].sudo()
        result = Journal._gpme_verify_chain()
        last = Journal.search([], order="sequence desc", limit=1)
        first = Journal.search([], order="sequence asc", limit=1)
        return {
            "doc_ids": docids,
            "doc_model": "gpme.journal",
            "docs": Journal.browse(),
            "result": result,
            "first": first,
            "last": last,
            "checked_on": fields.Datetime.now(),
        }
