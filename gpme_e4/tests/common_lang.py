"""French for the tests that read French: they load it themselves, so the
suite passes on a database installed without it (Odoo's runner, OCA CI)."""

# Modules whose French terms the tests read: gpme_e4's own, and the labels of
# the standard fields, documents and errors they show (evidence values of
# orders and invoices included).
FRENCH_MODULES = (
    "base",
    "web",
    "mail",
    "product",
    "sale",
    "purchase",
    "account",
    "gpme_e4",
)


def _terms_loaded(env):
    """Whether each module the tests read has its French terms in the
    database (field labels or view texts), and the superuser reads French.
    A database whose demo activated French after base was installed has
    gpme_e4's terms only (Odoo loads a module's terms as it installs it)."""
    if env.ref("base.user_root").lang != "fr_FR":
        return False
    for module in FRENCH_MODULES:
        env.cr.execute(
            """
            SELECT 1 FROM ir_model_data d
              LEFT JOIN ir_model_fields f
                ON d.model = 'ir.model.fields' AND f.id = d.res_id
              LEFT JOIN ir_ui_view v ON d.model = 'ir.ui.view' AND v.id = d.res_id
             WHERE d.module = %s
               AND (f.field_description ? 'fr_FR' OR v.arch_db ? 'fr_FR')
             LIMIT 1
            """,
            [module],
        )
        if not env.cr.fetchone():
            return False
    return True


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
    # ir.default reads its table in SQL: the new default must be written.
    env.flush_all()
    env.registry.clear_caches()
