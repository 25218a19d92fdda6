"""Fake models of the lock mixin's test (loaded by odoo-test-helper)."""

from odoo import fields, models

from ..models.gpme_lock_mixin import ALL, CREATE


class GpmeFakeLocked(models.Model):
    _name = "gpme.fake.locked"
    _inherit = ["gpme.lock.mixin"]
    _description = "Fake locked record"
    _gpme_lock_rules = {
        "open": {"admin": ALL, "owner": ALL},
        "closed": {"admin": ALL, "owner": ("note",)},
    }
    _gpme_lock_protected = frozenset({"owner_id"})
    _gpme_lock_frozen_states = ("closed",)

    name = fields.Char()
    note = fields.Char()
    state = fields.Selection([("open", "Open"), ("closed", "Closed")], default="open")
    owner_id = fields.Many2one("res.users")
    line_ids = fields.One2many("gpme.fake.locked.line", "parent_id")

    def _gpme_lock_state(self):
        return {rec.id: rec.sudo().state for rec in self}

    def _gpme_lock_roles(self):
        admin = self.env.user.has_group("gpme_e4.group_admin")
        return {
            rec.id: ({"owner"} if rec.sudo().owner_id == self.env.user else set())
            | ({"admin"} if admin else set())
            for rec in self
        }


class GpmeFakeLockedLine(models.Model):
    _name = "gpme.fake.locked.line"
    _inherit = ["gpme.lock.mixin"]
    _description = "Fake line following its parent's lock"
    _gpme_lock_parent = "parent_id"

    parent_id = fields.Many2one("gpme.fake.locked")
    name = fields.Char()


__all__ = ["GpmeFakeLocked", "GpmeFakeLockedLine", "CREATE"]
