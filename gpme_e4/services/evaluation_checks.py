"""Guards of the evaluation's work: open, in its form, unpublished,
situation B in its window, the forme ponctuelle ready (French refusals)."""

from odoo import _, fields
from odoo.exceptions import UserError, ValidationError

from . import evaluation as rules
from . import french


def check_open(self, grid=None):
    """Refuse any evaluation work on an archived, NV or never handed-in
    dossier, and on a signed grid."""
    check_unpublished(self)
    for evaluation in self:
        if (
            evaluation.sudo().dossier_id.state == "draft"
            and evaluation.conformity != "non_conform"
        ):
            raise UserError(
                french.elide(
                    _(
                        "The dossier of %s has not been handed in: it is not "
                        "evaluated (declare it non-conform if the deadline "
                        "has passed).",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        if evaluation.is_locked:
            raise UserError(
                french.elide(
                    _(
                        "The evaluation of %s is archived with its dossier: it "
                        "is read-only.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        if evaluation.conformity == "non_conform":
            raise UserError(
                french.elide(
                    _(
                        "The dossier of %s is non-conform (NV): it is not evaluated.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        check_form_grid(evaluation, grid)
        signed = evaluation._gpme_signed_grids()
        if grid and signed[grid]:
            raise UserError(
                french.elide(
                    _(
                        "Grid %(grid)s of %(student)s is signed: it is read-only. "
                        "Only an administrator can unlock it, giving a reason.",
                        grid=grid,
                        student=evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )


def check_form_grid(self, grid):
    """Refuse a grid that is not one of the candidate's form (no grid A
    nor B in the forme ponctuelle, no grid P in CCF)."""
    for evaluation in self:
        if grid and grid not in evaluation._gpme_grids():
            forms = dict(self._fields["form"]._description_selection(self.env))
            raise UserError(
                french.elide(
                    _(
                        "Grid %(grid)s is not part of the form « %(form)s » of "
                        "%(student)s.",
                        grid=grid,
                        form=forms[evaluation.form],
                        student=evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )


def check_unpublished(self):
    for evaluation in self:
        if evaluation.sudo().published:
            raise UserError(
                french.elide(
                    _(
                        "The evaluation of %s is published: it changes only "
                        "when an administrator unpublishes it, giving a reason.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )


def check_situation_b(self):
    """Situation B (CCF) follows situation A (grid A signed) and takes
    place in the session's window, unless an administrator opened an
    exception."""
    today = fields.Date.context_today(self)
    for evaluation in self.filtered(lambda e: e.form == "ccf"):
        session = evaluation.sudo().exam_session_id
        problem = rules.situation_b_problem(
            evaluation.signed_a,
            session.situation_b_start,
            session.situation_b_end,
            today,
            exception=evaluation.b_exception,
        )
        if problem == "a_unsigned":
            raise UserError(
                french.elide(
                    _(
                        "Situation B of %s follows situation A: grid A must be "
                        "signed first.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        if problem == "no_window":
            raise UserError(
                french.elide(
                    _(
                        "Situation B of %s: the exam session has no dates for "
                        "situation B. An administrator sets them, or opens an "
                        "exception giving a reason.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        if problem == "outside_window":
            raise UserError(
                french.elide(
                    _(
                        "Situation B of %(student)s takes place from %(start)s "
                        "to %(end)s. An administrator may open an exception, "
                        "giving a reason.",
                        student=evaluation.student_id.name,
                        start=session.situation_b_start.strftime("%d/%m/%Y"),
                        end=session.situation_b_end.strftime("%d/%m/%Y"),
                    ),
                    french.env_lang(self.env),
                )
            )


def check_ponctuelle_ready(self):
    """Grid P is signed after the exam: the conformity recorded before
    it, the written situation of phase 4 chosen."""
    for evaluation in self:
        if evaluation.conformity == "pending":
            raise UserError(
                french.elide(
                    _(
                        "Record the conformity of the dossier of %s for the "
                        "académie before the exam.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        if not evaluation.written_situation_id:
            raise UserError(
                french.elide(
                    _(
                        "Written communication situation: choose the fiche of "
                        "phase 4 from the dossier of %s.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )


def check_written_situation(self):
    for evaluation in self.sudo():
        situation = evaluation.written_situation_id
        if not situation:
            continue
        if (
            evaluation.form != "ponctuelle"
            or situation.dossier_id != evaluation.dossier_id
            or situation.state != "validated"
            or not situation.is_written
        ):
            raise ValidationError(
                _(
                    "Written communication situation: « %s » is not a "
                    "validated written situation of the candidate's dossier "
                    "(forme ponctuelle only).",
                    situation.code or situation.name,
                )
            )


def check_internship_recordable(self):
    """The commission records an attestation from paper while it weighs the
    conformity: dossier handed in, not yet evaluated, decision pending or in
    doubt."""
    check_unpublished(self)
    for evaluation in self:
        dossier = evaluation.sudo().dossier_id
        if dossier.state in ("draft", "evaluated", "archived") or (
            evaluation.conformity in ("conform", "non_conform")
        ):
            raise UserError(
                french.elide(
                    _(
                        "Internship attestations of %s: the commission records them "
                        "from paper while the conformity of the handed-in dossier "
                        "is to check or in doubt.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
