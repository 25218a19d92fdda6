from odoo import models


class GpmeCondition(models.Model):
    _name = "gpme.condition"
    _inherit = "gpme.referential.mixin"
    _description = "E4 condition of a situation"
