"""Who administers E4, decided in one place.

The E4 settings page, the accounts wizard and the granting of the E4 roles
all ask the same question; each caller passes its own French refusal, which
says what only an administrator does, never what the caller cannot read.
"""

from odoo.exceptions import AccessError


def is_e4_admin(env):
    """The superuser, an E4 administrator, or whoever manages Odoo's access
    rights (Settings implies it): the latter could grant himself the E4
    role anyway, so refusing him would protect nothing."""
    user = env.user
    return bool(
        env.su
        or user.has_group("gpme_e4.group_admin")
        or user.has_group("base.group_erp_manager")
    )


def check_e4_admin(env, message):
    """Raise ``AccessError(message)`` unless the caller is an E4
    administrator (see :func:`is_e4_admin`)."""
    if not is_e4_admin(env):
        raise AccessError(message)
