from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase

from .common import GpmeUsersMixin


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
            Cohort.create({"name": "Forged", "session_year": 2027})

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

    def test_session_year_required_and_plausible(self):
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        Cohort = env["gpme.cohort"]
        for year, pattern in (
            (0, "doit avoir une année de session"),
            (1927, "n'est pas plausible"),
            (2927, "n'est pas plausible"),
        ):
            with self.subTest(year=year):
                with self.assertRaisesRegex(ValidationError, pattern):
                    with self.env.cr.savepoint():
                        Cohort.create({"name": f"Bad {year}", "session_year": year})
                self.assertFalse(Cohort.search([("name", "=", f"Bad {year}")]))
        with self.assertRaisesRegex(ValidationError, "n'est pas plausible"):
            with self.env.cr.savepoint():
                self.cohort_a.write({"session_year": 1999})
        self.assertEqual(self.cohort_a.session_year, 2027)
