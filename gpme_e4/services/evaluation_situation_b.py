"""Situation B: the draw of the fiches de travail, the exception to its
window, the timer."""

from odoo import _, fields
from odoo.exceptions import UserError

from . import evaluation as rules
from . import evaluation_checks, evaluation_display, french


def draw_candidates(self):
    self.ensure_one()
    return [
        rules.Candidate(
            s.id,
            frozenset(
                k
                for k, flag in (
                    ("grcf", s.is_grcf),
                    ("oral", s.is_oral),
                    ("written", s.is_written),
                )
                if flag
            ),
            eligible=s.state == "validated",
        )
        for s in self.sudo().dossier_id.situation_ids
    ]


def action_allow_situation_b(self, reason):
    """Administrator: situation B may take place outside the session's
    window (illness, a new date set by the académie); logged."""
    # Administrators only (the roles map's « admin »), naming nothing.
    self._gpme_check_role(
        set(), _("Only an administrator opens situation B outside its window.")
    )
    if not (reason or "").strip():
        raise UserError(
            _("Reason: say why situation B takes place outside its window.")
        )
    self.sudo().write({"b_exception": True, "b_exception_reason": reason})
    for evaluation in self:
        evaluation.message_post(
            body=_(
                "Situation B opened outside its window by %(user)s. Reason: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            )
        )
    return True


def action_draw(self, rng=None):
    """Draw at random, among the eligible situations of the synoptic, the
    fiches the commission has not chosen yet (GRCF first, then oral;
    ponctuelle: GRCF, oral, written)."""
    self._gpme_check_role({"commission"})
    Sheet = self.env["gpme.work.sheet"]
    names = []
    for evaluation in self:
        if evaluation.form not in rules.DRAW_KINDS:
            raise UserError(
                french.elide(
                    _(
                        "The forme ponctuelle has no draw: the commission "
                        "chooses the GRCF and oral situations of the fiches de "
                        "travail, and the written situation, from the dossier "
                        "of %s.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        evaluation._gpme_check_open("B")
        if evaluation.conformity == "pending":
            raise UserError(
                french.elide(
                    _(
                        "Check the conformity of the dossier of %s before situation B.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
        evaluation_checks.check_situation_b(evaluation)
        sheets = {s.kind: s for s in evaluation.work_sheet_ids}
        chosen = {k: s.situation_id.id for k, s in sheets.items() if s.situation_id}
        picked, missing = rules.draw(
            draw_candidates(evaluation), evaluation.form, rng, chosen
        )
        if missing:
            kinds = dict(Sheet._fields["kind"]._description_selection(self.env))
            raise UserError(
                french.elide(
                    _(
                        "The dossier of %(student)s has no validated situation "
                        "of kind %(kinds)s to draw from.",
                        student=evaluation.student_id.name,
                        kinds=", ".join(kinds[k] for k in missing),
                    ),
                    french.env_lang(self.env),
                )
            )
        drawn = []
        for sequence, kind in enumerate(rules.DRAW_KINDS[evaluation.form]):
            if kind in chosen:
                continue
            vals = {"situation_id": picked[kind], "drawn": True}
            if kind in sheets:
                sheets[kind].write(vals)
            else:
                Sheet.create(
                    dict(
                        vals,
                        evaluation_id=evaluation.id,
                        kind=kind,
                        sequence=sequence,
                    )
                )
            drawn.append(self.env["gpme.situation"].sudo().browse(picked[kind]))
        if drawn:
            names.extend(s.code or s.name for s in drawn)
            evaluation.message_post(
                body=_(
                    "Situations drawn: %s",
                    ", ".join(s.code or s.name for s in drawn),
                )
            )
    if not names:
        return evaluation_display.toast(
            _("Draw"), _("Nothing to draw: the situations are chosen."), "info"
        )
    return evaluation_display.toast(
        _("Draw"), _("Situations drawn: %s", ", ".join(names))
    )


def action_start_timer(self):
    self._gpme_check_role({"commission"})
    for evaluation in self:
        evaluation._gpme_check_open(evaluation._gpme_exam_grid())
    evaluation_checks.check_situation_b(self)
    self.sudo().write({"timer_start": fields.Datetime.now()})
    return True
