"""Dossiers are opened when a student joins a class (created, imported, moved
into it), never when someone reads a screen (issue 23): the teacher's
dashboard and the student's home only read."""

import importlib.util
import pathlib

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RpcAsUser, exam_session

MIGRATION = (
    pathlib.Path(__file__).resolve().parent.parent
    / "migrations"
    / "16.0.2.3.0"
    / "post-dossier-on-join.py"
)


@tagged("post_install", "-at_install")
class TestDossierOnJoin(RpcAsUser, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env["res.company"].create({"name": "Join SARL"})
        cls.teacher = new_test_user(
            env, "join_teacher", groups="gpme_e4.group_teacher", name="Prof Join"
        )
        cls.admin = new_test_user(
            env, "join_admin", groups="gpme_e4.group_admin", name="Admin Join"
        )
        cls.admin.company_ids |= cls.company
        cls.cohort = env["gpme.cohort"].create(
            {
                "name": "Join 2027",
                "exam_session_id": exam_session(env, 2027).id,
                "company_id": cls.company.id,
                "teacher_ids": [(6, 0, cls.teacher.ids)],
            }
        )
        cls.next_cohort = env["gpme.cohort"].create(
            {
                "name": "Join 2028",
                "exam_session_id": exam_session(env, 2028).id,
                "company_id": cls.company.id,
            }
        )

    def _dossiers(self, student):
        return self.env["gpme.dossier"].search([("student_id", "=", student.id)])

    def _new_student(self, login):
        return (
            self.env["res.users"]
            .with_user(self.admin)
            .create(
                {
                    "name": login.title(),
                    "login": login,
                    "password": login,
                    "gpme_cohort_id": self.cohort.id,
                }
            )
        )

    def test_student_added_gets_her_dossier(self):
        student = self._new_student("join_ines")
        dossier = self._dossiers(student)
        self.assertEqual(len(dossier), 1)
        self.assertEqual(dossier.cohort_id, self.cohort)
        self.assertEqual(dossier.state, "draft")
        self.assertEqual(dossier.company_id, self.company)
        # Her teacher sees her at once, before she ever logs in.
        rows = self.rpc(self.teacher, "gpme.dashboard", "get_dashboard", self.cohort.id)
        self.assertEqual([r["student_id"] for r in rows["rows"]], student.ids)
        # Moved to next year's class (a repeating student): a dossier for
        # that session too, the first one untouched.
        student.with_user(self.admin).write({"gpme_cohort_id": self.next_cohort.id})
        self.assertEqual(self._dossiers(student).mapped("session_year"), [2028, 2027])

    def test_imported_students_get_their_dossiers(self):
        csv = (
            "name,login,class\n"
            "Yanis Petit,join_yanis,Join 2027\n"
            "Chloé Roux,join_chloe,Join 2027\n"
        ).encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(self.admin)
            .create(
                {
                    "res_model": "res.users",
                    "file": csv,
                    "file_name": "classe.csv",
                    "file_type": "text/csv",
                }
            )
        )
        result = wizard.execute_import(
            ["name", "login", "gpme_cohort_id"],
            ["name", "login", "class"],
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        self.assertFalse(
            [m for m in result["messages"] if m.get("type") == "error"], result
        )
        students = self.cohort.student_ids
        self.assertEqual(len(students), 2)
        self.assertEqual(
            self.env["gpme.dossier"]
            .search([("cohort_id", "=", self.cohort.id)])
            .student_id,
            students,
        )

    def test_class_written_with_students(self):
        student = new_test_user(self.env, "join_zoe", groups="base.group_user")
        self.assertFalse(self._dossiers(student))
        self.cohort.with_user(self.admin).write({"student_ids": [(4, student.id)]})
        self.assertEqual(self._dossiers(student).cohort_id, self.cohort)

    def test_reading_creates_nothing(self):
        student = self._new_student("join_lina")
        # A student whose dossier is missing (put in the class before this
        # version, behind the ORM's back).
        late = new_test_user(self.env, "join_late", groups="gpme_e4.group_student")
        self.env.cr.execute(
            "UPDATE res_users SET gpme_cohort_id = %s WHERE id = %s",
            [self.cohort.id, late.id],
        )
        self.env.invalidate_all()
        count = self.env["gpme.dossier"].search_count([])
        rows = self.rpc(self.teacher, "gpme.dashboard", "get_dashboard", self.cohort.id)
        self.assertEqual([r["student_id"] for r in rows["rows"]], student.ids)
        home = self.rpc(late, "gpme.dashboard", "get_student_home")
        self.assertFalse(home["dossier"])
        self.assertEqual(self.env["gpme.dossier"].search_count([]), count)
        # The upgrade opens the missing ones.
        spec = importlib.util.spec_from_file_location("gpme_join_mig", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "16.0.2.2.0")
        self.assertEqual(self._dossiers(late).cohort_id, self.cohort)
        self.assertEqual(len(self._dossiers(student)), 1)
        home = self.rpc(late, "gpme.dashboard", "get_student_home")
        self.assertEqual(home["dossier"]["dossier_id"], self._dossiers(late).id)

    def test_creating_her_dossier_fills_the_one_opened(self):
        student = self._new_student("join_emma")
        opened = self._dossiers(student)
        Dossier = self.env["gpme.dossier"].with_user(student)
        # What she may not write on her dossier, she may not create with.
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            Dossier.create({"candidate_number": "02712345"})
        self.assertTrue(opened.opened_on_join)
        dossier = Dossier.create({"ctx_market": "<p>Marché local</p>"})
        self.assertEqual(dossier, opened)
        self.assertIn("Marché local", dossier.ctx_market)
        self.assertFalse(dossier.opened_on_join)
        self.assertFalse(dossier.candidate_number)
