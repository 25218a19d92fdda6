from odoo import fields, models


class GpmeReview(models.Model):
    _name = "gpme.review"
    _inherit = ["mail.thread"]
    _description = "E4 progress review (bilan intermédiaire)"
    _order = "date desc, id desc"

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    teacher_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user
    )
    comment_1_1 = fields.Text(string="Activity 1.1")
    comment_1_2 = fields.Text(string="Activity 1.2")
    comment_1_3 = fields.Text(string="Activity 1.3")
    comment_1_4 = fields.Text(string="Activity 1.4")
    comment_1_5 = fields.Text(string="Activity 1.5")
    comment_1_6 = fields.Text(string="Activity 1.6")
    comment = fields.Text(string="Overall comment")
