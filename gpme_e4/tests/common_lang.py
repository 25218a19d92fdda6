"""French for the tests that read French: they load it themselves, so the
suite passes on a database installed without it (Odoo's runner, OCA CI)."""

# Modules whose French terms the tests read: gpme_e4's own, and the labels of
# the standard fields and errors they show.
FRENCH_MODULES = ("base", "web", "mail", "gpme_e4")


def _terms_loaded(env):
    """Whether the French labels of gpme_e4's fields are in the database."""
    env.cr.execute(
        "SELECT field_description->>'fr_FR' FROM ir_model_fields "
        "WHERE model = 'gpme.situation' AND name = 'analysis'"
    )
    row = env.cr.fetchone()
    return bool(row and row[0])


def load_french(env):
    """Activate fr_FR, load the French terms the tests read, and make the
    superuser, the admin and new users French, as installing with
    `--load-language=fr_FR` does (messages raised without a lang in context
    take the user's). Inside the test transaction: rolled back with it.
    No-op when French is installed with its terms."""
    lang = (
        env["res.lang"]
        .sudo()
        .with_context(active_test=False)
        .search([("code", "=", "fr_FR")])
    )
    if lang.active and _terms_loaded(env):
        return
    # The demo data activates French without loading its terms.
    env["res.lang"].sudo()._activate_lang("fr_FR")
    env["ir.module.module"].sudo()._load_module_terms(
        list(FRENCH_MODULES), ["fr_FR"], overwrite=True
    )
    users = env.ref("base.user_root") | env.ref("base.user_admin")
    users.sudo().write({"lang": "fr_FR"})
    env["ir.default"].sudo().set("res.partner", "lang", "fr_FR")
    env.registry.clear_caches()
