from datetime import timedelta

import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests.common import TransactionCase, tagged
from odoo.tools import mute_logger

from ..services import evaluation_prefill
from .common import assert_styled_pdf, setup_fiche_world, styled_pdfs
from .reference_dates import TEST_TODAY, at_test_now


# After install: the recap is printed by wkhtmltopdf, which fetches the assets
# from the server, and a server still installing the module cannot answer.
@tagged("post_install", "-at_install")
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
                    "date": TEST_TODAY - timedelta(days=3),
                    "line_ids": [
                        Command.create(
                            {
                                "activity_id": cls.env.ref("gpme_e4.activity_1_2").id,
                                "observed": "Devis bien construits dans le PGI.",
                                "presentation": "Explique le circuit du devis.",
                                "position_ids": [
                                    Command.create(
                                        {
                                            "criterion_id": cls.env.ref(
                                                "gpme_e4.criterion_perf_1_2_3"
                                            ).id,
                                            "level_id": cls.env.ref(
                                                "gpme_e4.mastery_insufficient"
                                            ).id,
                                        }
                                    )
                                ],
                            }
                        ),
                        Command.create(
                            {
                                "activity_id": cls.env.ref("gpme_e4.activity_1_6").id,
                                "comment": "Lettrage à revoir.",
                            }
                        ),
                    ],
                    "comment": "Bonne progression générale.",
                }
            )
        )

    def test_teacher_writes_student_reads(self):
        self.assertEqual(self.review.teacher_id, self.teacher_a)
        as_student = self.review.with_user(self.student1)
        self.assertEqual(
            as_student.line_ids.mapped("observed"),
            ["Devis bien construits dans le PGI.", False],
        )
        self.assertEqual(self.review.teacher_ids, self.teacher_a)
        with self.assertRaises(AccessError):
            as_student.line_ids[0].write({"comment": "Très bien"})
        with self.assertRaises(AccessError):
            as_student.line_ids.position_ids.write(
                {"level_id": self.env.ref("gpme_e4.mastery_well_mastered").id}
            )
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
        lines = self.review.line_ids
        for records in (lines, lines.position_ids):
            self.assertTrue(records)
            self.assertFalse(
                self.env[records._name].with_user(self.student2).search([])
            )
            with self.assertRaises(AccessError):
                records.with_user(self.student2).read(["create_date"])

    def test_teacher_of_another_class(self):
        with self.assertRaises(AccessError):
            self.review.with_user(self.teacher_b).read(["comment"])
        with self.assertRaisesRegex(ValidationError, "doit enseigner dans la classe"):
            self.env["gpme.review"].with_user(self.teacher_b).create(
                {"dossier_id": self.dossier1.id}
            )
        # Naming the class's teacher changes nothing: a bilan is in the name
        # of the teacher who writes it, and the record rules refuse it.
        with self.assertRaises(Exception) as caught:
            self.env["gpme.review"].with_user(self.teacher_b).create(
                {"dossier_id": self.dossier1.id, "teacher_id": self.teacher_a.id}
            )
        self.assertIsInstance(caught.exception, (AccessError, ValidationError))

    @at_test_now
    def test_bad_input(self):
        Review = self.env["gpme.review"].with_user(self.teacher_a)
        with self.assertRaisesRegex(ValidationError, "dans le futur"):
            Review.create(
                {
                    "dossier_id": self.dossier1.id,
                    "date": TEST_TODAY + timedelta(days=2),
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
        with styled_pdfs(self):
            pdf, kind = (
                report.with_user(self.teacher_a)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, self.dossier1.ids)
            )
        self.assertEqual(kind, "pdf")
        assert_styled_pdf(pdf)
        # A student prints their own recap, never another's.
        report.with_user(self.student1)._render_qweb_html(
            report.report_name, self.dossier1.ids
        )
        with self.assertRaises(AccessError):
            report.with_user(self.student2)._render_qweb_html(
                report.report_name, self.dossier1.ids
            )

    def test_positioning_feeds_situation_a(self):
        """The latest bilan's positioning on a criterion is what grid A of
        situation A starts from."""
        criterion = self.env.ref("gpme_e4.criterion_perf_1_2_3")
        # The evaluation's own reading of the bilans (the only one).
        evaluation = self.env["gpme.evaluation"].new({"dossier_id": self.dossier1.id})
        self.review.training_year = "2"

        def levels():
            positions = evaluation_prefill.bilan_positions(evaluation)
            return {cid: p.level_id for cid, p in positions.items()}

        self.assertEqual(
            levels(), {criterion.id: self.env.ref("gpme_e4.mastery_insufficient")}
        )
        later = (
            self.env["gpme.review"]
            .with_user(self.teacher_a)
            .create({"dossier_id": self.dossier1.id})
        )
        line = (
            self.env["gpme.review.line"]
            .with_user(self.teacher_a)
            .create({"review_id": later.id, "activity_id": criterion.activity_id.id})
        )
        self.env["gpme.review.position"].with_user(self.teacher_a).create(
            {
                "line_id": line.id,
                "criterion_id": criterion.id,
                "level_id": self.env.ref("gpme_e4.mastery_mastered").id,
            }
        )
        later.training_year = "2"
        self.assertEqual(
            levels()[criterion.id], self.env.ref("gpme_e4.mastery_mastered")
        )

    def test_positioning_bad_input(self):
        """A criterion of another activity, an activity twice, a teacher
        present from another class: refused in French, nothing written."""
        line_1_6 = self.review.line_ids.filtered(
            lambda line: line.activity_id.code == "1.6"
        )
        Position = self.env["gpme.review.position"].with_user(self.teacher_a)
        with self.assertRaisesRegex(ValidationError, "pas un critère de performance"):
            with self.env.cr.savepoint():
                Position.with_context(lang="fr_FR").create(
                    {
                        "line_id": line_1_6.id,
                        "criterion_id": self.env.ref("gpme_e4.criterion_perf_1_2_3").id,
                        "level_id": self.env.ref("gpme_e4.mastery_mastered").id,
                    }
                )
        self.assertFalse(line_1_6.position_ids)
        with self.assertRaises(psycopg2.IntegrityError):
            with self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
                self.env["gpme.review.line"].with_user(self.teacher_a).create(
                    {
                        "review_id": self.review.id,
                        "activity_id": line_1_6.activity_id.id,
                    }
                )
        with self.assertRaisesRegex(ValidationError, "n'enseigne pas dans la classe"):
            with self.env.cr.savepoint():
                self.review.with_user(self.teacher_a).with_context(
                    lang="fr_FR"
                ).teacher_ids = self.teacher_a | self.teacher_b
        self.assertEqual(self.review.teacher_ids, self.teacher_a)
