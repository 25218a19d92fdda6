"""What the evaluation's form shows: the mark as proposed, the timer of the
exam day, who records the conformity."""

from odoo import _, fields

from . import evaluation as rules


def compute_mark_display(self):
    for evaluation in self:
        status = rules.mark_status(evaluation.conformity)
        evaluation.mark_status = status
        if status == "nv":
            evaluation.mark_display = _("NV")
        elif status == "held":
            evaluation.mark_display = _(
                "Held back (%s / 20)", rules.format_points(evaluation.mark)
            )
        else:
            evaluation.mark_display = "%s / 20" % rules.format_points(evaluation.mark)


def compute_timer(self):
    now = fields.Datetime.now()
    for evaluation in self:
        start = evaluation.timer_start
        rows = rules.schedule(evaluation.form, start) if start else []
        phase, __ = rules.current_phase(evaluation.form, start, now)
        evaluation.timer_phase = phase
        evaluation.timer_phase_end = next(
            (end for p, __, end in rows if p == phase), False
        )
        evaluation.timer_end = rows[-1][2] if rows else False
        evaluation.timer_left = evaluation.timer_phase_end


def conformity_authority(self):
    """Who the conformity is recorded for (référentiel pp. 76 and 78): in
    CCF the commission before situation B; in the forme ponctuelle the
    académie, recorded by the commission of the exam centre."""
    self.ensure_one()
    if self.form == "ponctuelle":
        return _("Recorded for the académie by the commission of the exam centre")
    return _("Recorded by the commission before situation B")
