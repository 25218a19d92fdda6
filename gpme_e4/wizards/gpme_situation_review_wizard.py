from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class GpmeSituationReviewWizard(models.TransientModel):
    """Ask the teacher for the comment (return) or the reason (reopen)."""

    _name = "gpme.situation.review.wizard"
    _description = "Return or reopen an E4 fiche"

    situation_ids = fields.Many2many("gpme.situation", string="Fiches", required=True)
    mode = fields.Selection(
        [("return", "Return for rework"), ("reopen", "Reopen")],
        required=True,
        default="return",
    )
    comment = fields.Text(required=True)

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_reviewer()
        return wizards

    def _check_reviewer(self):
        """Only the teachers of the fiches' classes (or an administrator)
        open this wizard on them: refused without naming the fiches."""
        if self.env.su:
            return
        dossiers = self.sudo().situation_ids.dossier_id
        roles = dossiers.with_env(self.env)._gpme_roles_map()
        if any(not roles[d.id] & {"teacher", "admin"} for d in dossiers):
            raise AccessError(
                _("Only the teachers of the student's class review these fiches.")
            )

    def action_confirm(self):
        self.ensure_one()
        # The action's toast closes the dialog and reloads the fiche.
        if self.mode == "return":
            return self.situation_ids.action_return(self.comment)
        return self.situation_ids.action_reopen(self.comment)
