from odoo import api, models


class ReportGpmeDossierIntegrity(models.AbstractModel):
    """Last page of the dossier: every seal and whether it still verifies."""

    _name = "report.gpme_e4.report_dossier_integrity"
    _description = "E4 dossier integrity page"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            **self._gpme_integrity_data(docs),
        }

    @api.model
    def _gpme_integrity_data(self, docs):
        """The one seal check of dossiers, read with the reader's rights,
        for the dossier's last page and the seals verification report:

        - ``snapshots``: {dossier id: [row]} every version of every evidence
          with its seal recomputed (the verification's table);
        - ``broken_counts``: {dossier id: versions that do not verify};
        - ``seals``: {dossier id: [row]} one row per evidence, verified when
          every version of it verifies (the dossier's last page);
        - ``versions`` and ``journal``: the sealed hand-ins and the E4
          journal's entries (both documents).
        """
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        snaps = (
            self.env["gpme.evidence.snapshot"]
            .sudo()
            .search(
                [("dossier_id", "in", docs.ids)],
                order="dossier_id, evidence_id, version",
            )
        )
        checks = snaps._gpme_verify()
        states = dict(snaps._fields["pdf_state"]._description_selection(self.env))
        snapshots = {dossier.id: [] for dossier in docs}
        verified = {}
        for snap in snaps:
            ok, problem = checks[snap.id]
            verified[snap.evidence_id.id] = (
                verified.get(snap.evidence_id.id, True) and ok
            )
            snapshots[snap.dossier_id.id].append(
                {
                    "fiche": snap.evidence_id.situation_id.display_name,
                    "document": snap.evidence_id.name,
                    "version": snap.version,
                    "pdf_state": states.get(snap.pdf_state),
                    "seal": snap.seal,
                    "ok": ok,
                    "problem": problem,
                }
            )
        seals = {d.id: [] for d in docs}
        evidences = self.env["gpme.evidence"].search([("dossier_id", "in", docs.ids)])
        for evidence in evidences:
            seals[evidence.dossier_id.id].append(
                {
                    "fiche": evidence.situation_id.code or "",
                    "reference": evidence.name,
                    "sha256": evidence.snapshot_hash or "",
                    "date": evidence.snapshot_date,
                    "annexed": bool(evidence.sudo().snapshot_pdf),
                    # Never frozen: nothing verifies.
                    "verified": verified.get(evidence.id, False),
                }
            )
        return {
            "snapshots": snapshots,
            # Counted here: QWeb's safe_eval refuses comprehensions.
            "broken_counts": {
                doc_id: sum(not row["ok"] for row in rows)
                for doc_id, rows in snapshots.items()
            },
            "seals": seals,
            "versions": self._gpme_version_rows(docs),
            "journal": self._gpme_journal_rows(docs),
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
