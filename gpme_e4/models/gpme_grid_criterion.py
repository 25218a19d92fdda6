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
    max_points = fields.Float(digits=(4, 2), required=True)
    to_verify = fields.Boolean(
        string="To verify", help="Check against the circular of the exam session."
    )

    @api.constrains("max_points")
    def _check_max_points(self):
        for criterion in self:
            if criterion.max_points <= 0:
                raise ValidationError(
                    _(
                        "The criterion « %s » must be worth more than 0 points.",
                        criterion.name,
                    )
                )
