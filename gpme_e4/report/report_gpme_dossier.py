from odoo import _, api, models


class ReportGpmeDossier(models.AbstractModel):
    """Whole E4 dossier, first pages (cover, contents); ir.actions.report
    assembles the other parts after them in the order of p. 76 of the
    référentiel and numbers the pages of the whole."""

    _name = "report.gpme_e4.report_dossier"
    _description = "E4 dossier (whole)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        docs.check_access_rights("read")
        docs.check_access_rule("read")
        # The page numbers come from the assembly (an HTML preview has none).
        given = self.env.context.get("gpme_dossier_toc") or {}
        toc = {d.id: given.get(d.id) or self._gpme_contents(d) for d in docs}
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "toc": toc,
        }

    @api.model
    def _gpme_contents(self, dossier, starts=None):
        """[{key, label, page, level}] of the contents page, in the order of
        p. 76; starts: {key: first page} (a part without pages is left
        out once starts are known, except the fiches' productions and the
        attestations, which say when there are none)."""
        starts = starts if starts is not None else {}
        titles = self.env["report.gpme_e4.report_dossier_part"]._gpme_titles()
        rows = [
            ("cover", _("Cover page"), 0),
            ("contents", _("Contents"), 0),
            ("context", titles["context"], 0),
            ("pgi", titles["pgi"], 0),
            ("synoptic", _("Synoptic document (professional passport)"), 0),
            ("fiches", _("Fiches d'analyse de situations professionnelles"), 0),
        ]
        states = self.env["report.gpme_e4.report_fiche"]._gpme_state_labels()
        for fiche in dossier.situation_ids.sorted(lambda s: (s.sequence, s.id)):
            label = " – ".join(filter(None, [fiche.code, fiche.name]))
            if fiche.state != "validated":
                label += " (%s)" % states.get(fiche.state, fiche.state)
            rows.append((f"fiche_{fiche.id}", label, 1))
        rows += [
            ("productions", titles["productions"], 0),
            ("attestations", titles["attestations"], 0),
            ("annex_productions", _("Annex: the productions' PDF files"), 0),
            ("annex_attestations", _("Annex: the attestations' files"), 0),
            ("annex_evidence", _("Annex: the evidence from the PGI (sealed)"), 0),
            ("integrity", _("Integrity of the dossier"), 0),
        ]
        optional = {"annex_productions", "annex_attestations", "annex_evidence"}
        return [
            {"key": key, "label": label, "page": starts.get(key), "level": level}
            for key, label, level in rows
            if not (starts and key in optional and not starts.get(key))
        ]
