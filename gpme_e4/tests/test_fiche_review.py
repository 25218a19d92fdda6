from datetime import date, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase

from .fiche_common import setup_fiche_world


class TestFicheReview(TransactionCase):
    """Bilans intermédiaires: written by the class's teachers, read by the
    student, printed as a recap."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_fiche_world(cls)
        cls.review = (
            cls.env["gpme.review"]
            .with_user(cls.teacher_a)
            .create(
                {
                    "dossier_id": cls.dossier1.id,
                    "date": date.today() - timedelta(days=3),
                    "comment_1_2": "Devis bien construits dans le PGI.",
                    "comment_1_6": "Lettrage à revoir.",
                    "comment": "Bonne progression générale.",
                }
            )
        )

    def test_teacher_writes_student_reads(self):
        self.assertEqual(self.review.teacher_id, self.teacher_a)
        as_student = self.review.with_user(self.student1)
        self.assertEqual(as_student.comment_1_2, "Devis bien construits dans le PGI.")
        with self.assertRaises(AccessError):
            as_student.write({"comment": "Très bien"})
        with self.assertRaises(AccessError):
            self.env["gpme.review"].with_user(self.student1).create(
                {"dossier_id": self.dossier1.id, "teacher_id": self.teacher_a.id}
            )
        with self.assertRaises(AccessError):
            as_student.unlink()

    def test_other_student_cannot_read(self):
        with self.assertRaises(AccessError):
            self.review.with_user(self.student2).read(["comment"])
        self.assertFalse(self.env["gpme.review"].with_user(self.student2).search([]))

    def test_teacher_of_another_class(self):
        with self.assertRaises(AccessError):
            self.review.with_user(self.teacher_b).read(["comment"])
        with self.assertRaisesRegex(ValidationError, "doit enseigner dans la classe"):
            self.env["gpme.review"].with_user(self.teacher_b).create(
                {"dossier_id": self.dossier1.id}
            )
        # Even naming the class's teacher, the record rules refuse the write.
        with self.assertRaises(AccessError):
            self.env["gpme.review"].with_user(self.teacher_b).create(
                {"dossier_id": self.dossier1.id, "teacher_id": self.teacher_a.id}
            )

    def test_bad_input(self):
        Review = self.env["gpme.review"].with_user(self.teacher_a)
        with self.assertRaisesRegex(ValidationError, "dans le futur"):
            Review.create(
                {
                    "dossier_id": self.dossier1.id,
                    "date": date.today() + timedelta(days=2),
                }
            )
        with self.assertRaisesRegex(ValidationError, "doit enseigner dans la classe"):
            self.env["gpme.review"].create(
                {"dossier_id": self.dossier1.id, "teacher_id": self.teacher_b.id}
            )

    def test_recap_report(self):
        report = self.env.ref("gpme_e4.action_report_gpme_review_recap")
        html = (
            report.with_user(self.teacher_a)
            ._render_qweb_html(report.report_name, self.dossier1.ids)[0]
            .decode()
        )
        self.assertIn("Lettrage à revoir.", html)
        self.assertIn("Administration des ventes de la PME", html)
        self.assertIn("Bilans intermédiaires", html)
        pdf, kind = (
            report.with_user(self.teacher_a)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, self.dossier1.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        # A student prints their own recap, never another's.
        report.with_user(self.student1)._render_qweb_html(
            report.report_name, self.dossier1.ids
        )
        with self.assertRaises(AccessError):
            report.with_user(self.student2)._render_qweb_html(
                report.report_name, self.dossier1.ids
            )
