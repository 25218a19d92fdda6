from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase

from .common import GpmeUsersMixin, exam_session


class TestCohort(GpmeUsersMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gpme_setup_users()

    def test_roles_follow_class_membership(self):
        self.assertTrue(self.student_a.has_group("gpme_e4.group_student"))
        self.assertFalse(self.student_a.has_group("gpme_e4.group_teacher"))
        self.assertTrue(self.teacher_a.has_group("gpme_e4.group_teacher"))
        self.assertEqual(self.cohort_a.student_count, 1)
        self.assertTrue(self.admin_e4.has_group("gpme_e4.group_teacher"))
        self.assertTrue(self.admin_e4.has_group("gpme_e4.group_commission"))

    def test_student_sees_own_class_only(self):
        Cohort = self.env["gpme.cohort"].with_user(self.student_a)
        self.assertEqual(
            Cohort.search([("id", "in", (self.cohort_a | self.cohort_b).ids)]),
            self.cohort_a,
        )
        with self.assertRaises(AccessError):
            self.cohort_b.with_user(self.student_a).read(["name"])
        with self.assertRaises(AccessError):
            self.cohort_a.with_user(self.student_a).write({"name": "Renamed"})

    def test_teacher_sees_classes_taught_only(self):
        Cohort = self.env["gpme.cohort"].with_user(self.teacher_a)
        self.assertEqual(
            Cohort.search([("id", "in", (self.cohort_a | self.cohort_b).ids)]),
            self.cohort_a,
        )
        with self.assertRaises(AccessError):
            self.cohort_b.with_user(self.teacher_a).read(["name"])
        # Classes are managed by E4 administrators only (issue 8).
        with self.assertRaises(AccessError):
            self.cohort_a.with_user(self.teacher_a).write({"school": "Lycée Test"})
        with self.assertRaises(AccessError):
            Cohort.create(
                {"name": "Forged", "exam_session_id": exam_session(self.env, 2027).id}
            )

    def test_commission_sees_classes_of_examined_dossiers(self):
        Cohort = self.env["gpme.cohort"].with_user(self.commission)
        both = (self.cohort_a | self.cohort_b).ids
        self.assertFalse(Cohort.search([("id", "in", both)]))
        dossier = self.env["gpme.dossier"].create(
            {
                "student_id": self.student_b.id,
                "cohort_id": self.cohort_b.id,
                "commission_user_ids": [(6, 0, self.commission.ids)],
            }
        )
        # A draft is not the commission's business yet.
        self.assertFalse(Cohort.search([("id", "in", both)]))
        dossier.state = "submitted"
        self.assertEqual(Cohort.search([("id", "in", both)]), self.cohort_b)

    def test_admin_sees_all(self):
        Cohort = self.env["gpme.cohort"].with_user(self.admin_e4)
        both = self.cohort_a | self.cohort_b
        self.assertEqual(Cohort.search([("id", "in", both.ids)]), both)

    def test_session_year_plausible(self):
        """The year is the exam session's: an implausible one is refused in
        French and nothing is written."""
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        Session = env["gpme.exam.session"]
        for year in (0, 1927, 2927):
            with self.subTest(year=year):
                with self.assertRaisesRegex(ValidationError, "n'est pas plausible"):
                    with self.env.cr.savepoint():
                        Session.create({"year": year, "academy": "Bad"})
                self.assertFalse(Session.search([("academy", "=", "Bad")]))
        session = exam_session(env, 2027)
        with self.assertRaisesRegex(ValidationError, "n'est pas plausible"):
            with self.env.cr.savepoint():
                session.year = 1999
        self.assertEqual(self.cohort_a.session_year, 2027)
        with self.assertRaisesRegex(ValidationError, "se terminer"):
            with self.env.cr.savepoint():
                session.write(
                    {
                        "situation_b_start": "2027-05-20",
                        "situation_b_end": "2027-05-03",
                    }
                )
        self.assertFalse(session.situation_b_start)

    def test_commission_comes_from_the_session(self):
        """The dossiers' commission is the members of their exam session."""
        dossier = self.env["gpme.dossier"].create(
            {"student_id": self.student_b.id, "cohort_id": self.cohort_b.id}
        )
        self.assertFalse(dossier.commission_user_ids)
        session = self.cohort_b.exam_session_id
        self.assertIn(dossier, session.dossier_ids)
        self.env["gpme.exam.session.member"].create(
            {"session_id": session.id, "user_id": self.commission.id, "role": "grcf"}
        )
        self.assertEqual(dossier.commission_user_ids, self.commission)
        Cohort = self.env["gpme.cohort"].with_user(self.commission)
        # The commission reads a class only through dossiers handed in.
        self.assertNotIn(self.cohort_b, Cohort.search([]))
        dossier.sudo().state = "submitted"
        self.assertIn(self.cohort_b, Cohort.search([]))
        Session = self.env["gpme.exam.session"]
        self.assertEqual(Session.with_user(self.commission).search([]), session)
        other = exam_session(self.env, 2028)
        self.assertEqual(Session.with_user(self.student_a).search([]), session)
        with self.assertRaises(AccessError):
            other.with_user(self.student_a).read(["name"])
        with self.assertRaises(AccessError):
            session.with_user(self.student_a).write({"academy": "Changée"})
        # A student never reads who sits on the commission of their session.
        with self.assertRaises(AccessError):
            session.member_ids.with_user(self.student_a).read(["role"])
