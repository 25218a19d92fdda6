from odoo import _, api, models
from odoo.exceptions import AccessError


class MailMessage(models.Model):
    """The chatter of E4 records stays for conversation, but what is written
    there is kept: a user changes or deletes only their own comments, never
    on a frozen record (handed-in dossier, locked fiche, signed grid...),
    and attaches no file to a frozen record. The addon's own postings run as
    superuser."""

    _inherit = "mail.message"

    @api.model
    def _gpme_e4_model(self, model):
        return bool(
            model
            and model.startswith("gpme.")
            and model in self.env
            and hasattr(self.env[model], "_gpme_chatter_frozen")
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            targets = {}
            for vals in vals_list:
                if vals.get("attachment_ids") and self._gpme_e4_model(
                    vals.get("model")
                ):
                    targets.setdefault(vals["model"], set()).add(vals.get("res_id"))
            for model, ids in targets.items():
                records = self.env[model].browse(ids - {None, False}).exists()
                if hasattr(records, "_gpme_lock_check_attachments"):
                    records._gpme_lock_check_attachments()
                elif any(records._gpme_chatter_frozen().values()):
                    raise AccessError(self._gpme_frozen_message())
        return super().create(vals_list)

    def write(self, vals):
        self._gpme_check_chatter_change()
        return super().write(vals)

    def unlink(self):
        self._gpme_check_chatter_change()
        return super().unlink()

    def _gpme_check_chatter_change(self):
        """Refuse changing or deleting messages of E4 records unless they are
        the user's own comments on a record still open (checked by batch:
        one query per model)."""
        if self.env.su:
            return
        partner = self.env.user.partner_id
        targets = {}
        for message in self.sudo():
            if not self._gpme_e4_model(message.model):
                continue
            if message.author_id != partner or message.message_type != "comment":
                raise AccessError(
                    _(
                        "The messages of an E4 record are kept as written: you "
                        "can only change or delete your own comments."
                    )
                )
            targets.setdefault(message.model, set()).add(message.res_id)
        for model, ids in targets.items():
            records = self.env[model].browse(ids).exists()
            if any(records._gpme_chatter_frozen().values()):
                raise AccessError(self._gpme_frozen_message())

    @api.model
    def _gpme_frozen_message(self):
        return _(
            "This E4 record is locked: its messages and files can no longer be "
            "added, changed or deleted (comments remain possible)."
        )
