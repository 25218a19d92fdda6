"""The commission's day in a real browser, as the commission member: one
tour from the home screen to grid B signed, axe-core on each screen."""

from odoo.tests import HttpCase, tagged

from .common import EvaluationFixtures
from .tour_common import AxeTourMixin


@tagged("post_install", "-at_install")
class TestEvaluationTour(AxeTourMixin, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        # The fixture's evidence points to partners: snapshot them so the
        # consultation screen has something frozen to show.
        cls.dossier.situation_ids.evidence_ids.sudo()._take_snapshot()
        # Situation B follows situation A.
        cls.sign_grid_a(cls.evaluation)
        # The commission lands on its dossiers, as the demo's jury does.
        home = cls.env.ref("gpme_e4.gpme_dossier_action")
        cls.commission.sudo().action_id = home.id

    def test_commission_path(self):
        self.run_axe_tour(
            "/web",
            "gpme_e4_commission_path",
            self.commission.login,
            [
                "home",
                "fiche evidence viewer",
                "conformity wizard",
                "countdown",
                "grid B",
                "criterion tooltip",
                "grid B level",
                "sign grid B",
            ],
        )
        evaluation = self.evaluation
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.conformity, "conform")
        self.assertEqual(evaluation.work_sheet_ids.mapped("kind"), ["grcf", "oral"])
        self.assertIn("remise de 8 %", evaluation.work_sheet_ids[0].changes)
        self.assertTrue(evaluation.signed_b)
        self.assertEqual(
            evaluation.signature_ids.filtered(lambda s: s.grid == "B").user_id,
            self.commission,
        )
        self.assertEqual(evaluation.total_b, 6)
        self.assertEqual(evaluation.timer_phase, "preparation")
