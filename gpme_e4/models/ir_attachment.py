from odoo import _, api, models
from odoo.exceptions import ValidationError

# Default limit of a file attached to an E4 record, in megabytes
# (ir.config_parameter gpme_e4.attachment_max_mb).
DEFAULT_MAX_MB = 20


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._gpme_check_frozen()
        return attachments

    def write(self, vals):
        self._gpme_check_frozen()
        res = super().write(vals)
        if {"res_model", "res_id"} & set(vals):
            self._gpme_check_frozen()
        return res

    def unlink(self):
        self._gpme_check_frozen()
        return super().unlink()

    def _gpme_check_frozen(self):
        """Files attached to a frozen E4 record (dossier handed in) stay as
        they are (snapshot PDFs are written as superuser by their own
        machinery)."""
        if self.env.su:
            return
        targets = {}
        for att in self.sudo():
            model = att.res_model
            if (
                model
                and att.res_id
                and model in self.env
                and hasattr(self.env[model], "_gpme_lock_check_attachments")
            ):
                targets.setdefault(model, set()).add(att.res_id)
        for model, ids in targets.items():
            records = self.env[model].browse(ids).exists()
            records._gpme_lock_check_attachments()
        if targets:
            self._gpme_check_size()

    def _gpme_check_size(self):
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.attachment_max_mb", DEFAULT_MAX_MB)
        )
        for att in self.sudo():
            if att.file_size > limit * 1024 * 1024:
                raise ValidationError(
                    _(
                        "File: « %(name)s » weighs %(size)s MB, at most %(max)s MB "
                        "may be attached to an E4 record.",
                        name=att.name,
                        size=round(att.file_size / 1024 / 1024, 1),
                        max=limit,
                    )
                )
