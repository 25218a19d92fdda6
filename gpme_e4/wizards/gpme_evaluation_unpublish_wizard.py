from odoo import fields, models


class GpmeEvaluationUnpublishWizard(models.TransientModel):
    """The administrator takes a published evaluation back, giving the reason
    logged in the chatter: the only way a published evaluation changes."""

    _name = "gpme.evaluation.unpublish.wizard"
    _description = "Unpublish an E4 evaluation"

    evaluation_id = fields.Many2one("gpme.evaluation", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.evaluation_id.action_unpublish(self.reason)
        return {"type": "ir.actions.act_window_close"}
