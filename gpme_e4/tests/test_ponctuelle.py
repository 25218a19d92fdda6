"""The forme ponctuelle as its own path (référentiel, E4, p. 77): one grid
/20 for the one-hour exam in four phases, no grid A nor bilans, no draw and
no third fiche de travail (the written situation is chosen on the
evaluation), the conformity recorded for the académie, the mark the grid's
total, printed in the French way with the indicative mention."""

import importlib.util
import os
from pathlib import Path

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import (
    EvaluationFixtures,
    assert_styled_pdf,
    load_french,
    pdf_text,
    styled_pdfs,
)

INDICATIVE = "Grille indicative établie d'après le référentiel"
MIGRATION = (
    Path(__file__).parents[1] / "migrations" / "16.0.2.2.0" / "post-ponctuelle.py"
)


def load_migration():
    spec = importlib.util.spec_from_file_location("post_ponctuelle", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestPonctuelle(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        load_french(cls.env)
        cls.professional = cls.env["res.users"].create(
            {
                "name": "Paula Pro",
                "login": "t_p_pro",
                "email": "paula.pro@example.com",
                "groups_id": [(6, 0, cls.env.ref("gpme_e4.group_commission").ids)],
            }
        )
        cls.e4_session.member_ids = [
            (0, 0, {"user_id": cls.professional.id, "role": "professional"})
        ]
        cls.dossier.sudo().commission_user_ids = [(4, cls.professional.id)]
        # The commission of the exam centre sets the candidate's form.
        cls.evaluation.with_user(cls.commission).write({"form": "ponctuelle"})
        validated = cls.dossier.situation_ids.filtered(lambda s: s.state == "validated")
        cls.written = validated.filtered("is_written")[:1]
        cls.grcf = validated.filtered("is_grcf")[:1]

    def jury(self, user=None):
        return self.evaluation.with_user(user or self.commission)

    def rows(self):
        return self.evaluation.line_ids.filtered(lambda x: x.kind == "row")

    def test_one_grid_of_four_phases_no_grid_a(self):
        lines = self.evaluation.line_ids
        self.assertEqual(set(lines.mapped("grid")), {"P"})
        rows = self.rows()
        self.assertEqual(
            [r.criterion_id.name[:7] for r in rows],
            ["Phase 1", "Phase 2", "Phase 3", "Phase 4"],
        )
        self.assertEqual(sum(rows.mapped("max_points")), 20)
        self.assertTrue(all(rows.criterion_id.mapped("is_indicative")))
        self.assertEqual(lines.filtered(lambda x: x.kind == "penalty").grid, "P")
        # No bilans: nothing proposed, and the prefill is refused.
        self.assertFalse(lines.bilan_level_id)
        with self.assertRaises(UserError):
            self.jury(self.teacher).action_prefill_from_bilans()
        # A line of grid A cannot be added, even by an administrator.
        criterion_a = self.env.ref("gpme_e4.criterion_a_1_2_op")
        with self.assertRaises(UserError):
            self.env["gpme.evaluation.line"].with_user(self.admin).create(
                {"evaluation_id": self.evaluation.id, "criterion_id": criterion_a.id}
            )
        self.evaluation._gpme_create_lines()
        self.assertEqual(set(self.evaluation.line_ids.mapped("grid")), {"P"})
        # Grid A's fields are refused too; the class's teacher does not
        # examine in the forme ponctuelle.
        with self.assertRaises(UserError):
            self.jury().write({"comment_a": "x"})
        with self.assertRaises(AccessError):
            rows[0].with_user(self.teacher).write({"points": 1})
        # Back to CCF: grids A and B come back, P and the written situation go.
        self.jury().action_confirm_conformity()
        self.jury().write({"written_situation_id": self.written.id})
        self.jury().write({"form": "ccf"})
        self.assertEqual(set(self.evaluation.line_ids.mapped("grid")), {"A", "B"})
        self.assertFalse(self.evaluation.written_situation_id)
        with self.assertRaises(UserError):
            self.jury().write({"written_situation_id": self.written.id})

    def test_no_draw_written_situation_on_the_evaluation(self):
        jury = self.jury()
        jury.action_confirm_conformity()
        with self.assertRaisesRegex(UserError, "pas de tirage|no draw"):
            jury.with_context(lang="fr_FR").action_draw()
        self.assertFalse(self.evaluation.work_sheet_ids)
        # The commission chooses the GRCF fiche de travail, never a written one.
        jury.write(
            {
                "work_sheet_p_ids": [
                    (0, 0, {"kind": "grcf", "situation_id": self.grcf.id})
                ]
            }
        )
        with self.assertRaises(ValidationError):
            jury.write(
                {
                    "work_sheet_p_ids": [
                        (0, 0, {"kind": "written", "situation_id": self.written.id})
                    ]
                }
            )
        self.assertEqual(self.evaluation.work_sheet_ids.mapped("kind"), ["grcf"])
        # The written situation: a validated written fiche of the dossier.
        with self.assertRaises(ValidationError):
            jury.write({"written_situation_id": self.grcf.id})
        jury.write({"written_situation_id": self.written.id})
        self.assertEqual(self.evaluation.written_situation_id, self.written)
        # One hour in four phases after 60 minutes of preparation.
        jury.action_start_timer()
        self.assertEqual(
            (self.evaluation.timer_end - self.evaluation.timer_start).seconds, 7200
        )

    def test_mark_is_the_grid_total_signed_published_printed(self):
        jury = self.jury()
        jury.action_confirm_conformity()
        self.assertIn(
            "pour l'académie",
            self.evaluation.with_context(lang="fr_FR")._gpme_conformity_authority(),
        )
        rows = self.rows()
        for row, points in zip(rows, (5, 4.5, 3, 3), strict=True):
            row.with_user(self.commission).write(
                {"level_id": self.levels["mastered"].id, "points": points}
            )
        self.assertEqual(self.evaluation.total_p, 15.5)
        self.assertEqual(self.evaluation.mark, 15.5)
        self.assertEqual(self.evaluation.mark_display, "15,50 / 20")
        # Signed after the written situation is chosen, by the commission.
        with self.assertRaises(UserError):
            jury.action_sign_p()
        jury.write({"written_situation_id": self.written.id, "comment_p": "Solide."})
        with self.assertRaises(AccessError):
            self.jury(self.teacher).action_sign_p()
        with self.assertRaises(UserError):
            jury.action_sign_b()
        self.jury(self.professional).action_sign_p()
        # A professional alone is not enough to publish.
        with self.assertRaises(UserError):
            self.evaluation.with_user(self.admin).action_publish()
        jury.action_sign_p()
        self.assertTrue(self.evaluation.signed_p)
        # Signed: locked, the form too.
        with self.assertRaises(UserError):
            rows[0].with_user(self.commission).write({"points": 5})
        with self.assertRaises(AccessError):
            jury.write({"form": "ccf"})
        # Even an administrator keeps the form of a signed grid.
        with self.assertRaises(UserError):
            self.evaluation.with_user(self.admin).write({"form": "ccf"})
        self.evaluation.with_user(self.admin).action_publish()
        self.assertTrue(self.evaluation.published)
        # The recap: the form and the mark, no situation A nor B.
        row = next(
            r
            for r in self.evaluation.with_user(self.admin)._gpme_recap_rows(True)
            if r["candidate"] == self.student.name
        )
        self.assertEqual(
            (row["form"], row["total_a"], row["total_b"], row["mark"]),
            ("Ponctuelle", "", "", "15,50 / 20"),
        )
        # The printed proposal (with its grid), read back with pdftotext.
        report = self.env.ref("gpme_e4.action_report_gpme_mark_proposal")
        with styled_pdfs(self):
            pdf, __ = (
                report.with_user(self.commission)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, self.evaluation.ids)
            )
        keep = os.environ.get("GPME_PDF_DIR")
        if keep:
            os.makedirs(keep, exist_ok=True)
            with open(os.path.join(keep, "proposal_ponctuelle.pdf"), "wb") as f:
                f.write(pdf)
        assert_styled_pdf(pdf)
        text = " ".join(pdf_text(pdf).split())
        self.assertIn(INDICATIVE, text)
        self.assertIn("Grille de la forme ponctuelle (/20)", text)
        for phase in ("Phase 1", "Phase 2", "Phase 3", "Phase 4"):
            self.assertIn(phase, text)
        self.assertIn("15,50 / 20", text)
        self.assertRegex(text, r"Total 15,50 / 20")
        self.assertIn(self.written.name, text)
        self.assertIn("pour l'académie", text)
        self.assertNotIn("/ 14", text)
        self.assertNotIn("/ 6", text)
        # The grids report as the commission reads it: the one grid.
        grids = self.env.ref("gpme_e4.action_report_gpme_grids")
        html = (
            grids.with_user(self.commission)
            ._render_qweb_html(grids.report_name, self.evaluation.ids)[0]
            .decode()
        )
        self.assertIn("Phase 4", html)
        self.assertNotIn("Compétence 1.2", html)

    def test_upgrade_moves_an_open_ponctuelle_to_its_grid(self):
        """Before 16.0.2.2.0 a ponctuelle candidate had grids A and B and a
        third, written, fiche de travail: the upgrade gives grid P."""
        evaluation = self.evaluation
        criterion_a = self.env.ref("gpme_e4.criterion_a_1_2_op")
        criterion_b = self.env.ref("gpme_e4.criterion_b_analysis")
        cr = self.env.cr
        cr.execute(
            "DELETE FROM gpme_evaluation_line WHERE evaluation_id = %s",
            [evaluation.id],
        )
        for criterion in (criterion_a, criterion_b):
            cr.execute(
                "INSERT INTO gpme_evaluation_line (evaluation_id, criterion_id, "
                "grid, kind, sequence, points) VALUES (%s, %s, %s, 'row', 10, 1)",
                [evaluation.id, criterion.id, criterion.situation],
            )
        cr.execute(
            "INSERT INTO gpme_work_sheet (evaluation_id, kind, situation_id, "
            "sequence, drawn) VALUES (%s, 'written', %s, 3, true)",
            [evaluation.id, self.written.id],
        )
        self.env.invalidate_all()
        self.assertEqual(set(evaluation.line_ids.mapped("grid")), {"A", "B"})
        script = load_migration()
        script.migrate(cr, None)  # a fresh install has nothing to migrate
        self.assertEqual(evaluation.work_sheet_ids.mapped("kind"), ["written"])
        script.migrate(cr, "16.0.2.1.0")
        self.env.invalidate_all()
        self.assertEqual(set(evaluation.line_ids.mapped("grid")), {"P"})
        self.assertEqual(len(evaluation.line_ids), 5)
        self.assertFalse(evaluation.work_sheet_ids)
        self.assertEqual(evaluation.written_situation_id, self.written)
        self.assertEqual(evaluation.mark, evaluation.total_p)
        self.assertIn("Forme ponctuelle", evaluation.message_ids[:1].body)
