from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GpmeGridCriterion(models.Model):
    _name = "gpme.grid.criterion"
    _inherit = "gpme.referential.mixin"
    _description = "E4 evaluation grid criterion"

    situation = fields.Selection(
        [("A", "Situation A (/14)"), ("B", "Situation B (/6)")], required=True
    )
    indicators = fields.Text()
    activity_id = fields.Many2one(
        "gpme.activity",
        ondelete="restrict",
        index=True,
        help="Activity whose critère de performance this is: the bilans place "
        "the candidate on it.",
    )
    family = fields.Selection(
        [
            ("operational", "Operational and methodological"),
            ("communication", "Communication"),
        ],
    )
    max_points = fields.Float(
        digits=(4, 2),
        help="Points of the criterion in its grid; 0 for a critère de "
        "performance of an activity, which is positioned, not marked alone.",
    )
    to_verify = fields.Boolean(
        string="To verify", help="Check against the circular of the exam session."
    )

    @api.constrains("max_points", "activity_id")
    def _check_max_points(self):
        for criterion in self:
            if criterion.max_points < 0 or (
                not criterion.activity_id and criterion.max_points <= 0
            ):
                raise ValidationError(
                    _(
                        "The criterion « %s » must be worth more than 0 points.",
                        criterion.name,
                    )
                )
