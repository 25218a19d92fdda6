"""The evaluation over XML-RPC, with the users' own logins: another session's
member and the student see nothing before publication, a signed grid stays
signed."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import EvaluationFixtures, RpcAsUser


@tagged("post_install", "-at_install")
class TestEvaluationRpc(RpcAsUser, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()

    def test_outsiders_see_nothing(self):
        for user in (self.other_jury, self.student, self.other_teacher):
            for model in (
                "gpme.evaluation",
                "gpme.evaluation.line",
                "gpme.evaluation.signature",
                "gpme.work.sheet",
            ):
                self.assertEqual(
                    self.rpc(user, model, "search_read", [], fields=["id"]),
                    [],
                    f"{user.login} {model}",
                )
            with self.assertRaises(Fault) as caught:
                self.rpc(
                    user, "gpme.evaluation", "read", [self.evaluation.id], ["mark"]
                )
            # The refusal does not name the candidate it protects.
            self.assertNotIn(self.student.name, caught.exception.faultString)

    def test_commission_path_over_rpc(self):
        jury, ev = self.commission, self.evaluation.id
        self.rpc(jury, "gpme.evaluation", "action_confirm_conformity", [ev])
        # Situation B follows situation A, whose grid is signed.
        with self.assertRaises(Fault):
            self.rpc(jury, "gpme.evaluation", "action_draw", [ev])
        self.sign_grid_a(self.evaluation)
        self.rpc(jury, "gpme.evaluation", "action_draw", [ev])
        lines = self.rpc(
            jury,
            "gpme.evaluation.line",
            "search_read",
            [("evaluation_id", "=", ev), ("grid", "=", "B")],
            fields=["id", "max_points"],
        )
        level = self.levels["mastered"].id
        self.rpc(
            jury,
            "gpme.evaluation.line",
            "write",
            [r["id"] for r in lines],
            {"level_id": level},
        )
        # Points above the maximum: refused, nothing written.
        with self.assertRaises(Fault):
            self.rpc(
                jury, "gpme.evaluation.line", "write", [lines[0]["id"]], {"points": 99}
            )
        self.rpc(jury, "gpme.evaluation", "action_sign_b", [ev])
        with self.assertRaises(Fault) as caught:
            self.rpc(
                jury, "gpme.evaluation.line", "write", [lines[0]["id"]], {"points": 0}
            )
        self.assertIn("signée", caught.exception.faultString)
        # The student still sees nothing, not even after signing.
        self.assertEqual(
            self.rpc(self.student, "gpme.evaluation", "search_read", [], fields=["id"]),
            [],
        )
        # The commission cannot publish; the administrator can.
        with self.assertRaises(Fault):
            self.rpc(jury, "gpme.evaluation", "action_publish", [ev])
