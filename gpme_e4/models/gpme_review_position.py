from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class GpmeReviewPosition(models.Model):
    """Where a bilan places the candidate on one critère de performance of the
    activity of its line (grid A is prefilled from these)."""

    _name = "gpme.review.position"
    # Follows its bilan's lock (gpme.lock.mixin): teachers of the class until
    # the dossier is handed in.
    _inherit = ["gpme.lock.mixin"]
    # Through its line (gpme.review.line follows the bilan).
    _gpme_lock_parent = "line_id"
    _description = "E4 progress review positioning on a performance criterion"
    _order = "line_id, criterion_id"

    line_id = fields.Many2one(
        "gpme.review.line", required=True, index=True, ondelete="cascade"
    )
    activity_id = fields.Many2one(related="line_id.activity_id")
    criterion_id = fields.Many2one(
        "gpme.grid.criterion",
        string="Performance criterion",
        required=True,
        ondelete="restrict",
        domain="[('activity_id', '=', activity_id)]",
    )
    level_id = fields.Many2one(
        "gpme.mastery.level", string="Degree of mastery", required=True
    )

    _sql_constraints = [
        (
            "line_criterion_uniq",
            "unique(line_id, criterion_id)",
            "A criterion is positioned once per activity of a progress review.",
        )
    ]

    @api.constrains("criterion_id", "line_id")
    def _check_criterion_activity(self):
        for position in self:
            if position.criterion_id.activity_id != position.line_id.activity_id:
                raise ValidationError(
                    _(
                        "The criterion « %(criterion)s » is not a performance "
                        "criterion of the activity « %(activity)s ».",
                        criterion=position.criterion_id.name,
                        activity=position.line_id.activity_id.display_name,
                    )
                )
