from odoo import fields, models


class GpmeTool(models.Model):
    _name = "gpme.tool"
    _inherit = "gpme.referential.mixin"
    _description = "E4 tool or technology"

    kind = fields.Selection(
        [
            ("management", "Management (GRCF)"),
            ("written", "Written communication"),
            ("oral", "Oral communication"),
        ],
        required=True,
    )
    needs_version = fields.Boolean(
        compute="_compute_needs_version",
        help="Software tools must be given with their name and version.",
    )

    def _compute_needs_version(self):
        for tool in self:
            tool.needs_version = tool.kind in ("management", "written")
