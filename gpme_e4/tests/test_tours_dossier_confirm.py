"""The dossier's buttons in the browser (issue 22): checked before they are
offered, confirmed, acknowledged by a toast (headless Chromium)."""

import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDossierConfirmTours(HttpCase):
    def setUp(self):
        super().setUp()
        # The asset bundles first: a busy machine's first page load would
        # otherwise outlast the tour's timeout.
        self.authenticate("prof", "prof")
        page = self.url_open("/web", timeout=300).text
        for url in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page):
            self.url_open(url, timeout=300)
        self.authenticate(None, None)
        self.ines = self.env.ref("gpme_e4_demo.demo_user_student3")
        self.dossier = self.env["gpme.dossier"].search(
            [("student_id", "=", self.ines.id)]
        )

    def _url(self):
        return f"/web#model=gpme.dossier&id={self.dossier.id}&view_type=form"

    def test_student_draft_with_blocking_findings(self):
        self.assertEqual(self.dossier.state, "draft")
        self.assertTrue(self.dossier.conformity_blocking_count)
        self.start_tour(self._url(), "gpme_e4_student_dossier_blocked", login="eleve3")

    def test_teacher_validates_after_a_warning(self):
        self.dossier.situation_ids.sudo().write({"state": "validated"})
        self.dossier.sudo().write({"state": "submitted"})
        self.start_tour(self._url(), "gpme_e4_teacher_validates_dossier", login="prof")
        self.assertEqual(self.dossier.state, "validated")
        self.assertIn(
            "validé",
            self.dossier.message_ids.filtered(
                lambda m: self.ines.partner_id in m.partner_ids
            )[:1].body,
        )
