from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("performance", "Performance criterion"),
    ("row", "Marked row"),
    ("penalty", "Penalties"),
]


class GpmeGridCriterion(models.Model):
    """A line of grid A or B, or a critère de performance of bloc 1 that the
    bilans position and that the grids' rows gather. Shipped as indicative
    data (data/gpme_grid_criterion_data.xml); an académie replaces it by
    importing its official grid."""

    _name = "gpme.grid.criterion"
    _inherit = "gpme.referential.mixin"
    _description = "E4 evaluation grid criterion"

    situation = fields.Selection(
        [
            ("A", "Situation A (/14)"),
            ("B", "Situation B (/6)"),
            ("P", "Forme ponctuelle (/20)"),
        ],
        required=True,
    )
    kind = fields.Selection(
        KINDS,
        required=True,
        default="row",
        help="Performance criterion: positioned by the bilans, 0 point. Marked "
        "row: a row of the grid with its points. Penalties: points the "
        "commission deducts for composition gaps, at most the maximum.",
    )
    indicators = fields.Text()
    activity_id = fields.Many2one(
        "gpme.activity",
        ondelete="restrict",
        index=True,
        help="Competence whose critère de performance this is (or which the "
        "row marks).",
    )
    family = fields.Selection(
        [
            ("operational", "Operational and methodological"),
            ("communication", "Communication"),
        ],
    )
    is_specific = fields.Boolean(
        string="Specific to the competence",
        help="Printed in italics in the référentiel: specific to its "
        "competence; the others are common to several competences.",
    )
    task_ids = fields.Many2many(
        "gpme.task",
        "gpme_grid_criterion_task_rel",
        "criterion_id",
        "task_id",
        string="Tasks judged",
    )
    # A critère de performance feeds one row of grid A and possibly rows of
    # grid B; rows list their critères (same relation, both ways).
    row_ids = fields.Many2many(
        "gpme.grid.criterion",
        "gpme_grid_criterion_row_rel",
        "performance_id",
        "row_id",
        string="Grid rows",
        domain=[("kind", "=", "row")],
    )
    performance_ids = fields.Many2many(
        "gpme.grid.criterion",
        "gpme_grid_criterion_row_rel",
        "row_id",
        "performance_id",
        string="Performance criteria",
        domain=[("kind", "=", "performance")],
    )
    max_points = fields.Float(
        digits=(4, 2),
        help="Points of a row; the largest deduction of the penalties; 0 for "
        "a critère de performance, which is positioned, not marked alone.",
    )
    is_indicative = fields.Boolean(
        string="Indicative",
        default=True,
        help="Drawn up from the référentiel, not the official grid of the "
        "exam circular: grids print « Grille indicative établie d'après le "
        "référentiel » while one of their criteria is indicative.",
    )

    @api.constrains("max_points", "kind")
    def _check_max_points(self):
        for criterion in self:
            if criterion.max_points < 0 or (
                criterion.kind != "performance" and criterion.max_points <= 0
            ):
                raise ValidationError(
                    _(
                        "Max points of the criterion « %s »: a row or the "
                        "penalties must be worth more than 0 points.",
                        criterion.name,
                    )
                )
            if criterion.kind == "performance" and criterion.max_points:
                raise ValidationError(
                    _(
                        "Max points of the criterion « %s »: a performance "
                        "criterion is positioned, not marked (0 points).",
                        criterion.name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": _("Import template for grid criteria"),
                "template": "/gpme_e4/static/xls/gpme_grid_criterion.csv",
            }
        ]

    @api.model
    def _gpme_indicative(self, situations=("A", "B", "P")):
        """Whether a grid still uses an indicative criterion."""
        return bool(
            self.sudo().search_count(
                [("situation", "in", list(situations)), ("is_indicative", "=", True)],
                limit=1,
            )
        )
