from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import evaluation as rules
from .gpme_lock_mixin import ALL

# What the evaluators write on a line; the rest comes from the référentiel.
LINE_FIELDS = ("comment", "level_id", "level_code", "points")


def _line_rules():
    """{lock state: {role: fields}} of a grid line (see gpme.lock.mixin): an
    open grid's rows are filled by its evaluators (GRID_ROLES), its penalties
    by the commission; a signed grid changes only through the administrator's
    logged unlock (the signatures go, then the grid is open again); published,
    archived or not evaluated (never handed in, NV), nobody writes. Lines are
    created and deleted from the référentiel (as superuser), never by hand."""
    result = {}
    for grid, roles in rules.GRID_ROLES.items():
        rows = dict.fromkeys(roles, LINE_FIELDS)
        result[f"open_{grid}_row"] = dict(rows, admin=ALL)
        result[f"open_{grid}_penalty"] = {"commission": LINE_FIELDS, "admin": ALL}
    result.update(
        signed={}, published={}, archived={}, nv={}, not_handed_in={}, other_form={}
    )
    return result


def closed_message(self, state, grid=None):
    """Why the evaluation's grids (or fiches de travail) are closed, as
    _gpme_check_open says it, without the candidate's name; None when the
    state is open."""
    if state == "signed":
        return _(
            "Grid %s is signed: it is read-only. Only an administrator can "
            "unlock it, giving a reason.",
            grid,
        )
    return {
        "published": _(
            "The evaluation is published: it changes only when an "
            "administrator unpublishes it, giving a reason."
        ),
        "archived": _("The evaluation is archived with its dossier: it is read-only."),
        "nv": _("The dossier is non-conform (NV): it is not evaluated."),
        "not_handed_in": _(
            "The dossier has not been handed in: it is not evaluated (declare "
            "it non-conform if the deadline has passed)."
        ),
    }.get(state)


class GpmeEvaluationLine(models.Model):
    """One criterion of grid A, B or P (forme ponctuelle): the degree of
    mastery, the points it suggests, the points set by the evaluators and
    their comment."""

    _name = "gpme.evaluation.line"
    _inherit = ["gpme.lock.mixin"]
    _description = "E4 evaluation grid line"
    _gpme_lock_rules = _line_rules()
    # Activity by activity as in the national grid (1.1, then its critères,
    # then 1.2...); lines of no activity (penalties, grid B) come last.
    _order = "evaluation_id, grid, activity_id, sequence, id"

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
    activity_id = fields.Many2one(
        related="criterion_id.activity_id", store=True, index=True
    )
    # The heading the grid's lines are grouped under (form and report).
    grid_heading = fields.Char(compute="_compute_grid_heading", string="Heading")
    # The critères de performance a row gathers, one a line: the grid's
    # narrow criterion column shows them in a tooltip (gpme_criterion).
    criterion_detail = fields.Text(
        compute="_compute_criterion_detail", string="Performance criteria of the row"
    )
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

    @api.depends("criterion_id.activity_id", "kind", "family")
    def _compute_grid_heading(self):
        families = {
            "operational": _("Operational and methodological criteria"),
            "communication": _("Communication criteria"),
        }
        for line in self:
            activity = line.sudo().activity_id
            if activity:
                line.grid_heading = activity.display_name
            elif line.kind == "penalty":
                line.grid_heading = _("Composition of the dossier")
            else:
                line.grid_heading = families.get(line.family, False)

    @api.depends("criterion_id.performance_ids.name")
    def _compute_criterion_detail(self):
        for line in self:
            names = line.criterion_id.performance_ids.mapped("name")
            line.criterion_detail = "\n".join(names) or False

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
            for grid in evaluation._gpme_grids():
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

    # --- the lock (gpme.lock.mixin) ----------------------------------------------
    def _gpme_lock_state(self):
        lines = self.sudo()
        evaluations = lines.evaluation_id
        states = evaluations._gpme_lock_state()
        result = {}
        for line in lines:
            evaluation = line.evaluation_id
            state = states[evaluation.id]
            signed = evaluation._gpme_signed_grids()
            if state in ("published", "archived"):
                result[line.id] = state
            elif line.grid not in evaluation._gpme_grids():
                # A grid of the other form (CCF or ponctuelle): nobody adds it.
                result[line.id] = "other_form"
            elif evaluation.conformity == "non_conform":
                result[line.id] = "nv"
            elif evaluation.dossier_id.state == "draft":
                result[line.id] = "not_handed_in"
            elif signed.get(line.grid):
                result[line.id] = "signed"
            else:
                kind = "penalty" if line.kind == "penalty" else "row"
                result[line.id] = f"open_{line.grid}_{kind}"
        return result

    def _gpme_lock_roles(self):
        lines = self.sudo()
        roles = lines.evaluation_id.with_env(self.env)._gpme_eval_roles_map()
        return {line.id: roles.get(line.evaluation_id.id, set()) for line in lines}

    def _gpme_lock_state_label(self, state):
        if state.endswith("_penalty"):
            return _("a penalty the commission sets")
        if state.startswith("open_"):
            return _("a criterion its evaluators fill")
        return {
            "signed": _("a signed grid"),
            "published": _("published"),
            "archived": _("archived"),
            "nv": _("non-conform (NV)"),
            "not_handed_in": _("not handed in"),
            "other_form": _("a grid of the other form of the exam"),
        }.get(state, state)

    def _gpme_lock_message(self, state, refused):
        # Those who evaluate the candidate read why the grid is closed; anyone
        # else reads the plain refusal (naming nothing).
        roles = self._gpme_lock_roles().get(self.id, set())
        if roles:
            message = closed_message(self, state, self.sudo().grid)
            if message:
                return message
            if state.endswith("_penalty") and "commission" not in roles:
                return _("Only the commission fills the penalties.")
        return super()._gpme_lock_message(state, refused)

    @api.model
    def _gpme_check_sizes(self, vals, create=False):
        res = super()._gpme_check_sizes(vals, create=create)
        points = vals.get("points")
        if points and isinstance(points, (int, float)) and rules.off_step(points):
            raise ValidationError(
                _(
                    "Points: %(points)s is not on the grid's step of %(step)s point.",
                    points=points,
                    step=rules.POINT_STEP,
                )
            )
        return res
