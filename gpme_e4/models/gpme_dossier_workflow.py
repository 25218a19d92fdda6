from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services.toast import toast

# State buttons: from which state, to which state, which roles may press them.
TRANSITIONS = {
    "submit": ("draft", "submitted", {"student"}),
    "reset_draft": ("submitted", "draft", {"teacher"}),
    "validate": ("submitted", "validated", {"teacher"}),
    "start_evaluation": ("validated", "evaluation", {"commission"}),
    "mark_evaluated": ("evaluation", "evaluated", {"commission"}),
    "archive": ("evaluated", "archived", set()),
}


class GpmeDossierWorkflow(models.AbstractModel):
    """The dossier's state buttons after the hand-in: who may press which,
    offered only when they can act, acknowledged by a toast and told to the
    student (moved whole out of gpme.dossier, issue 23)."""

    _name = "gpme.dossier.workflow"
    _description = "E4 dossier: state buttons"

    # What the state buttons may do for the current user now: a button that
    # could only refuse is not offered (the actions check again).
    can_submit = fields.Boolean(compute="_compute_can_act")
    can_review = fields.Boolean(compute="_compute_can_act")
    can_validate = fields.Boolean(compute="_compute_can_act")
    validate_blockers = fields.Text(
        string="Before validating", compute="_compute_can_act"
    )

    @api.depends("state", "situation_ids.state")
    @api.depends_context("uid")
    def _compute_can_act(self):
        # The role and state checks of _gpme_transition_check, and the
        # validated fiches action_validate needs, said before the click.
        roles = self._gpme_roles_map() if self.ids else {}
        states = dict(
            self.env["gpme.situation"]._fields["state"]._description_selection(self.env)
        )
        for dossier in self:
            mine = roles.get(dossier.id, set())
            dossier.can_submit = dossier.state == "draft" and bool(
                mine & {"student", "admin"}
            )
            dossier.can_review = dossier.state == "submitted" and bool(
                mine & {"teacher", "admin"}
            )
            open_fiches = dossier.sudo().situation_ids.filtered(
                lambda s: s.state != "validated"
            )
            dossier.can_validate = dossier.can_review and not open_fiches
            dossier.validate_blockers = (
                dossier.can_review
                and open_fiches
                and "\n".join(
                    _(
                        "The fiche « %(fiche)s » is « %(state)s »: every fiche "
                        "must be validated first (return the dossier to the "
                        "student to have it completed).",
                        fiche=fiche.code or fiche.name,
                        state=states[fiche.state],
                    )
                    for fiche in open_fiches
                )
            ) or False

    # ------------------------------------------------------------------
    # State buttons
    # ------------------------------------------------------------------
    def _gpme_transition(self, action):
        """Check the user may press the button, then move the dossiers on.

        The state is written as superuser because it is refused to every
        direct write; who may press which button is checked here instead.
        """
        target = self._gpme_transition_check(action)
        res = self.sudo().write({"state": target})
        self.env["gpme.journal"]._gpme_log(
            f"dossier_{action}",
            self,
            reason=self.env.context.get("gpme_reason"),
            details={"from": TRANSITIONS[action][0], "to": target},
        )
        self._gpme_notify_student(action)
        return res

    def _gpme_notify_student(self, action):
        """The teaching team's decisions reach the student in her inbox."""
        if action == "validate":
            body = _("Your dossier has been validated by %s.", self.env.user.name)
        elif action == "reset_draft":
            body = _(
                "Your dossier has been returned to you by %s: it is a draft "
                "again, to be completed and submitted.",
                self.env.user.name,
            )
        else:
            return
        for dossier in self.sudo():
            dossier.message_post(
                body=body,
                partner_ids=dossier.student_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _gpme_transition_check(self, action):
        """Refuse first on the role (naming nothing), then on the state."""
        source, target, roles_allowed = TRANSITIONS[action]
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        roles = self._gpme_roles_map()
        for dossier in self:
            if not self.env.su and not roles[dossier.id] & (roles_allowed | {"admin"}):
                raise AccessError(
                    _(
                        "You are not allowed to move this dossier to « %(target)s ».",
                        target=state_labels[target],
                    )
                )
            if dossier.state != source:
                raise UserError(
                    _(
                        "The dossier is « %(state)s »: this step needs it to be "
                        "« %(needed)s ».",
                        state=state_labels[dossier.state],
                        needed=state_labels[source],
                    )
                )
        return target

    def action_reset_draft(self, reason=None):
        """Back to draft (the reason, when given, goes to the E4 journal)."""
        dossiers = self.with_context(gpme_reason=reason) if reason else self
        dossiers._gpme_transition("reset_draft")
        self.sudo().write({"indicators_frozen": False})
        return toast(
            _("Dossier returned to the student: it is a draft again."), kind="info"
        )

    def action_validate(self):
        """The teaching team validates a dossier whose fiches are all validated."""
        self._gpme_transition_check("validate")
        open_fiches = self.sudo().situation_ids.filtered(
            lambda s: s.state != "validated"
        )
        if open_fiches:
            states = dict(open_fiches._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "The dossier cannot be validated: the fiche « %(fiche)s » is "
                    "« %(state)s », every fiche must be validated first.",
                    fiche=open_fiches[0].code or open_fiches[0].name,
                    state=states[open_fiches[0].state],
                )
            )
        self._gpme_transition("validate")
        return toast(
            _("Dossier validated for the commission: the student is notified.")
        )

    def action_start_evaluation(self):
        return self._gpme_transition("start_evaluation")

    def action_mark_evaluated(self):
        return self._gpme_transition("mark_evaluated")

    def action_open_evaluation(self):
        """The commission's screen for this candidate (created on first use)."""
        self.ensure_one()
        return self.env["gpme.evaluation"]._gpme_open_for_dossier(self).action_open()

    def action_archive_dossier(self):
        return self._gpme_transition("archive")
