"""Each role's daily path on the demo class, in headless Chromium."""

from odoo.tests import HttpCase, tagged

from .tour_common import AxeTourMixin


@tagged("post_install", "-at_install")
class TestDailyPaths(AxeTourMixin, HttpCase):
    def setUp(self):
        super().setUp()
        self.warm_assets("eleve3")
        # wkhtmltopdf fetches its assets from this server, which serves one
        # request at a time in tests: a PDF rendered inside the tagging
        # request would wait for itself. Snapshot PDFs have their own tests.
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "0"
        )

    def test_student_tags_a_quotation_and_hands_in_her_fiche(self):
        ines = self.env.ref("gpme_e4_demo.demo_user_student3")
        self.env["sale.order"].with_user(ines).create(
            {
                "partner_id": self.env.ref("gpme_e4_demo.demo_partner_lugdunum").id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.env.ref(
                                "gpme_e4_demo.demo_product_fauteuil"
                            ).id,
                            "product_uom_qty": 3,
                        },
                    )
                ],
            }
        )
        self.run_axe_tour(
            "/web", "gpme_e4_student_tags_and_fills", "eleve3", ["student home"]
        )
        fiche = self.env["gpme.situation"].search([("student_id.login", "=", "eleve3")])
        self.assertEqual(fiche.state, "submitted")
        self.assertEqual(
            fiche.place, "Lycée Jean Moulin, atelier de professionnalisation"
        )
        self.assertEqual(len(fiche.evidence_ids), 2)

    def test_teacher_returns_and_validates(self):
        ines = self.env.ref("gpme_e4_demo.demo_user_student3")
        fiche = self.env["gpme.situation"].search([("student_id", "=", ines.id)])
        fiche.with_user(ines).action_submit()
        self.run_axe_tour(
            "/web",
            "gpme_e4_teacher_reviews",
            "prof",
            ["class dashboard", "dossier checklist", "dossier synoptic"],
        )
        self.assertEqual(fiche.state, "validated")
        hugo = self.env["gpme.situation"].search(
            [("student_id.login", "=", "eleve2"), ("name", "ilike", "Garage Rhône")]
        )
        self.assertEqual(hugo.state, "to_rework")
        self.assertIn("Précisez", hugo.review_comment)
        bilan = self.env["gpme.review"].search(
            [
                ("student_id", "=", ines.id),
                ("comment", "like", "poursuivre avec une situation"),
            ]
        )
        self.assertEqual(bilan.teacher_id.login, "prof")
