from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import fiche_checks
from ..services.fiche_vocabulary import EDITABLE_STATES
from ..services.toast import toast


class GpmeSituationWorkflow(models.AbstractModel):
    """The review of a fiche by the teachers of its class: hand-in,
    validation, return and reopening, each checked before it is offered,
    acknowledged by a toast and told to the student (moved whole out of
    gpme.situation, issue 23)."""

    _name = "gpme.situation.workflow"
    _description = "E4 fiche: review workflow"

    # What the buttons may do for the current user now: a button that could
    # only refuse is not offered (the actions check again).
    can_hand_in = fields.Boolean(compute="_compute_can_act")
    can_review = fields.Boolean(compute="_compute_can_act")
    handin_blockers = fields.Text(
        string="Before handing in", compute="_compute_can_act"
    )

    @api.depends(
        "state",
        "dossier_id.state",
        "name",
        "is_grcf",
        "is_oral",
        "is_written",
        "task_ids",
    )
    @api.depends_context("uid")
    def _compute_can_act(self):
        # The same checks as action_submit and _check_reviewer, said before
        # the click: the hand-in's blockers are listed above the form.
        messages = self._check_messages()
        dossiers = self.sudo().dossier_id
        roles = dossiers.with_env(self.env)._gpme_roles_map() if dossiers else {}
        for situation in self:
            mine = roles.get(situation.sudo().dossier_id.id, set())
            locked = situation.sudo().dossier_id.is_locked
            codes = fiche_checks.submission_errors(
                situation.name,
                situation.is_grcf,
                situation.is_oral,
                situation.is_written,
                len(situation.task_ids),
            )
            student = "student" in mine and situation.state in EDITABLE_STATES
            situation.handin_blockers = (
                student
                and codes
                and "\n".join(
                    messages[c].format(fiche=situation.code or "") for c in codes
                )
            ) or False
            situation.can_hand_in = student and not locked and not codes
            situation.can_review = bool(
                mine & {"teacher", "admin"}
                and situation.sudo().student_id != self.env.user
                and (not locked or "admin" in mine)
            )

    # --- Review workflow -----------------------------------------------------
    def _check_reviewer(self):
        """Only a teacher of the student's class (or an E4 administrator)
        reviews a fiche, never their own, and not once the dossier is handed
        in. The refusal names nothing."""
        if self.env.su:
            return
        roles = self._gpme_lock_roles()
        for situation in self:
            if not roles[situation.id] & {"teacher", "admin"} or (
                situation.sudo().student_id == self.env.user
            ):
                raise AccessError(
                    _("Only a teacher of the student's class can review this fiche.")
                )
            if "admin" not in roles[situation.id]:
                situation._check_dossier_unlocked()

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda s: s.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "The fiche « %(fiche)s » is %(state)s: it cannot be %(action)s.",
                    fiche=wrong[0].display_name,
                    state=states[wrong[0].state].lower(),
                    action=action,
                )
            )

    def _close_review_activities(self, feedback):
        self.sudo().activity_feedback(
            ["gpme_e4.mail_activity_type_fiche_review"], feedback=feedback
        )

    def action_submit(self):
        """The student hands the fiche in: the class's teachers get a to-do."""
        for situation in self:
            if not self.env.su and situation.sudo().student_id != self.env.user:
                raise AccessError(
                    _("Only the student who wrote a fiche can hand it in.")
                )
        self._check_state(EDITABLE_STATES, _("handed in"))
        self._check_dossier_unlocked()
        messages = self._check_messages()
        errors = []
        for situation in self:
            codes = fiche_checks.submission_errors(
                situation.name,
                situation.is_grcf,
                situation.is_oral,
                situation.is_written,
                len(situation.task_ids),
            )
            errors += [messages[c].format(fiche=situation.display_name) for c in codes]
        if errors:
            raise ValidationError("\n".join(errors))
        for situation in self.filtered(
            lambda s: s.evidence_ids and not s.software_line_ids
        ):
            situation.action_prefill_software()
        self.sudo().write(
            {
                "state": "submitted",
                "submitted_date": fields.Datetime.now(),
                "review_comment": False,
            }
        )
        # One to-do per teacher of the class, through mail's own helper.
        self._gpme_review_todo()
        return toast(
            _("Fiche handed in: your teachers are asked to review it."),
            title=self[:1].display_name if len(self) == 1 else None,
        )

    def _review_summary(self):
        """The to-do's summary, in the language of the teacher it is for."""
        return _("Review the fiche %s", self.display_name)

    def action_validate(self):
        self._check_reviewer()
        self._check_state(("submitted",), _("validated"))
        self.sudo().write(
            {
                "state": "validated",
                "reviewed_by_id": self.env.uid,
                "reviewed_date": fields.Datetime.now(),
            }
        )
        self._close_review_activities(_("Fiche validated."))
        self.env["gpme.journal"]._gpme_log("fiche_validate", self)
        self._notify_student(_("The fiche has been validated."))
        return toast(_("Fiche validated: the student is notified."))

    def action_return(self, comment):
        """Return the fiche to the student for rework, with the comment."""
        self._check_reviewer()
        self._check_state(("submitted",), _("returned"))
        comment = (comment or "").strip()
        if not comment:
            raise UserError(
                _("Say what must be reworked: the comment to the student is empty.")
            )
        self.sudo().write(
            {
                "state": "to_rework",
                "review_comment": comment,
                "reviewed_by_id": self.env.uid,
                "reviewed_date": fields.Datetime.now(),
            }
        )
        self._close_review_activities(_("Fiche returned for rework."))
        self.env["gpme.journal"]._gpme_log("fiche_return", self, reason=comment)
        # The comment is the teacher's text, shown as text (not HTML).
        self._notify_student(Markup(_("Fiche returned for rework: %s")) % comment)
        return toast(
            _("Fiche returned to the student, with your comment."), kind="info"
        )

    def action_reopen(self, reason):
        """Reopen a validated fiche; the reason stays in the chatter."""
        self._check_reviewer()
        self._check_state(("validated",), _("reopened"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for reopening the fiche."))
        self.sudo().write({"state": "to_rework", "review_comment": reason})
        self.env["gpme.journal"]._gpme_log("fiche_reopen", self, reason=reason)
        self._notify_student(
            Markup(_("Fiche reopened by the teacher. Reason: %s")) % reason
        )
        return toast(_("Fiche reopened: the student is notified."), kind="info")

    def _notify_student(self, body):
        """Post the review decision to each fiche's student, in the chatter."""
        for situation in self:
            situation.message_post(
                body=body,
                partner_ids=situation.student_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _action_review_wizard(self, mode):
        self._check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gpme.situation.review.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Return the fiche")
            if mode == "return"
            else _("Reopen the fiche"),
            "context": {"default_situation_ids": self.ids, "default_mode": mode},
        }

    def action_return_wizard(self):
        return self._action_review_wizard("return")

    def action_reopen_wizard(self):
        return self._action_review_wizard("reopen")

    def _gpme_evidence_changed(self, evidences, action):
        """The one rule for evidence changes on a reviewed fiche: a validated
        fiche goes back to its teachers for review (not refused: the student
        may still correct a wrong tag before the hand-in), and every change on
        a handed-in or validated fiche is logged in the chatter."""
        labels = {
            "added": _("Evidence added by %(user)s: %(docs)s"),
            "removed": _("Evidence removed by %(user)s: %(docs)s"),
        }
        for situation in self.sudo().filtered(
            lambda s: s.state in ("submitted", "validated")
        ):
            docs = evidences.sudo().filtered(lambda e, s=situation: e.situation_id == s)
            if not docs:
                continue
            body = labels[action] % {
                "user": self.env.user.name,
                "docs": ", ".join(docs.mapped("name")),
            }
            # The student's own change reopens the review; a teacher's or an
            # administrator's correction is logged only.
            if situation.state == "validated" and self.env.user == situation.student_id:
                situation.write(
                    {"state": "submitted", "submitted_date": fields.Datetime.now()}
                )
                body += " " + _("The validated fiche goes back to review.")
                situation._gpme_review_todo()
            situation.message_post(body=body)

    def _gpme_review_todo(self):
        """One review to-do per teacher of the class (at hand-in, and again
        when the evidence of a validated fiche changes)."""
        for situation in self.sudo():
            for teacher in situation.cohort_id.teacher_ids:
                situation.activity_schedule(
                    "gpme_e4.mail_activity_type_fiche_review",
                    summary=situation.with_context(lang=teacher.lang)._review_summary(),
                    user_id=teacher.id,
                )
