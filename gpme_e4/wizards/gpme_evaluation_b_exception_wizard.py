from odoo import fields, models


class GpmeEvaluationBExceptionWizard(models.TransientModel):
    """The administrator lets situation B take place outside the session's
    window, giving the reason logged in the chatter."""

    _name = "gpme.evaluation.b.exception.wizard"
    _description = "Situation B outside its window"

    evaluation_id = fields.Many2one("gpme.evaluation", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.evaluation_id.action_allow_situation_b(self.reason)
        return {"type": "ir.actions.act_window_close"}
