"""The commission's evidence viewer, clicked in headless Chromium."""

from odoo.tests import HttpCase, tagged

from .tour_common import AxeTourMixin


@tagged("post_install", "-at_install")
class TestViewerTour(AxeTourMixin, HttpCase):
    def setUp(self):
        super().setUp()
        self.warm_assets("jury")

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
        self.run_axe_tour(
            url,
            "gpme_e4_commission_evidence_viewer",
            "jury",
            ["evidence pop-up", "evidence viewer"],
        )

    def test_year_reads_as_a_year(self):
        session = self.env["gpme.exam.session"].create(
            {"year": 2027, "academy": "Académie de la visite"}
        )
        url = f"/web#model=gpme.exam.session&id={session.id}&view_type=form"
        self.run_axe_tour(url, "gpme_e4_year_as_a_year", "admin", [])
