from odoo import api, models

# The E4 roles: their users read notifications in Odoo's inbox.
E4_GROUPS = (
    "gpme_e4.group_student",
    "gpme_e4.group_teacher",
    "gpme_e4.group_commission",
    "gpme_e4.group_admin",
)


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.model
    def _gpme_e4_groups(self):
        groups = self.browse()
        for xmlid in E4_GROUPS:
            groups |= self.env.ref(xmlid, raise_if_not_found=False) or self.browse()
        return groups

    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        groups._gpme_users_to_inbox()
        return groups

    def write(self, vals):
        res = super().write(vals)
        if "users" in vals:
            self._gpme_users_to_inbox()
        return res

    def _gpme_users_to_inbox(self):
        """Members given an E4 role get their notifications in Odoo (a
        training server often sends no mail)."""
        if self & self._gpme_e4_groups():
            (self & self._gpme_e4_groups()).users._gpme_inbox()
