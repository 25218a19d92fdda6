"""The teacher's class dashboard in headless Chromium at 1440×900: the
matrix fits, and the class she chose is remembered."""

import json
import logging

from odoo.tests import HttpCase, tagged

from .tour_common import AxeTourMixin


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@tagged("post_install", "-at_install")
class TestDashboardTours(AxeTourMixin, HttpCase):
    # Odoo starts its test Chromium at 1366×768: this class's browser is the
    # width the dashboard must fit (the 1440×900).
    browser_size = "1440x900"

    def setUp(self):
        super().setUp()
        self.teacher = self.env.ref("gpme_e4_demo.demo_user_teacher")
        self.demo_cohort = self.env.ref("gpme_e4_demo.demo_cohort")
        self.teacher.sudo().gpme_last_cohort_id = False
        self.warm_assets("prof")

    def test_matrix_fits_at_1440(self):
        lines = _Lines()
        browser_logger = self._logger.getChild("browser")
        browser_logger.addHandler(lines)
        try:
            counts = self.run_axe_tour(
                "/web",
                "gpme_e4_dashboard_fits",
                "prof",
                ["class dashboard, tasks shown"],
            )
        finally:
            browser_logger.removeHandler(lines)
        fits = [
            json.loads(line[len("gpme_fit ") :])
            for line in lines.messages
            if line.startswith("gpme_fit ")
        ]
        self.assertEqual(len(fits), 1, lines.messages)
        fit = fits[0]
        logging.getLogger(__name__).info("dashboard at 1440: %s, axe %s", fit, counts)
        self.assertEqual(fit["window"], 1440)
        self.assertLessEqual(fit["scroll"], fit["container"])
        self.assertLessEqual(fit["lastColumnRight"], fit["window"])
        self.assertEqual(fit["wrappedConformity"], 0)
        # The demo class's 29 tasks were all on screen.
        self.assertGreaterEqual(
            len(
                self.env["gpme.dashboard"]
                .with_user(self.teacher)
                .get_dashboard()["tasks"]
            ),
            29,
        )

    def test_dashboard_remembers_the_class_chosen(self):
        other = self.env["gpme.cohort"].create(
            {
                "name": "Groupe de soutien BTS GPME",
                "exam_session_id": self.demo_cohort.exam_session_id.id,
                "company_id": self.demo_cohort.company_id.id,
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        Dashboard = self.env["gpme.dashboard"].with_user(self.teacher)
        self.assertEqual(Dashboard.get_dashboard()["cohort_id"], self.demo_cohort.id)
        self.run_axe_tour("/web", "gpme_e4_dashboard_remembers_class", "prof", [])
        self.teacher.invalidate_recordset()
        self.assertEqual(self.teacher.sudo().gpme_last_cohort_id, other)
