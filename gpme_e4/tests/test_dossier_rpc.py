from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import DossierFixtures, RpcAsUser


@tagged("post_install", "-at_install")
class TestDossierRpc(RpcAsUser, DossierFixtures, HttpCase):
    """The locks hold over XML-RPC, with the users' own credentials (the test
    users are French, as the database: the messages are in French)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()
        cls.other_dossier = cls.make_dossier(
            cls.other_student, commission_user_ids=[(5, 0, 0)]
        )

    def test_student_over_rpc(self):
        student = self.student
        # Over RPC, refusals speak the caller's language.
        student.sudo().lang = "fr_FR"
        self.rpc(
            student,
            "gpme.dossier",
            "write",
            [self.dossier.id],
            {"ctx_market": "<p>Marché</p>"},
        )
        # Another student's dossier is invisible.
        with self.assertRaises(Fault):
            self.rpc(student, "gpme.dossier", "read", [self.other_dossier.id], ["name"])
        # The student cannot choose the commission nor jump states.
        with self.assertRaisesRegex(Fault, "Vous ne pouvez pas modifier"):
            self.rpc(
                student,
                "gpme.dossier",
                "write",
                [self.dossier.id],
                {"commission_user_ids": [(4, self.other_teacher.id)]},
            )
        with self.assertRaisesRegex(Fault, "Vous ne pouvez pas modifier"):
            self.rpc(
                student,
                "gpme.dossier",
                "write",
                [self.dossier.id],
                {"state": "validated"},
            )
        self.rpc(student, "gpme.dossier", "action_submit", [self.dossier.id])
        self.assertEqual(self.dossier.state, "submitted")
        # Once submitted, the dossier, its situations and evidence are frozen.
        with self.assertRaisesRegex(Fault, "Vous ne pouvez pas modifier"):
            self.rpc(
                student,
                "gpme.dossier",
                "write",
                [self.dossier.id],
                {"ctx_market": "<p>x</p>"},
            )
        situation = self.dossier.situation_ids[0]
        with self.assertRaisesRegex(Fault, "a été déposé"):
            self.rpc(
                student, "gpme.situation", "write", [situation.id], {"name": "Changée"}
            )
        with self.assertRaisesRegex(Fault, "a été déposé"):
            self.rpc(student, "gpme.evidence", "unlink", situation.evidence_ids.ids)
        with self.assertRaises(Fault):
            self.rpc(student, "gpme.dossier", "action_validate", [self.dossier.id])
        self.assertEqual(self.dossier.state, "submitted")

    def test_teachers_and_commission_over_rpc(self):
        self.dossier.with_user(self.student).action_submit()
        with self.assertRaises(Fault):
            self.rpc(
                self.other_teacher, "gpme.dossier", "action_validate", [self.dossier.id]
            )
        with self.assertRaises(Fault):
            self.rpc(
                self.commission, "gpme.dossier", "action_validate", [self.dossier.id]
            )
        self.rpc(self.teacher, "gpme.dossier", "action_validate", [self.dossier.id])
        self.assertEqual(self.dossier.state, "validated")
        # The commission reads the dossier it examines, checklist included.
        (record,) = self.rpc(
            self.commission,
            "gpme.dossier",
            "read",
            [self.dossier.id],
            ["conformity_blocking_count", "state"],
        )
        self.assertEqual(record["conformity_blocking_count"], 0)
        with self.assertRaises(Fault):
            self.rpc(
                self.commission,
                "gpme.dossier",
                "read",
                [self.other_dossier.id],
                ["name"],
            )
        self.rpc(
            self.commission,
            "gpme.dossier",
            "action_start_evaluation",
            [self.dossier.id],
        )
        self.assertEqual(self.dossier.state, "evaluation")
