"""Each role's daily path on the demo class, in headless Chromium."""

import re

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDailyPaths(HttpCase):
    def setUp(self):
        super().setUp()
        # Build the asset bundles first: on a busy machine the browser's
        # first page load would otherwise outlast the tour's 20 s timeout.
        self.authenticate("eleve3", "eleve3")
        page = self.url_open("/web", timeout=300).text
        for url in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page):
            self.url_open(url, timeout=300)
        self.authenticate(None, None)
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
        self.start_tour("/web", "gpme_e4_student_tags_and_fills", login="eleve3")
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
        self.start_tour("/web", "gpme_e4_teacher_reviews", login="prof")
        self.assertEqual(fiche.state, "validated")
        hugo = self.env["gpme.situation"].search(
            [("student_id.login", "=", "eleve2"), ("name", "ilike", "Garage Rhône")]
        )
        self.assertEqual(hugo.state, "to_rework")
        self.assertIn("Précisez", hugo.review_comment)
