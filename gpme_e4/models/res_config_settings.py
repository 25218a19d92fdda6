from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The national texts do not say whether a fiche ticked for several kinds
    # counts for several quotas: the school decides (default: yes, with a
    # warning on the checklist).
    gpme_multi_kind_counts = fields.Selection(
        [
            ("several", "For each of its kinds (with a warning)"),
            ("one", "For one quota only"),
        ],
        string="A fiche of several kinds counts",
        default="several",
        config_parameter="gpme_e4.multi_kind_counts",
    )
