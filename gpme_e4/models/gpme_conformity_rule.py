from odoo import fields, models


class GpmeConformityRule(models.Model):
    _name = "gpme.conformity.rule"
    _inherit = "gpme.referential.mixin"
    _description = "E4 conformity rule"

    severity = fields.Selection(
        [
            ("blocking", "Blocking"),
            ("penalising", "Penalising"),
            ("warning", "Warning"),
        ],
        required=True,
        default="penalising",
    )
    kind = fields.Selection(
        [
            ("grcf", "GRCF"),
            ("oral", "Oral communication"),
            ("written", "Written communication"),
        ],
        help="Kind of fiche the rule counts, if any.",
    )
    min_count = fields.Integer(string="Minimum")
    activity_id = fields.Many2one("gpme.activity", ondelete="restrict")
    tool_ids = fields.Many2many(
        "gpme.tool",
        string="Required tools",
        help="Tools the fiches of the rule's kind must mobilise between them.",
    )
    message = fields.Char(
        required=True,
        help="Message shown when the rule fails; may use {count}, {min}, "
        "{missing} and {missing_list}.",
    )
