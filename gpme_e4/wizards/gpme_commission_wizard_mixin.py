from odoo import api, fields, models


class GpmeCommissionWizardMixin(models.AbstractModel):
    """A window of the commission on one candidate's evaluation: only a
    member of that dossier's commission creates it or points it at another
    evaluation (over RPC too), and the refusal names nobody."""

    _name = "gpme.commission.wizard.mixin"
    _description = "E4 commission window on an evaluation"

    evaluation_id = fields.Many2one("gpme.evaluation", required=True)

    def _gpme_check_evaluation(self, evaluation_id):
        if isinstance(evaluation_id, bool) or not isinstance(evaluation_id, int):
            evaluation_id = 0
        evaluation = self.env["gpme.evaluation"].browse(evaluation_id or [0])
        evaluation._gpme_check_role({"commission"})
        return evaluation

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
