from odoo import _, api, models

from ..services import synoptic


class ReportGpmeSynoptic(models.AbstractModel):
    """Document synoptique (passeport professionnel) of dossiers.

    Printed with the reader's rights: a student only ever prints their own,
    a teacher those of their classes, a commission member the dossiers
    assigned to them. The data come in a fixed number of queries per batch.
    """

    _name = "report.gpme_e4.report_synoptic"
    _description = "Synoptic document"

    @api.model
    def _gpme_passport_labels(self):
        """The national passport's wording, in the language of self.env."""
        return {
            "title": _(
                "BTS GESTION DE LA PME - SESSION %(session)s - PROFESSIONAL PASSPORT"
            ),
            "holder": _("NAME and first name of the passport holder:"),
            "candidate_number": _("Candidate number:"),
            "team": _(
                "The teaching team represented by the teachers, in the school "
                "or training centre:"
            ),
            "attestation": _(
                "certifies that the holder of this professional passport did "
                "carry out, during the training, the activities and missions "
                "presented in this table."
            ),
            "signatures": _(
                "Signatures of the teachers of the teaching team and school stamp"
            ),
            "situations": _("SITUATIONS LIVED OR OBSERVED →"),
            "activities": _("ACTIVITIES ↓"),
            "competences": _("COMPETENCES ↓"),
            "periods": _("Periods (Professional situations)"),
            "tasks": _("Tasks of the activities"),
            "software": _("Software solutions chosen and functions used"),
            "domain": _(
                "ACTIVITY DOMAIN 1: MANAGING THE RELATIONSHIP WITH THE SME'S "
                "CUSTOMERS AND SUPPLIERS"
            ),
            "covered": _(
                "Shaded rows: tasks covered by at least one validated situation "
                "(covered, total):"
            ),
            "communication": _("[C]: written or oral communication task."),
            "activity": _("Activity %(code)s. %(name)s"),
            "task": _("T.%(code)s. %(name)s"),
        }

    @api.model
    def _synoptic_data(self, dossiers, numbers=None):
        """Return {dossier id: synoptic matrix (plain dicts)} for a batch;
        numbers: gpme.conformity.rule._gpme_progress(dossiers) when the
        caller has it."""
        dossiers.check_access_rights("read")
        dossiers.check_access_rule("read")
        activities = [
            synoptic.Activity(
                code=a.code,
                name=a.name,
                competence=a.competence,
                tasks=tuple(
                    synoptic.Task(t.code, t.name, t.is_communication)
                    for t in a.task_ids.sorted(lambda t: (t.sequence, t.code))
                ),
            )
            for a in self.env["gpme.activity"].search([])
        ]
        labels = {
            m.code: m.synoptic_label for m in self.env["gpme.modality"].search([])
        }
        situations = self.env["gpme.situation"].search(
            [("dossier_id", "in", dossiers.ids)]
        )
        evidences = self.env["gpme.evidence"].search(
            [("situation_id", "in", situations.ids)]
        )
        # Evidence typed by what the document is (« Devis », « Facture »…),
        # in the student's language.
        kind_field = evidences._fields["kind"]
        kinds = {}
        by_dossier = {d.id: ([], []) for d in dossiers}
        for situation in situations:
            by_dossier[situation.dossier_id.id][0].append(
                synoptic.Situation(
                    id=situation.id,
                    code=situation.code or "",
                    modality=situation.modality_id.code or None,
                    period=situation.period_date or situation.date_start or None,
                    task_codes=frozenset(situation.task_ids.mapped("code")),
                    software=tuple(situation.software_line_ids.mapped("display_line")),
                )
            )
        for evidence in evidences:
            dossier = evidence.situation_id.dossier_id
            lang = dossier.student_id.lang or self.env.lang
            if lang not in kinds:
                kinds[lang] = dict(
                    kind_field._description_selection(self.with_context(lang=lang).env)
                )
            kind = kinds[lang].get(evidence.kind) or evidence.sudo().res_model_id.name
            by_dossier[dossier.id][1].append(
                synoptic.Evidence(
                    task_codes=frozenset(evidence.task_ids.mapped("code")),
                    software=f"PGI – {kind}",
                )
            )
        # A class without its own "School" text prints the school of the
        # settings.
        default_school = self.env["ir.actions.report"]._gpme_school().name
        # Shaded as the dashboard and the checklist count: validated fiches.
        if numbers is None:
            numbers = self.env["gpme.conformity.rule"]._gpme_progress(dossiers)
        labels_by_lang = {}
        result = {}
        for dossier in dossiers:
            # Printed in the student's language, as the PDF is (t-lang).
            lang = dossier.student_id.lang or self.env.lang
            if lang not in labels_by_lang:
                labels_by_lang[lang] = self.with_context(
                    lang=lang
                )._gpme_passport_labels()
            header = synoptic.Header(
                session=str(dossier.session_year or ""),
                candidate=dossier.student_id.name or "",
                candidate_number=dossier.candidate_number or "",
                school=dossier.cohort_id.school or default_school or "",
                teachers=tuple(dossier.teacher_ids.mapped("name")),
                modality_labels=labels,
                labels=labels_by_lang[lang],
            )
            sits, evs = by_dossier[dossier.id]
            covered = {c for c, n in numbers[dossier.id]["tasks"].items() if n}
            result[dossier.id] = synoptic.build_synoptic(
                header, activities, sits, evs, covered=covered
            )
        return result

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["gpme.dossier"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "gpme.dossier",
            "docs": docs,
            "synoptics": self._synoptic_data(docs),
        }
