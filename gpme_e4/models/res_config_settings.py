from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The E4 settings as res.config.settings fields, on the same system
    parameters, for scripts and system administrators. The screen is the E4
    administrator's own page (gpme.settings), not Odoo's general settings."""

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
    # Whose name and logo head every E4 document: the company the dossier
    # presents (often the school's training company) or the school itself.
    gpme_letterhead = fields.Selection(
        [
            ("company", "The company the dossier presents"),
            ("school", "The school"),
        ],
        string="Letterhead of the E4 documents",
        default="company",
        config_parameter="gpme_e4.letterhead",
    )
    # The school is set once here, as a contact (name, address, logo): one
    # database serves one school, whose classes all print the same
    # letterhead; a class's own "School" text still names it on the forms.
    gpme_school_partner_id = fields.Many2one(
        "res.partner",
        string="School",
        config_parameter="gpme_e4.school_partner_id",
    )
    # A wrong wkhtmltopdf (missing, Debian's unpatched build) said where the
    # administrator looks, with what to install.
    gpme_wkhtmltopdf_warning = fields.Char(
        string="PDF renderer problem", compute="_compute_gpme_wkhtmltopdf_warning"
    )

    def _compute_gpme_wkhtmltopdf_warning(self):
        warning = self.env["ir.actions.report"]._gpme_wkhtmltopdf_warning()
        for settings in self:
            settings.gpme_wkhtmltopdf_warning = warning
