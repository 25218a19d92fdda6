from odoo import fields, models


class GpmeMasteryLevel(models.Model):
    _name = "gpme.mastery.level"
    _inherit = "gpme.referential.mixin"
    _description = "E4 degree of mastery"

    ratio = fields.Float(
        digits=(3, 2), help="Share of a criterion's points suggested at this level."
    )
    to_verify = fields.Boolean(
        string="To verify", help="Check against the circular of the exam session."
    )
