from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase, new_test_user

from .common import DossierFixtures, exam_session


class TestCohort(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()

    def test_roles_follow_class_membership(self):
        # A plain internal user becomes a student by joining a class, a
        # teacher by teaching one.
        joiner = new_test_user(self.env, "t_cohort_joiner", groups="base.group_user")
        self.assertFalse(joiner.has_group("gpme_e4.group_student"))
        joiner.gpme_cohort_id = self.cohort
        self.assertTrue(joiner.has_group("gpme_e4.group_student"))
        self.assertFalse(joiner.has_group("gpme_e4.group_teacher"))
        teacher = new_test_user(self.env, "t_cohort_teacher", groups="base.group_user")
        self.other_cohort.teacher_ids = [(4, teacher.id)]
        self.assertTrue(teacher.has_group("gpme_e4.group_teacher"))
        self.assertEqual(self.cohort.student_count, 2)
        self.assertTrue(self.admin.has_group("gpme_e4.group_teacher"))
        self.assertTrue(self.admin.has_group("gpme_e4.group_commission"))

    def test_student_sees_own_class_only(self):
        Cohort = self.env["gpme.cohort"].with_user(self.student)
        self.assertEqual(
            Cohort.search([("id", "in", (self.cohort | self.other_cohort).ids)]),
            self.cohort,
        )
        with self.assertRaises(AccessError):
            self.other_cohort.with_user(self.student).read(["name"])
        with self.assertRaises(AccessError):
            self.cohort.with_user(self.student).write({"name": "Renamed"})

    def test_teacher_sees_classes_taught_only(self):
        Cohort = self.env["gpme.cohort"].with_user(self.teacher)
        self.assertEqual(
            Cohort.search([("id", "in", (self.cohort | self.other_cohort).ids)]),
            self.cohort,
        )
        with self.assertRaises(AccessError):
            self.other_cohort.with_user(self.teacher).read(["name"])
        # Classes are managed by E4 administrators only (issue 8).
        with self.assertRaises(AccessError):
            self.cohort.with_user(self.teacher).write({"school": "Lycée Test"})
        with self.assertRaises(AccessError):
            Cohort.create(
                {"name": "Forged", "exam_session_id": exam_session(self.env, 2027).id}
            )

    def test_commission_sees_classes_of_examined_dossiers(self):
        Cohort = self.env["gpme.cohort"].with_user(self.commission)
        both = (self.cohort | self.other_cohort).ids
        self.assertFalse(Cohort.search([("id", "in", both)]))
        dossier = self.env["gpme.dossier"].create(
            {
                "student_id": self.other_student.id,
                "cohort_id": self.other_cohort.id,
                "commission_user_ids": [(6, 0, self.commission.ids)],
            }
        )
        # A draft is not the commission's business yet.
        self.assertFalse(Cohort.search([("id", "in", both)]))
        dossier.state = "submitted"
        self.assertEqual(Cohort.search([("id", "in", both)]), self.other_cohort)

    def test_admin_sees_all(self):
        Cohort = self.env["gpme.cohort"].with_user(self.admin)
        both = self.cohort | self.other_cohort
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
        self.assertEqual(self.cohort.session_year, 2027)
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
            {"student_id": self.other_student.id, "cohort_id": self.other_cohort.id}
        )
        self.assertFalse(dossier.commission_user_ids)
        session = self.other_cohort.exam_session_id
        self.assertIn(dossier, session.dossier_ids)
        self.env["gpme.exam.session.member"].create(
            {"session_id": session.id, "user_id": self.commission.id, "role": "grcf"}
        )
        self.assertEqual(dossier.commission_user_ids, self.commission)
        Cohort = self.env["gpme.cohort"].with_user(self.commission)
        # The commission reads a class only through dossiers handed in.
        self.assertNotIn(self.other_cohort, Cohort.search([]))
        dossier.sudo().state = "submitted"
        self.assertIn(self.other_cohort, Cohort.search([]))
        Session = self.env["gpme.exam.session"]
        self.assertEqual(Session.with_user(self.commission).search([]), session)
        other = exam_session(self.env, 2028)
        self.assertEqual(Session.with_user(self.student).search([]), session)
        with self.assertRaises(AccessError):
            other.with_user(self.student).read(["name"])
        with self.assertRaises(AccessError):
            session.with_user(self.student).write({"academy": "Changée"})
        # A student never reads who sits on the commission of their session.
        with self.assertRaises(AccessError):
            session.member_ids.with_user(self.student).read(["role"])
