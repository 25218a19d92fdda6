"""Data builders of the evaluation's documents: the session recap (PDF and
XLSX), the commission and the composition gaps printed on the fiches de
travail and grid B."""

from odoo import _

from ..services import conformity, evaluation_signing
from ..services import evaluation as rules


def recap_columns(self):
    return [
        ("session", _("Session")),
        ("cohort", _("Class")),
        ("candidate", _("Candidate")),
        ("number", _("Candidate number")),
        ("conformity", _("Conformity")),
        ("form", self._fields["form"]._description_string(self.env)),
        ("total_a", _("Situation A /14")),
        ("total_b", _("Situation B /6")),
        ("mark", _("Proposed mark /20")),
    ]


def recap_rows(self, formatted=False):
    """One plain row per candidate of the sessions, NV instead of a mark,
    held-back marks shown as such, candidates not evaluated yet listed
    too (read with the reader's rights); ``formatted``: points as
    printed (15,50), else numbers for the workbook."""
    fmt = rules.format_points if formatted else (lambda value: value)
    conformity = dict(self._fields["conformity"]._description_selection(self.env))
    forms = dict(self._fields["form"]._description_selection(self.env))
    rows = []
    for evaluation in self:
        # No situation A nor B in the forme ponctuelle: its mark only.
        nv = evaluation.mark_status == "nv" or evaluation.form == "ponctuelle"
        rows.append(
            {
                "session": str(evaluation.session_year or ""),
                "cohort": evaluation.cohort_id.name or "",
                "candidate": evaluation.student_id.name or "",
                "number": evaluation.candidate_number or "",
                "conformity": conformity[evaluation.conformity],
                "form": forms[evaluation.form],
                "total_a": "" if nv else fmt(evaluation.total_a),
                "total_b": "" if nv else fmt(evaluation.total_b),
                "mark": evaluation.mark_display,
            }
        )
    sessions = self.mapped("exam_session_id")
    others = self.env["gpme.dossier"].search(
        [
            ("exam_session_id", "in", sessions.ids),
            ("id", "not in", self.mapped("dossier_id").ids),
        ]
    )
    for dossier in others:
        rows.append(
            {
                "session": str(dossier.session_year or ""),
                "cohort": dossier.cohort_id.name or "",
                "candidate": dossier.student_id.name or "",
                "number": dossier.candidate_number or "",
                "conformity": _("Not evaluated yet"),
                "form": "",
                "total_a": "",
                "total_b": "",
                "mark": "",
            }
        )
    rows.sort(key=lambda row: (row["cohort"], row["candidate"]))
    return rows


def commission_rows(self):
    """[(name, role)] of the candidate's commission, as printed on the
    fiches de travail and grid B."""
    self.ensure_one()
    # In the candidate's language, as the documents they are printed on.
    env = self.with_context(lang=self.sudo().student_id.lang or self.env.lang).env
    roles = dict(
        self.env["gpme.exam.session.member"]._fields["role"]._description_selection(env)
    )
    rows = []
    for user in self.sudo().dossier_id.commission_user_ids:
        role = evaluation_signing.member_role(self, user)
        rows.append((user.name, roles.get(role, "")))
    return rows


def composition_gaps(self):
    """Messages of the composition rules the dossier fails (the
    penalising ones: the blocking ones stop the hand-in), printed under
    the « Pénalités » line the commission fills."""
    self.ensure_one()
    dossier = self.sudo().dossier_id
    findings = dossier._gpme_conformity_findings().get(dossier.id, [])
    return [
        f.message or f.name
        for f in conformity.failed(findings)
        if f.severity != "blocking"
    ]
