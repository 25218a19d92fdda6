"""Signatures of the grids, the administrator's unlock, publication and
unpublication."""

from odoo import _, fields
from odoo.exceptions import UserError

from . import evaluation as rules
from . import evaluation_checks, evaluation_display, french


def ask_sign(self, grid):
    """The confirmation before signing: the grid's totals, and what still
    prevents the signature (then no button to sign)."""
    self._gpme_check_role(
        rules.GRID_ROLES[grid],
        _("Only the evaluators of this candidate sign grid %s.", grid),
    )
    self.ensure_one()
    return {
        "type": "ir.actions.act_window",
        "name": _("Sign grid %s", grid),
        "res_model": "gpme.evaluation.sign.wizard",
        "view_mode": "form",
        "views": [(False, "form")],
        "target": "new",
        "context": {"default_evaluation_id": self.id, "default_grid": grid},
    }


def check_sign(self, grid):
    """Refuse the signature of the grid by the current user, saying why."""
    self._gpme_check_role(
        rules.GRID_ROLES[grid],
        _("Only the evaluators of this candidate sign grid %s.", grid),
    )
    self.ensure_one()
    self._gpme_check_open()
    evaluation_checks.check_form_grid(self, grid)
    # The critères de performance of the activities (0 points) are
    # positioned when observed; every marked criterion must be placed.
    lines = self.line_ids.filtered(lambda x: x.grid == grid and x.kind == "row")
    unplaced = lines.filtered(lambda x: not x.level_id)
    if not lines or unplaced:
        raise UserError(
            french.elide(
                _(
                    "Grid %(grid)s of %(student)s cannot be signed empty: place "
                    "the candidate on every criterion first (%(count)s left).",
                    grid=grid,
                    student=self.student_id.name,
                    count=len(unplaced) or len(lines),
                ),
                french.env_lang(self.env),
            )
        )
    if grid == "B":
        evaluation_checks.check_situation_b(self)
    if grid == "P":
        evaluation_checks.check_ponctuelle_ready(self)
    if self.signature_ids.filtered(
        lambda s: s.grid == grid and s.user_id == self.env.user
    ):
        raise UserError(_("You have already signed grid %s.", grid))


def sign(self, grid):
    check_sign(self, grid)
    self.env["gpme.evaluation.signature"].sudo().create(
        {
            "evaluation_id": self.id,
            "grid": grid,
            "user_id": self.env.user.id,
            "role": member_role(self, self.env.user),
        }
    )
    self.env["gpme.journal"]._gpme_log(
        "grid_sign",
        self,
        details={
            "grid": grid,
            "total_a": self.total_a,
            "total_b": self.total_b,
            "total_p": self.total_p,
        },
    )
    self.message_post(
        body=_("Grid %(grid)s signed by %(user)s.", grid=grid, user=self.env.user.name)
    )
    return True


def member_role(self, user):
    """The signer's role in the exam session's commission, else teacher of
    the class."""
    self.ensure_one()
    member = self.sudo().exam_session_id.member_ids.filtered(
        lambda m: m.user_id == user
    )[:1]
    if member.role:
        return member.role
    if user in self.sudo().cohort_id.teacher_ids:
        return "teacher"
    return False


def p_signed_by_teacher(self):
    """Grid P bears the signature of a teacher of the commission (two
    teachers of DA1 examine, a professional possibly besides)."""
    self.ensure_one()
    return bool(
        self.signature_ids.filtered(
            lambda s: s.grid == "P" and s.role != "professional"
        )
    )


def b_signed_by_teacher(self):
    """Grid B bears the signature of a teacher of the class (a
    professional signs only in addition)."""
    self.ensure_one()
    teachers = self.sudo().cohort_id.teacher_ids
    return bool(
        self.signature_ids.filtered(lambda s: s.grid == "B" and s.user_id in teachers)
    )


