from odoo import _, fields, models

from ..services.evaluation_display import toast


class GpmeEvaluationUnlockWizard(models.TransientModel):
    """The administrator unlocks a signed grid, giving the reason logged in
    the chatter."""

    _name = "gpme.evaluation.unlock.wizard"
    _description = "Unlock a signed E4 grid"

    evaluation_id = fields.Many2one("gpme.evaluation", required=True)
    grid = fields.Selection(
        [("A", "Grid A"), ("B", "Grid B"), ("P", "Grid of the forme ponctuelle")],
        required=True,
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.evaluation_id.action_unlock(self.grid, self.reason)
        return toast(
            _("Grid unlocked"),
            _(
                "Grid %s unlocked: its signatures are removed, the reason is in "
                "the chatter.",
                self.grid,
            ),
            "warning",
        )
