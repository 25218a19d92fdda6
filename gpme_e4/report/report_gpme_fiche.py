from odoo import _, api, models

from ..services.document_rows import evidence_row


class ReportGpmeFiche(models.AbstractModel):
    """Fiche d'analyse de situation professionnelle (annex V-4), then its
    evidence list; printed with the reader's rights."""

    _name = "report.gpme_e4.report_fiche"
    _description = "Fiche d'analyse (V-4)"

    @api.model
    def _fiche_data(self, situations):
        situations.check_access_rights("read")
        situations.check_access_rule("read")
        modalities = self.env["gpme.modality"].search([])
        # The fiche prints three boxes: "PME/Organisation" is one of them.
        fiche_modalities = []
        for modality in modalities:
            if modality.fiche_label not in fiche_modalities:
                fiche_modalities.append(modality.fiche_label)
        conditions = self.env["gpme.condition"].search([])
        activities = self.env["gpme.activity"].search([])
        evidences = self.env["gpme.evidence"].search(
            [("situation_id", "in", situations.ids)]
        )
        selections = {}

        def labels(field, lang):
            # Selection labels in the language the fiche prints in (t-lang).
            if (field, lang) not in selections:
                selections[field, lang] = dict(
                    evidences._fields[field]._description_selection(
                        self.with_context(lang=lang).env
                    )
                )
            return selections[field, lang]

        result = {}
        for situation in situations:
            rows = []
            lang = situation.student_id.lang or self.env.lang
            own = evidences.filtered(lambda e, s=situation: e.situation_id == s)
            for evidence in own:
                row = evidence_row(evidence.snapshot_values)
                row.update(
                    reference=evidence.name,
                    # What the document is when it was sealed (a quotation, an
                    # order, a credit note…), not the model that stores it.
                    type=labels("kind", lang).get(evidence.kind)
                    or evidence.sudo().res_model_id.name
                    or evidence.res_model,
                    status=labels("status", lang).get(evidence.status, ""),
                    sha256=evidence.snapshot_hash or "",
                )
                rows.append(row)
            result[situation.id] = {
                "modalities": [
                    (label, label == situation.modality_id.fiche_label)
                    for label in fiche_modalities
                ],
                "conditions": [
                    (c.name, c == situation.condition_id) for c in conditions
                ],
                "activities": [(a, a in situation.e4_activity_ids) for a in activities],
                "evidences": rows,
                # A fiche not validated never prints like a final one.
                "unvalidated": situation.state != "validated"
                and self._gpme_state_labels().get(situation.state, situation.state),
            }
        return result

    @api.model
    def _gpme_state_labels(self):
        """How an unvalidated fiche says its state on paper."""
        return {
            "draft": _("Draft (not submitted)"),
            "submitted": _("Awaiting validation"),
            "to_rework": _("To rework"),
        }

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.situation"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "gpme.situation",
            "docs": docs,
            "fiches": self._fiche_data(docs),
        }
