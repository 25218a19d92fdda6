from odoo import fields, models

from ..models.gpme_evaluation import NV_CASES


class GpmeConformityWizard(models.TransientModel):
    """The commission's conformity decision: conform, doubt or NV."""

    _name = "gpme.conformity.wizard"
    _description = "E4 conformity decision"

    evaluation_id = fields.Many2one("gpme.evaluation", required=True)
    nv_detected = fields.Char(related="evaluation_id.nv_detected")
    decision = fields.Selection(
        [
            ("conform", "Conform"),
            ("doubt", "Doubt: interrogate, hold the mark back"),
            ("non_conform", "Non-conform (NV)"),
        ],
        required=True,
        default="conform",
    )
    nv_case = fields.Selection(NV_CASES, string="Non-conformity case")
    note = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        evaluation = self.evaluation_id
        if self.decision == "conform":
            evaluation.action_confirm_conformity()
        elif self.decision == "doubt":
            evaluation.action_doubt(self.note)
        else:
            evaluation.action_declare_nv(self.nv_case, self.note)
        return {"type": "ir.actions.act_window_close"}
