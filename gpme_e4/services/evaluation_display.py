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


def compute_can_act(self):
    """Which buttons of the exam room can act for the current user: the
    others are hidden rather than refused after a click (what remains to do
    before a signature is said in its confirmation)."""
    roles = self._gpme_eval_roles_map() if self.ids else {}
    for evaluation in self:
        record = evaluation.sudo()
        held = roles.get(evaluation.id, set()) if not self.env.su else {"admin"}
        closed = (
            record.published
            or record.is_locked
            or record.conformity == "non_conform"
            or record.dossier_id.state == "draft"
        )
        mine = set(
            record.signature_ids.filtered(lambda s: s.user_id == self.env.user).mapped(
                "grid"
            )
        )
        grids = rules.FORM_GRIDS.get(record.form, ())
        for grid in ("A", "B", "P"):
            # Situation B follows A; the exam's grid follows the conformity.
            after = {
                "A": True,
                "B": record.signed_a and record.conformity != "pending",
                "P": record.conformity != "pending",
            }
            evaluation[f"can_sign_{grid.lower()}"] = bool(
                not closed
                and after[grid]
                and grid in grids
                and grid not in mine
                and ("admin" in held or held & set(rules.GRID_ROLES[grid]))
            )
        chosen = {s.kind for s in record.work_sheet_ids if s.situation_id}
        evaluation.can_draw = bool(
            not closed
            and held
            and record.form in rules.DRAW_KINDS
            and record.conformity != "pending"
            and not record.signed_b
            and set(rules.DRAW_KINDS[record.form]) - chosen
        )
        evaluation.can_publish = bool(
            "admin" in held
            and not record.published
            and (
                record.conformity == "non_conform"
                or (record.conformity == "conform" and record._gpme_all_signed())
            )
        )


def toast(title, message, kind="success"):
    """A notification after a button, then the screen reloads (a dialog
    closes)."""
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": kind,
            "title": title,
            "message": message,
            "next": {"type": "ir.actions.act_window_close"},
        },
    }