def action_unlock(self, grid, reason):
    """Administrator only: removes the grid's signatures, the reason is
    logged in the chatter."""
    # Administrators only (the roles map's « admin »), naming nothing.
    self._gpme_check_role(set(), _("Only an administrator can unlock a signed grid."))
    if not (reason or "").strip():
        raise UserError(_("Reason: say why the signed grid is unlocked."))
    if grid not in ("A", "B"):
        raise UserError(_("Grid: « %s » is not a grid of the E4 (A or B).", grid))
    evaluation_checks.check_unpublished(self)
    for evaluation in self:
        signatures = evaluation.signature_ids.filtered(lambda s: s.grid == grid)
        if not signatures:
            raise UserError(_("Grid %s is not signed.", grid))
        names = ", ".join(signatures.mapped("user_id.name"))
        signatures.sudo().with_context(gpme_unlock=True).unlink()
        self.env["gpme.journal"]._gpme_log(
            "grid_unlock",
            evaluation,
            reason=reason,
            details={"grid": grid, "signatures_removed": names},
        )
        evaluation.message_post(
            body=french.elide(
                _(
                    "Grid %(grid)s unlocked by %(user)s (signatures of %(names)s "
                    "removed). Reason: %(reason)s",
                    grid=grid,
                    user=self.env.user.name,
                    names=names,
                    reason=reason,
                ),
                french.env_lang(self.env),
            )
        )
    return True


def action_publish(self):
    """Administrator: the candidates see their evaluation from now on."""
    # Administrators only (the roles map's « admin »), naming nothing.
    self._gpme_check_role(set(), _("Only an administrator publishes the results."))
    for evaluation in self:
        ready = evaluation.conformity == "non_conform" or (
            evaluation.conformity == "conform" and evaluation._gpme_all_signed()
        )
        if ready and evaluation.conformity == "conform":
            if evaluation.form == "ponctuelle":
                if not p_signed_by_teacher(evaluation):
                    raise UserError(
                        french.elide(
                            _(
                                "The grid of the forme ponctuelle of %s must be "
                                "signed by a teacher of the commission; a "
                                "professional signs only in addition.",
                                evaluation.student_id.name,
                            ),
                            french.env_lang(self.env),
                        )
                    )
            elif not b_signed_by_teacher(evaluation):
                raise UserError(
                    french.elide(
                        _(
                            "Grid B of %s must be signed by a teacher of the "
                            "class; a professional signs only in addition.",
                            evaluation.student_id.name,
                        ),
                        french.env_lang(self.env),
                    )
                )
        if not ready:
            raise UserError(
                french.elide(
                    _(
                        "The evaluation of %s cannot be published yet: the "
                        "conformity must be settled and the grids signed.",
                        evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
    self.sudo().write({"published": True, "published_date": fields.Datetime.now()})
    for evaluation in self:
        self.env["gpme.journal"]._gpme_log(
            "publish",
            evaluation,
            details={
                "conformity": evaluation.conformity,
                "mark": evaluation.sudo().mark_display,
            },
        )
    for evaluation in self.sudo():
        evaluation.message_post(
            body=_("Your E4 evaluation has been published: you can read it now."),
            partner_ids=evaluation.student_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
    return evaluation_display.toast(
        _("Publication"),
        _(
            "Published: %s. The candidates are notified in Odoo.",
            ", ".join(self.sudo().mapped("student_id.name")),
        ),
    )


def action_unpublish(self, reason):
    """Administrator only: the one way back from publication, the reason
    logged in the chatter and the E4 journal (conformity and grids can
    then be corrected, and the evaluation published again)."""
    # Administrators only (the roles map's « admin »), naming nothing.
    self._gpme_check_role(set(), _("Only an administrator can unpublish the results."))
    if not (reason or "").strip():
        raise UserError(_("Reason: say why the published evaluation is reopened."))
    for evaluation in self:
        if not evaluation.published:
            raise UserError(_("This evaluation is not published."))
        if evaluation.is_locked:
            evaluation._gpme_check_open()
    self.sudo().write({"published": False, "published_date": False})
    self.env["gpme.journal"]._gpme_log("unpublish", self, reason=reason)
    for evaluation in self:
        evaluation.message_post(
            body=_(
                "Results unpublished by %(user)s. Reason: %(reason)s",
                user=self.env.user.name,
                reason=reason,
            )
        )
    return True
