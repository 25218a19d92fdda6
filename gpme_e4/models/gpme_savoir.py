from odoo import fields, models


class GpmeSavoir(models.Model):
    _name = "gpme.savoir"
    _inherit = "gpme.referential.mixin"
    _description = "E4 associated knowledge (savoir)"

    activity_id = fields.Many2one("gpme.activity", ondelete="restrict")
