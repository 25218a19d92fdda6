from odoo import fields, models


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

    def action_confirm(self):
        self.ensure_one()
        if self.mode == "return":
            self.situation_ids.action_return(self.comment)
        else:
            self.situation_ids.action_reopen(self.comment)
        return {"type": "ir.actions.act_window_close"}
