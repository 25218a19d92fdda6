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

    def check(self, mode, values=None):
        res = super().check(mode, values)
        if self and not self.env.is_superuser():
            # A class's prints (in its chatter) gather every student's work:
            # only its teachers and the administrators open them.
            self.flush_model(["res_model", "res_id"])
            self.env.cr.execute(
                "SELECT DISTINCT res_id FROM ir_attachment"
                " WHERE id IN %s AND res_model = 'gpme.cohort' AND res_id IS NOT NULL",
                [tuple(self.ids)],
            )
            cohort_ids = [row[0] for row in self.env.cr.fetchall()]
            if cohort_ids:
                self.env["gpme.cohort"].browse(cohort_ids)._gpme_check_class_printer()
        return res

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
