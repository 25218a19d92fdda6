from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import access
from .ir_attachment import DEFAULT_MAX_MB

# field: (system parameter read by the addon, default). The parameters stay
# the storage: the letterhead, the conformity rules and the attachment check
# read them as before.
PARAMS = {
    "multi_kind_counts": ("gpme_e4.multi_kind_counts", "several"),
    "letterhead": ("gpme_e4.letterhead", "company"),
    "school_partner_id": ("gpme_e4.school_partner_id", False),
    "attachment_max_mb": ("gpme_e4.attachment_max_mb", DEFAULT_MAX_MB),
}
MAX_ATTACHMENT_MB = 200


class GpmeSettings(models.TransientModel):
    """The E4 configuration page, the E4 administrator's own: Odoo's general
    settings need Settings rights, which an E4 administrator does not hold.
    Saved as superuser after the role check, parameter by parameter (no
    module reload: it takes milliseconds, not the seconds of
    res.config.settings)."""

    _name = "gpme.settings"
    _description = "E4 settings"

    # The national texts do not say whether a fiche ticked for several kinds
    # counts for several quotas: the school decides.
    multi_kind_counts = fields.Selection(
        [
            ("several", "For each of its kinds (with a warning)"),
            ("one", "For one quota only"),
        ],
        string="A fiche of several kinds counts",
        required=True,
    )
    letterhead = fields.Selection(
        [
            ("company", "The company the dossier presents"),
            ("school", "The school"),
        ],
        string="Letterhead of the E4 documents",
        required=True,
    )
    school_partner_id = fields.Many2one("res.partner", string="School")
    attachment_max_mb = fields.Integer(
        string="Largest attached file (MB)",
        help="Largest file a user may attach to an E4 record.",
    )
    wkhtmltopdf_warning = fields.Char(
        string="PDF renderer problem", compute="_compute_wkhtmltopdf_warning"
    )

    @api.model
    def _gpme_check_caller(self):
        access.check_e4_admin(
            self.env, _("Only an E4 administrator changes the E4 settings.")
        )

    @api.model
    def default_get(self, fields_list):
        self._gpme_check_caller()
        res = super().default_get(fields_list)
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, default) in PARAMS.items():
            if name not in fields_list:
                continue
            value = params.get_param(key, default)
            if name == "school_partner_id":
                partner = self.env["res.partner"].sudo().browse(int(value or 0))
                value = partner.exists().id or False
            elif name == "attachment_max_mb":
                try:
                    value = int(value)
                except ValueError:
                    value = DEFAULT_MAX_MB
            res[name] = value
        # The form's first onchange reads a computed field that is missing
        # from the defaults as False (the banner showed only after a save).
        if "wkhtmltopdf_warning" in fields_list:
            res["wkhtmltopdf_warning"] = self._gpme_wkhtmltopdf_warning()
        return res

    @api.model
    def _gpme_wkhtmltopdf_warning(self):
        return self.env["ir.actions.report"].sudo()._gpme_wkhtmltopdf_warning()

    def _compute_wkhtmltopdf_warning(self):
        warning = self._gpme_wkhtmltopdf_warning()
        for settings in self:
            settings.wkhtmltopdf_warning = warning

    def _gpme_check_values(self):
        if not 1 <= self.attachment_max_mb <= MAX_ATTACHMENT_MB:
            raise ValidationError(
                _(
                    "Largest attached file: between 1 and %s MB.",
                    MAX_ATTACHMENT_MB,
                )
            )

    def action_save(self):
        self.ensure_one()
        self._gpme_check_caller()
        self._gpme_check_values()
        params = self.env["ir.config_parameter"].sudo()
        for name, (key, _default) in PARAMS.items():
            value = self[name]
            if name == "school_partner_id":
                value = value.id or False
            # set_param writes only what changed (and drops empty values).
            params.set_param(key, value)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("E4 settings saved."),
            },
        }
