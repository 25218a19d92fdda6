from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..services import evaluation as rules
from ..services import evaluation_signing, french

GRIDS = [("A", "Grid A"), ("B", "Grid B"), ("P", "Grid of the forme ponctuelle")]
MAXIMUM = {"A": 14.0, "B": 6.0, "P": 20.0}


class GpmeEvaluationSignWizard(models.TransientModel):
    """Before a grid is signed: its total and the mark proposed, checked
    first (what still prevents the signature is said, with no button to
    sign)."""

    _name = "gpme.evaluation.sign.wizard"
    _description = "Sign an E4 grid"

    evaluation_id = fields.Many2one("gpme.evaluation", required=True)
    grid = fields.Selection(GRIDS, required=True)
    student_name = fields.Char(compute="_compute_summary", string="Candidate")
    total = fields.Char(compute="_compute_summary", string="Total of the grid")
    mark = fields.Char(compute="_compute_summary", string="Mark proposed")
    criteria = fields.Char(compute="_compute_summary", string="Criteria placed")
    problem = fields.Char(compute="_compute_summary")

    def _gpme_check_evaluation(self, evaluation_id, grid):
        if isinstance(evaluation_id, bool) or not isinstance(evaluation_id, int):
            evaluation_id = 0
        evaluation = self.env["gpme.evaluation"].browse(evaluation_id or [0])
        evaluation._gpme_check_role(
            rules.GRID_ROLES.get(grid, ()),
            _("Only the evaluators of this candidate sign grid %s.", grid),
        )
        return evaluation

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        for vals in vals_list:
            self._gpme_check_evaluation(
                vals.get("evaluation_id", context.get("default_evaluation_id")),
                vals.get("grid", context.get("default_grid")),
            )
        return super().create(vals_list)

    def write(self, vals):
        for wizard in self:
            self._gpme_check_evaluation(
                vals.get("evaluation_id", wizard.evaluation_id.id),
                vals.get("grid", wizard.grid),
            )
        return super().write(vals)

    @api.depends("evaluation_id", "grid")
    def _compute_summary(self):
        for wizard in self:
            evaluation = wizard.evaluation_id
            if not evaluation or not wizard.grid:
                wizard.update(
                    {
                        "student_name": False,
                        "total": False,
                        "mark": False,
                        "criteria": False,
                        "problem": False,
                    }
                )
                continue
            # The role first, naming nothing; then the facts as superuser.
            wizard._gpme_check_evaluation(evaluation.id, wizard.grid)
            record = evaluation.sudo()
            lines = record.line_ids.filtered(
                lambda x, g=wizard.grid: x.grid == g and x.kind == "row"
            )
            problem = False
            try:
                evaluation_signing.check_sign(evaluation, wizard.grid)
            except UserError as error:
                problem = error.args[0]
            wizard.update(
                {
                    "student_name": record.student_id.name,
                    "total": "%s / %s"
                    % (
                        rules.format_points(record._gpme_grid_score(wizard.grid)),
                        rules.format_points(MAXIMUM[wizard.grid]),
                    ),
                    "mark": record.mark_display,
                    "criteria": "%s / %s"
                    % (len(lines.filtered("level_id")), len(lines)),
                    "problem": problem,
                }
            )

    def action_confirm(self):
        self.ensure_one()
        evaluation = self.evaluation_id.with_context(gpme_sign_ask=False)
        method = {"A": "action_sign_a", "B": "action_sign_b", "P": "action_sign_p"}
        getattr(evaluation, method[self.grid])()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Grid signed"),
                "message": french.elide(
                    _(
                        "Grid %(grid)s of %(student)s signed: total %(total)s. It is "
                        "read-only from now on.",
                        grid=self.grid,
                        student=self.student_name,
                        total=self.total,
                    ),
                    french.env_lang(self.env),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
