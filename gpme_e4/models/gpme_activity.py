from odoo import fields, models


class GpmeActivity(models.Model):
    _name = "gpme.activity"
    _inherit = "gpme.referential.mixin"
    _gpme_code_in_name = True
    _description = "E4 activity (bloc 1)"

    competence = fields.Text(required=True)
    task_ids = fields.One2many("gpme.task", "activity_id", string="Tasks")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "An activity with this code already exists.")
    ]
