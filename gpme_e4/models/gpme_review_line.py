from odoo import fields, models


class GpmeReviewLine(models.Model):
    """What a bilan recorded on one activity of the référentiel."""

    _name = "gpme.review.line"
    # Follows its bilan's lock (gpme.lock.mixin): teachers of the class until
    # the dossier is handed in.
    _inherit = ["gpme.lock.mixin"]
    _gpme_lock_parent = "review_id"
    _description = "E4 progress review line (one activity)"
    _order = "review_id, sequence, activity_id"

    review_id = fields.Many2one(
        "gpme.review", required=True, index=True, ondelete="cascade"
    )
    # Stored for the record rules, as on the review.
    dossier_id = fields.Many2one(
        related="review_id.dossier_id", store=True, index=True, string="Dossier"
    )
    student_id = fields.Many2one(
        related="review_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="review_id.cohort_id", store=True, index=True, string="Class"
    )
    date = fields.Date(related="review_id.date")
    sequence = fields.Integer(related="activity_id.sequence", store=True)
    activity_id = fields.Many2one(
        "gpme.activity", required=True, ondelete="restrict", index=True
    )
    observed = fields.Text(string="What was observed")
    presentation = fields.Text(string="The candidate's presentation")
    comment = fields.Text()
    position_ids = fields.One2many(
        "gpme.review.position",
        "line_id",
        string="Positioning on the performance criteria",
        copy=True,
    )

    _sql_constraints = [
        (
            "review_activity_uniq",
            "unique(review_id, activity_id)",
            "A progress review has one line per activity.",
        )
    ]
