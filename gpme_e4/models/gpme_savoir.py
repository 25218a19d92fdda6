from odoo import fields, models


class GpmeSavoir(models.Model):
    _name = "gpme.savoir"
    _inherit = "gpme.referential.mixin"
    _gpme_code_in_name = True
    _description = "E4 associated knowledge (savoir)"

    activity_id = fields.Many2one("gpme.activity", ondelete="restrict")
