from odoo import api, fields, models

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

    # The wizard shows the candidate and the facts found: only the
    # candidate's commission (or an administrator) opens one, checked before
    # anything is read (its related fields are computed as superuser).
    def _gpme_check_evaluation(self, evaluation_id):
        if isinstance(evaluation_id, bool) or not isinstance(evaluation_id, int):
            evaluation_id = 0
        evaluation = self.env["gpme.evaluation"].browse(evaluation_id or [0])
        evaluation._gpme_check_role({"commission"})

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gpme_check_evaluation(
                vals.get("evaluation_id", self.env.context.get("default_evaluation_id"))
            )
        return super().create(vals_list)

    def write(self, vals):
        if "evaluation_id" in vals:
            self._gpme_check_evaluation(vals["evaluation_id"])
        return super().write(vals)

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
