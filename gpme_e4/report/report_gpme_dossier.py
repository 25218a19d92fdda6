from odoo import api, models

from ..models.gpme_dossier import CONTEXT_FIELDS


class ReportGpmeDossier(models.AbstractModel):
    """Whole E4 dossier, first part (cover, commercial context with its
    indicators, PGI work); ir.actions.report appends the other parts."""

    _name = "report.gpme_e4.report_dossier"
    _description = "E4 dossier (whole)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        sections = [
            (docs._fields[name].get_description(self.env)["string"], name)
            for name in CONTEXT_FIELDS
        ]
        indicators = {
            "ctx_turnover": "indicator_html_turnover",
            "ctx_customers": "indicator_html_customers",
            "ctx_suppliers": "indicator_html_suppliers",
            "ctx_payment_terms": "indicator_html_payment_terms",
        }
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "sections": sections,
            "indicators": indicators,
        }


class ReportGpmeDossierIntegrity(models.AbstractModel):
    """Last page of the dossier: every seal and whether it still verifies."""

    _name = "report.gpme_e4.report_dossier_integrity"
    _description = "E4 dossier integrity page"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        evidences = self.env["gpme.evidence"].search(
            [("situation_id.dossier_id", "in", docs.ids)]
        )
        seals = {d.id: [] for d in docs}
        for evidence in evidences:
            seals[evidence.situation_id.dossier_id.id].append(
                {
                    "fiche": evidence.situation_id.code or "",
                    "reference": evidence.name,
                    "sha256": evidence.snapshot_hash or "",
                    "date": evidence.snapshot_date,
                    "annexed": bool(evidence.sudo().snapshot_pdf),
                    "verified": evidence._verify_snapshot(),
                }
            )
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "seals": seals,
            "journal": self._gpme_journal_rows(docs),
            "versions": self._gpme_version_rows(docs),
        }

    @api.model
    def _gpme_version_rows(self, docs):
        """{dossier id: [row]} the sealed hand-ins, oldest first."""
        rows = {d.id: [] for d in docs}
        versions = (
            self.env["gpme.dossier.version"]
            .sudo()
            .search([("dossier_id", "in", docs.ids)], order="dossier_id, version")
        )
        for version in versions:
            if version.state == "done":
                state = "ok" if version._gpme_raw() is not None else "broken"
            else:
                state = "pending"
            rows[version.dossier_id.id].append(
                {
                    "version": version.version,
                    "date": version.submitted_date,
                    "sha256": version.pdf_sha256 or "",
                    "state": state,
                }
            )
        return rows

    @api.model
    def _gpme_journal_rows(self, docs):
        """{dossier id: [row]} the dossier's entries of the E4 journal, each
        checked against its hash and the entry before it (read as the
        application: whoever reads the dossier reads its decisions)."""
        Journal = self.env["gpme.journal"].sudo()
        entries = Journal.search([("dossier_ref", "in", docs.ids)], order="sequence")
        problems = entries._gpme_verify_entries()
        events = dict(Journal._fields["event"]._description_selection(self.env))
        rows = {d.id: [] for d in docs}
        for entry in entries:
            rows[entry.dossier_ref].append(
                {
                    "sequence": entry.sequence,
                    "date": entry.date,
                    "event": events.get(entry.event, entry.event),
                    "record": entry.record_name or "",
                    "author": entry.user_id.name or "",
                    "reason": entry.reason or "",
                    "hash": entry.entry_hash or "",
                    "problem": problems[entry.id],
                }
            )
        return rows
