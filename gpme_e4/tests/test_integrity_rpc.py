"""Issue 8: the scenarios that broke the exam's trust, replayed over XML-RPC
with the users' own logins (French users: French messages)."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged

from .common import DossierFixtures, RpcAsUser, exam_session


@tagged("post_install", "-at_install")
class TestIntegrityRpc(RpcAsUser, DossierFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()
        cls.other_dossier = cls.make_dossier(cls.other_student)
        cls.other_fiche = cls.make_situation(
            cls.other_dossier, "Fiche de B", {"grcf"}, ["1.1.1"], evidence=0
        )
        cls.third_student = new_test_user(
            cls.env(su=True),
            "t_int_student3",
            groups="gpme_e4.group_student",
            name="Élève C",
        )
        cls.third_student.gpme_cohort_id = cls.other_cohort

    def assertLeaksNothing(self, fault):
        text = str(fault)
        for secret in ("Élève", "Fiche de B", "T-BTS GPME"):
            self.assertNotIn(secret, text)

    def test_teacher_cannot_make_anyone_a_teacher(self):
        for vals in (
            {"teacher_ids": [(4, self.student.id)]},
            {"teacher_ids": [(3, self.teacher.id)]},
            {"active": False},
            {"exam_session_id": exam_session(self.env, 2026).id},
        ):
            with self.assertRaises(Fault):
                self.rpc(self.teacher, "gpme.cohort", "write", [self.cohort.id], vals)
        self.assertFalse(self.student.has_group("gpme_e4.group_teacher"))
        self.assertEqual(self.cohort.session_year, 2027)
        self.assertTrue(self.cohort.active)

    def test_admin_manages_classes_and_group_is_taken_back(self):
        self.rpc(
            self.admin,
            "gpme.cohort",
            "write",
            [self.other_cohort.id],
            {"teacher_ids": [(3, self.other_teacher.id)]},
        )
        self.assertFalse(self.other_teacher.has_group("gpme_e4.group_teacher"))
        self.rpc(
            self.admin,
            "gpme.cohort",
            "write",
            [self.other_cohort.id],
            {"teacher_ids": [(4, self.other_teacher.id)]},
        )
        self.assertTrue(self.other_teacher.has_group("gpme_e4.group_teacher"))

    def test_fiche_cannot_move_into_another_dossier(self):
        fiche = self.dossier.situation_ids[0]
        with self.assertRaises(Fault) as caught:
            self.rpc(
                self.student,
                "gpme.situation",
                "write",
                [fiche.id],
                {"dossier_id": self.other_dossier.id},
            )
        self.assertLeaksNothing(caught.exception)
        self.assertEqual(fiche.dossier_id, self.dossier)

    def test_owner_and_code_not_writable(self):
        draft = (
            self.env["gpme.situation"]
            .sudo()
            .create({"dossier_id": self.dossier.id, "name": "Brouillon"})
        )
        for vals in (
            {"student_id": self.other_student.id},
            {"code": "SP1"},
        ):
            with self.assertRaisesRegex(Fault, "ne changent que par ses boutons"):
                self.rpc(self.student, "gpme.situation", "write", [draft.id], vals)
        evidence = self.dossier.situation_ids.evidence_ids[:1]
        with self.assertRaises(Fault):
            self.rpc(
                self.student,
                "gpme.evidence",
                "write",
                evidence.ids,
                {"student_id": self.other_student.id},
            )
        self.assertEqual(draft.student_id, self.student)
        self.assertNotEqual(draft.code, "SP1")

    def test_teacher_group_does_not_lift_own_fiche_lock(self):
        # A student who is also in the teacher group (of another class).
        self.student.sudo().groups_id = [(4, self.env.ref("gpme_e4.group_teacher").id)]
        fiche = self.dossier.situation_ids[0]  # validated
        with self.assertRaises(Fault):
            self.rpc(self.student, "gpme.situation", "write", [fiche.id], {"name": "X"})
        with self.assertRaises(Fault):
            self.rpc(self.student, "gpme.situation", "action_reopen", [fiche.id], "x")

    def test_after_submission_everything_holds(self):
        fiche = self.dossier.situation_ids[0]
        att = self.env["ir.attachment"].create(
            {
                "name": "avant.txt",
                "raw": b"x",
                "res_model": "gpme.situation",
                "res_id": fiche.id,
            }
        )
        review = (
            self.env["gpme.review"]
            .sudo()
            .create({"dossier_id": self.dossier.id, "teacher_id": self.teacher.id})
        )
        self.rpc(self.student, "gpme.dossier", "action_submit", [self.dossier.id])
        self.assertEqual(self.dossier.state, "submitted")
        with self.assertRaisesRegex(Fault, "a été déposé"):
            self.rpc(
                self.student,
                "ir.attachment",
                "create",
                {
                    "name": "après.txt",
                    "raw": "eA==",
                    "res_model": "gpme.situation",
                    "res_id": fiche.id,
                },
            )
        for user in (self.student, self.teacher):
            with self.assertRaises(Fault):
                self.rpc(user, "ir.attachment", "unlink", att.ids)
            with self.assertRaises(Fault):
                self.rpc(user, "ir.attachment", "write", att.ids, {"raw": "eQ=="})
        with self.assertRaisesRegex(Fault, "a été déposé"):
            self.rpc(self.teacher, "gpme.situation", "action_reopen", [fiche.id], "x")
        with self.assertRaises(Fault):
            self.rpc(self.teacher, "gpme.review", "write", review.ids, {"comment": "x"})
        with self.assertRaises(Fault):
            self.rpc(self.teacher, "gpme.review", "unlink", review.ids)
        self.assertTrue(att.exists())
        self.assertEqual(fiche.state, "validated")

    def test_dossier_validated_only_with_validated_fiches(self):
        dossier = self.make_full_dossier(self.third_student, validated=False)
        dossier.sudo().state = "submitted"
        with self.assertRaisesRegex(Fault, "toutes les fiches doivent"):
            self.rpc(
                self.other_teacher, "gpme.dossier", "action_validate", [dossier.id]
            )
        self.assertEqual(dossier.state, "submitted")

    def test_refusals_name_nothing_unreadable(self):
        calls = [
            ("gpme.dossier", "action_validate", [self.other_dossier.id]),
            ("gpme.dossier", "action_submit", [self.other_dossier.id]),
            ("gpme.situation", "action_validate", [self.other_fiche.id]),
            ("gpme.situation", "write", [self.other_fiche.id], {"name": "x"}),
            ("gpme.situation", "action_submit", [self.other_fiche.id]),
        ]
        for user in (self.student, self.teacher, self.commission):
            for model, method, *args in calls:
                with self.assertRaises(Fault) as caught:
                    self.rpc(user, model, method, *args)
                self.assertLeaksNothing(caught.exception)

    def test_commission_sees_handed_in_dossiers_only(self):
        draft = self.make_dossier(self.third_student)
        with self.assertRaises(Fault):
            self.rpc(self.commission, "gpme.dossier", "read", [draft.id], ["state"])
        draft.sudo().state = "submitted"
        (row,) = self.rpc(
            self.commission, "gpme.dossier", "read", [draft.id], ["state"]
        )
        self.assertEqual(row["state"], "submitted")
