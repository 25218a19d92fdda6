"""The E4 administrator's onboarding, clicked in headless Chromium."""

from odoo.tests import HttpCase, tagged

from .tour_common import AxeTourMixin


@tagged("post_install", "-at_install")
class TestAdminTour(AxeTourMixin, HttpCase):
    def test_admin_settings_accounts_and_import_template(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("gpme_e4.group_admin"))
        self.warm_assets("admin")
        self.run_axe_tour(
            "/web",
            "gpme_e4_admin_onboarding",
            "admin",
            ["E4 settings", "accounts wizard"],
        )
        # Saved by the page's « Save » (30), then by the prompt on leaving.
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.attachment_max_mb"),
            "25",
        )
