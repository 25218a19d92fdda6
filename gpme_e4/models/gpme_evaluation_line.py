from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..services import evaluation as rules
from .gpme_lock_mixin import check_values

LINE_FIELDS = {"level_id", "level_code", "points", "comment"}


class GpmeEvaluationLine(models.Model):
    """One criterion of grid A or B: the degree of mastery, the points it
    suggests, the points set by the evaluators and their comment."""

    _name = "gpme.evaluation.line"
    _description = "E4 evaluation grid line"
    _order = "evaluation_id, grid, sequence, id"

    evaluation_id = fields.Many2one(
        "gpme.evaluation", required=True, index=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one(
        "gpme.grid.criterion", required=True, ondelete="restrict"
    )
    grid = fields.Selection(related="criterion_id.situation", store=True, index=True)
    kind = fields.Selection(related="criterion_id.kind", store=True)
    family = fields.Selection(related="criterion_id.family")
    sequence = fields.Integer(default=10)
    indicators = fields.Text(related="criterion_id.indicators")
    activity_id = fields.Many2one(related="criterion_id.activity_id")
    max_points = fields.Float(related="criterion_id.max_points", string="Max")
    bilan_level_id = fields.Many2one(
        "gpme.mastery.level",
        string="Bilans",
        readonly=True,
        help="Degree of mastery recorded by the bilans of the second year.",
    )
    bilan_review_id = fields.Many2one(
        "gpme.review",
        string="From the bilan",
        readonly=True,
        ondelete="set null",
        help="The year-2 bilan whose positioning grid A proposes.",
    )
    level_id = fields.Many2one("gpme.mastery.level", string="Degree of mastery")
    # The same level as a selection: the exam room picks it in one click
    # (badges; a many2one's badges do not load inside a grid's rows).
    level_code = fields.Selection(
        selection="_selection_level_code",
        string="Level",
        compute="_compute_level_code",
        inverse="_inverse_level_code",
        help="Degree of mastery of the criterion, from the référentiel's scale.",
    )
    suggested_points = fields.Float(
        compute="_compute_suggested_points", store=True, digits=(4, 2)
    )
    points = fields.Float(
        compute="_compute_points",
        store=True,
        readonly=False,
        digits=(4, 2),
    )
    comment = fields.Text()

    @api.model
    def _selection_level_code(self):
        levels = self.env["gpme.mastery.level"].sudo().search([])
        return [(level.code, level.name) for level in levels]

    def _level_from_code(self, code):
        Level = self.env["gpme.mastery.level"]
        return Level.search([("code", "=", code)], limit=1) if code else Level

    @api.depends("level_id")
    def _compute_level_code(self):
        for line in self:
            line.level_code = line.level_id.code or False

    def _inverse_level_code(self):
        for line in self:
            level = self._level_from_code(line.level_code)
            # Unchanged level: keep the points the evaluators may have set.
            if line.level_id != level:
                line.level_id = level

    @api.onchange("level_code")
    def _onchange_level_code(self):
        # The form shows the suggested points as soon as a badge is clicked.
        for line in self:
            level = self._level_from_code(line.level_code)
            if line.level_id != level:
                line.level_id = level

    @api.depends("level_id.ratio", "criterion_id.max_points", "kind")
    def _compute_suggested_points(self):
        # Only a row's degree of mastery suggests points; penalties are
        # set by the commission.
        for line in self:
            line.suggested_points = (
                rules.suggested_points(
                    line.criterion_id.max_points, line.level_id.ratio
                )
                if line.level_id and line.kind == "row"
                else 0.0
            )

    @api.depends("suggested_points")
    def _compute_points(self):
        # The grid suggests, the evaluators decide: a level sets the points,
        # which stay editable.
        for line in self:
            line.points = line.suggested_points

    @api.constrains("points", "criterion_id")
    def _check_points(self):
        for line in self:
            problem = rules.line_problem(line.points, line.criterion_id.max_points)
            if problem == "negative":
                raise ValidationError(
                    _(
                        "Points of the criterion « %(criterion)s »: %(points)s is "
                        "negative.",
                        criterion=line.criterion_id.name,
                        points=line.points,
                    )
                )
            if problem == "above_max":
                raise ValidationError(
                    _(
                        "Points of the criterion « %(criterion)s »: %(points)s is "
                        "above its maximum of %(max)s.",
                        criterion=line.criterion_id.name,
                        points=line.points,
                        max=line.criterion_id.max_points,
                    )
                )
        for evaluation in self.mapped("evaluation_id"):
            for grid in ("A", "B"):
                total = evaluation._gpme_grid_score(grid)
                if rules.total_problem(grid, total):
                    raise ValidationError(
                        _(
                            "Total of grid %(grid)s: %(total)s is above %(max)s.",
                            grid=grid,
                            total=total,
                            max=rules.GRID_MAX[grid],
                        )
                    )

    def _gpme_check_edit(self, vals=None):
        if self.env.su:
            return
        if vals is not None and set(vals) - LINE_FIELDS:
            if not self.env.user.has_group("gpme_e4.group_admin"):
                raise AccessError(_("Only the level, points and comment can change."))
        for line in self:
            evaluation = line.evaluation_id
            roles = evaluation._gpme_eval_roles()
            if "admin" not in roles and not roles & rules.GRID_ROLES[line.grid]:
                raise AccessError(
                    _("You do not fill grid %s of this candidate.", line.grid)
                )
            if line.kind == "penalty" and not roles & {"admin", "commission"}:
                raise AccessError(_("Only the commission fills the penalties."))
            evaluation._gpme_check_open(line.grid)

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("The grid's criteria come from the référentiel."))
        lines._gpme_check_edit()
        return lines

    def write(self, vals):
        self._gpme_check_edit(vals)
        check_values(self, vals)
        points = vals.get("points")
        if points and rules.off_step(points):
            raise ValidationError(
                _(
                    "Points: %(points)s is not on the grid's step of %(step)s point.",
                    points=points,
                    step=rules.POINT_STEP,
                )
            )
        return super().write(vals)

    def unlink(self):
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("The grid's criteria come from the référentiel."))
        self._gpme_check_edit()
        return super().unlink()
