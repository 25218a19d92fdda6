"""E4 users already in the database get their notifications in Odoo's inbox
(new ones get it when their role is given, see res.groups)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    users = env["res.groups"]._gpme_e4_groups().with_context(active_test=False).users
    users._gpme_inbox()
