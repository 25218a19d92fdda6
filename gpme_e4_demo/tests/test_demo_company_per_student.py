"""The demo builder's company per student (or per group): each student
works in her own company, her dossier presents it, her teacher stays in the
school's and opens her documents through the E4 viewer."""

from odoo import Command
from odoo.addons.gpme_e4.tests.common import PGI_GROUPS, exam_session
from odoo.tests.common import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDemoCompanyPerStudent(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.teacher = new_test_user(
            cls.env,
            "cps_teacher",
            groups="gpme_e4.group_teacher," + PGI_GROUPS,
            name="Prof Société",
        )
        cls.cohort = cls.env["gpme.cohort"].create(
            {
                "name": "BTS GPME une société par élève",
                "exam_session_id": exam_session(cls.env, 2027).id,
                "teacher_ids": [Command.set(cls.teacher.ids)],
            }
        )
        cls.students = cls.env["res.users"]
        for login, name in (
            ("cps_s1", "Léa Martin"),
            ("cps_s2", "Hugo Bernard"),
            ("cps_s3", "Inès Petit"),
        ):
            cls.students |= new_test_user(
                cls.env,
                login,
                groups="gpme_e4.group_student," + PGI_GROUPS,
                name=name,
                gpme_cohort_id=cls.cohort.id,
            )
            cls.env["gpme.dossier"]._get_or_create_current(cls.students[-1:])

    def _companies(self, group_size):
        return self.env["gpme.demo.class.builder"]._build_demo_student_companies(
            self.cohort, group_size=group_size, with_chart=False
        )

    def test_a_company_per_student(self):
        companies = self._companies(1)
        self.assertEqual(len(companies), 3)
        for student, company in zip(self.students, companies, strict=True):
            self.assertEqual(student.company_id, company)
            self.assertEqual(student.company_ids, company)
            self.assertIn(student.name, company.name)
            dossier = self.env["gpme.dossier"].search([("student_id", "=", student.id)])
            self.assertEqual(dossier.company_id, company)
        self.assertFalse(companies & self.teacher.company_ids)
        # A student who joins the class later: her dossier presents her own
        # company, not the class's.
        late = new_test_user(
            self.env,
            "cps_s4",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Yanis Roux",
            gpme_cohort_id=self.cohort.id,
            company_id=companies[0].id,
            company_ids=[Command.set(companies[0].ids)],
        )
        dossier = self.env["gpme.dossier"]._get_or_create_current(late)
        self.assertEqual(dossier.company_id, companies[0])

    def test_a_company_per_group(self):
        companies = self._companies(2)
        self.assertEqual(len(companies), 2)
        self.assertEqual(self.students[0].company_id, companies[0])
        self.assertEqual(self.students[1].company_id, companies[0])
        self.assertEqual(self.students[2].company_id, companies[1])
        self.assertEqual(companies[0].name, "BTS GPME une société par élève — groupe 1")
