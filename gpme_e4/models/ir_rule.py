from odoo import _, models
from odoo.exceptions import AccessError

# Models whose records carry what the exam protects (names, fiche titles,
# marks): their access refusals never describe the records.
E4_PREFIX = "gpme."
# Records of other models that belong to an E4 record (its chatter, its files).
LINKED_MODEL_FIELDS = {"mail.message": "model", "ir.attachment": "res_model"}


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """Odoo 16 gives every internal user the technical-features group:
        in debug mode its refusal lists the records' names and the failing
        rules. For E4 records the refusal stays the short one, debug or not."""
        if not _gpme_is_e4(records):
            return super()._make_access_error(operation, records)
        self = self.with_context(lang=self.env.user.lang)
        messages = {
            "read": _("You are not allowed to read this E4 record."),
            "write": _("You are not allowed to change this E4 record."),
            "create": _("You are not allowed to create this E4 record."),
            "unlink": _("You are not allowed to delete this E4 record."),
        }
        return AccessError(
            messages.get(operation, messages["read"])
            + "\n\n"
            + _("Contact your administrator to request access if necessary.")
        )


def _gpme_is_e4(records):
    if records._name.startswith(E4_PREFIX):
        return True
    field = LINKED_MODEL_FIELDS.get(records._name)
    if not field:
        return False
    linked = records.sudo().with_context(prefetch_fields=False)
    # Read as superuser on purpose: only to choose the message's wording.
    return any((value or "").startswith(E4_PREFIX) for value in linked.mapped(field))
