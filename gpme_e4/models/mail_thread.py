from odoo import _, api, models

# Context keys a client could send to change exam fields without a trace.
NO_TRACKING_KEYS = ("tracking_disable", "mail_notrack", "mail_create_nolog")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _gpme_tracked_context(self, vals=None):
        """The context of a change to an E4 record: a user's (client's)
        tracking switches dropped, the superuser's machinery keeping its
        own; the application may still choose not to track (_gpme_notrack)."""
        if not self._name.startswith("gpme."):
            return self
        overrides = {}
        if not self.env.su:
            # Switched off rather than removed: mail reads them as flags.
            overrides = {
                key: False for key in NO_TRACKING_KEYS if self.env.context.get(key)
            }
        if vals is not None and self._gpme_notrack(vals):
            overrides["mail_notrack"] = True
        return self.with_context(**overrides) if overrides else self

    def _gpme_notrack(self, vals):
        """Whether this change is untracked by the application's choice."""
        return False

    def _creation_message(self):
        # « Évaluation E4 créée », not mail's « %s créé » on the model's
        # name (« Évaluation E4 créé »): each E4 record says it in full.
        messages = {
            "gpme.cohort": _("BTS GPME class created"),
            "gpme.dossier": _("E4 dossier created"),
            "gpme.evaluation": _("E4 evaluation created"),
            "gpme.exam.session": _("E4 exam session created"),
            "gpme.review": _("Progress review created"),
            "gpme.situation": _("Fiche created"),
        }
        return messages.get(self._name) or super()._creation_message()

    @api.model_create_multi
    def create(self, vals_list):
        return super(MailThread, self._gpme_tracked_context()).create(vals_list)

    def write(self, vals):
        return super(MailThread, self._gpme_tracked_context(vals)).write(vals)
