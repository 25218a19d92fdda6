"""The commission's evidence viewer, clicked in headless Chromium."""

import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestViewerTour(HttpCase):
    def setUp(self):
        super().setUp()
        # Bundles built before the tour's 20 s timeout starts (busy machine).
        self.authenticate("jury", "jury")
        page = self.url_open("/web", timeout=300).text
        for url in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page):
            self.url_open(url, timeout=300)
        self.authenticate(None, None)

    def test_commission_reads_frozen_beside_live(self):
        jury = self.env["res.users"].search([("login", "=", "jury")])
        self.assertFalse(jury.has_group("sales_team.group_sale_salesman"))
        fiche = (
            self.env["gpme.situation"]
            .with_user(jury)
            .search([("evidence_ids.res_model", "=", "sale.order")], limit=1)
        )
        self.assertTrue(fiche, "the demo jury examines a dossier with an order")
        url = f"/web#model=gpme.situation&id={fiche.id}&view_type=form"
        self.start_tour(url, "gpme_e4_commission_evidence_viewer", login="jury")

    def test_year_reads_as_a_year(self):
        session = self.env["gpme.exam.session"].create(
            {"year": 2027, "academy": "Académie de la visite"}
        )
        url = f"/web#model=gpme.exam.session&id={session.id}&view_type=form"
        self.start_tour(url, "gpme_e4_year_as_a_year", login="admin")
