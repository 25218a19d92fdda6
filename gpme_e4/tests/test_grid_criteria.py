"""Grids from the référentiel: every critère de performance of bloc 1 as
data (counted per competence and family against pp. 26-34), grids A /14 and
B /6 built on them, the penalties within grid A, grid A proposed from the
bilans of the second year, an official grid imported by an administrator
(then the « indicative » mention goes), the upgrade from 16.0.2.0.0."""

import importlib.util
from collections import Counter
from datetime import date
from pathlib import Path

from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

from .common import EvaluationFixtures

# Référentiel, annexe I b, pp. 26-34: critères de performance of each
# competence, « en termes opérationnels/méthodologiques » and « en termes de
# communication ».
EXPECTED = {
    ("1.1", "operational"): 5,
    ("1.1", "communication"): 7,
    ("1.2", "operational"): 5,
    ("1.2", "communication"): 9,
    ("1.3", "operational"): 6,
    ("1.3", "communication"): 10,
    ("1.4", "operational"): 5,
    ("1.4", "communication"): 8,
    ("1.5", "operational"): 10,
    ("1.5", "communication"): 7,
    ("1.6", "operational"): 7,
    ("1.6", "communication"): 6,
}
INDICATIVE = "Grille indicative établie d'après le référentiel"
MIGRATIONS = Path(__file__).parents[1] / "migrations" / "16.0.2.1.0"


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, MIGRATIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def html_text(content):
    return " ".join(lxml_html.fromstring(content).text_content().split())


@tagged("post_install", "-at_install")
class TestGridCriteria(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        cls.Criterion = cls.env["gpme.grid.criterion"]
        cls.performance = cls.Criterion.search([("kind", "=", "performance")])

    def line(self, xmlid, evaluation=None):
        criterion = self.env.ref(f"gpme_e4.{xmlid}")
        return (evaluation or self.evaluation).line_ids.filtered(
            lambda x: x.criterion_id == criterion
        )

    def grids_text(self, user=None):
        report = self.env.ref("gpme_e4.action_report_gpme_grids")
        content = report.with_user(user or self.commission)._render_qweb_html(
            report.report_name, self.evaluation.ids
        )[0]
        return html_text(content)

    # ------------------------------------------------------------------
    # The critères de performance of bloc 1
    # ------------------------------------------------------------------
    def test_criteria_match_the_referentiel(self):
        counts = Counter((c.activity_id.code, c.family) for c in self.performance)
        self.assertEqual(dict(counts), EXPECTED)
        families = Counter(self.performance.mapped("family"))
        self.assertEqual(families, {"operational": 38, "communication": 47})
        # The four communication items once filed as operational.
        for code, start in (
            ("1.2", "Des relances efficaces"),
            ("1.3", "Des prises en notes efficaces et fidèles"),
            ("1.4", "La formulation d'une demande pertinente écrit"),
            (
                "1.6",
                "Une communication écrite ou orale pertinente avec les responsables",
            ),
        ):
            criterion = self.performance.filtered(
                lambda c, s=start: c.name.startswith(s)
            )
            self.assertEqual(
                (criterion.activity_id.code, criterion.family),
                (code, "communication"),
            )
        # The PGI and the spreadsheet in every competence, the analysis of the
        # purchase situation in 1.5.
        pgi = self.performance.filtered(
            lambda c: c.name.startswith("Une utilisation adaptée des fonctionnalités")
        )
        self.assertEqual(
            sorted(pgi.activity_id.mapped("code")),
            ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"],
        )
        self.assertEqual(set(pgi.mapped("family")), {"operational"})
        purchase = self.env.ref("gpme_e4.criterion_perf_1_5_1")
        self.assertTrue(
            purchase.name.startswith("Une analyse pertinente de la situation d'achat")
        )
        for criterion in self.performance:
            # Tied to tasks of its own competence; positioned, not marked.
            self.assertTrue(criterion.task_ids, criterion.code)
            self.assertEqual(
                criterion.task_ids.activity_id, criterion.activity_id, criterion.code
            )
            self.assertEqual(criterion.max_points, 0)
            row_a = criterion.row_ids.filtered(lambda r: r.situation == "A")
            self.assertEqual(
                (len(row_a), row_a.activity_id, row_a.family),
                (1, criterion.activity_id, criterion.family),
                criterion.code,
            )
        # Codes are unique and say the family.
        codes = self.performance.mapped("code")
        self.assertEqual(len(set(codes)), 85)
        self.assertTrue(
            all(
                c.code[0] == ("P" if c.family == "operational" else "C")
                for c in self.performance
            )
        )

    def test_grids_built_from_the_criteria(self):
        rows = self.Criterion.search([("kind", "=", "row")])
        rows_a = rows.filtered(lambda r: r.situation == "A")
        rows_b = rows.filtered(lambda r: r.situation == "B")
        self.assertEqual(len(rows_a), 12)
        self.assertEqual(sum(rows_a.mapped("max_points")), 14)
        self.assertEqual(len(rows_b), 3)
        self.assertEqual(sum(rows_b.mapped("max_points")), 6)
        # Each critère feeds its row of grid A; grid B's rows gather some.
        self.assertEqual(rows_a.performance_ids, self.performance)
        self.assertTrue(all(rows_b.mapped("performance_ids")))
        penalties = self.Criterion.search([("kind", "=", "penalty")])
        self.assertEqual(
            sorted(penalties.mapped(lambda p: (p.situation, p.name))),
            [("A", "Pénalités"), ("P", "Pénalités")],
        )
        # A candidate's evaluation (CCF) has a line for each of A and B.
        self.assertEqual(
            len(self.evaluation.line_ids),
            len(self.Criterion.search([("situation", "in", ("A", "B"))])),
        )

    def test_performance_criterion_has_no_points(self):
        with self.assertRaises(ValidationError):
            self.env.ref("gpme_e4.criterion_perf_1_2_3").max_points = 1

    # ------------------------------------------------------------------
    # Penalties
    # ------------------------------------------------------------------
    def test_penalties_within_grid_a(self):
        self.fill_grid(self.evaluation, "A", "well_mastered", user=self.teacher)
        self.assertEqual(self.evaluation.total_a, 14)
        penalty = self.line("criterion_a_penalties")
        self.assertEqual(penalty.points, 0)
        with self.assertRaises(AccessError):
            penalty.with_user(self.teacher).write({"points": 1})
        penalty.with_user(self.commission).write(
            {"points": 1.5, "comment": "Une seule fiche de GRCF."}
        )
        self.assertEqual(self.evaluation.total_a, 12.5)
        with self.assertRaises(ValidationError):
            penalty.with_user(self.commission).write({"points": 2.5})
        # Grid A is signed without a penalty being needed.
        self.evaluation.with_user(self.teacher).action_sign_a()
        self.assertTrue(self.evaluation.signed_a)
        # The dossier's composition gaps are listed under the line.
        self.env.ref("gpme_e4.rule_min_grcf").sudo().min_count = 9
        gaps = self.evaluation._gpme_composition_gaps()
        self.assertEqual(len(gaps), 1)
        text = self.grids_text()
        self.assertIn("Lacunes de composition constatées : " + gaps[0], text)
        self.assertIn("Pénalités", text)
        self.assertIn("− 1,50", text)
        self.assertIn("12,50 / 14", text)
        self.assertIn("Une seule fiche de GRCF.", text)

    # ------------------------------------------------------------------
    # Grid A from the bilans of the second year
    # ------------------------------------------------------------------
    def test_grid_a_from_the_bilans_of_year_2(self):
        Review = self.env["gpme.review"].with_user(self.teacher)
        self.dossier.sudo().state = "draft"
        reviews = {}
        for day, positions in (
            # Session 2027: the second year starts on 1 September 2026.
            (
                date(2026, 3, 10),
                {
                    "criterion_perf_1_2_3": "well_mastered",
                    "criterion_perf_1_2_1": "well_mastered",
                },
            ),
            (
                date(2026, 10, 5),
                {
                    "criterion_perf_1_2_3": "insufficient",
                    "criterion_com_1_2_3": "mastered",
                },
            ),
            (date(2026, 11, 20), {"criterion_perf_1_2_3": "mastered"}),
        ):
            reviews[day] = Review.create(
                {
                    "dossier_id": self.dossier.id,
                    "date": day,
                    "line_ids": [
                        Command.create(
                            {
                                "activity_id": self.env.ref("gpme_e4.activity_1_2").id,
                                "position_ids": [
                                    Command.create(
                                        {
                                            "criterion_id": self.env.ref(
                                                f"gpme_e4.{xmlid}"
                                            ).id,
                                            "level_id": self.levels[level].id,
                                        }
                                    )
                                    for xmlid, level in positions.items()
                                ],
                            }
                        )
                    ],
                }
            )
        self.assertEqual([r.training_year for r in reviews.values()], ["1", "2", "2"])
        self.dossier.sudo().state = "validated"
        self.evaluation.with_user(self.teacher).action_prefill_from_bilans()
        invoices = self.line("criterion_perf_1_2_3")
        self.assertEqual(invoices.bilan_level_id, self.levels["mastered"])
        self.assertEqual(invoices.bilan_review_id, reviews[date(2026, 11, 20)])
        self.assertEqual(invoices.level_id, self.levels["mastered"])
        reminders = self.line("criterion_com_1_2_3")
        self.assertEqual(reminders.bilan_review_id, reviews[date(2026, 10, 5)])
        # Positioned in the first year only: nothing proposed.
        analysis = self.line("criterion_perf_1_2_1")
        self.assertFalse(analysis.bilan_level_id or analysis.level_id)
        # The rows start from their critères' positionings.
        row = self.line("criterion_a_1_2_op")
        self.assertEqual(row.level_id, self.levels["mastered"])
        self.assertEqual(row.points, 1.0)  # 2/3 of 1.5, to the quarter point
        self.assertFalse(self.line("criterion_a_1_1_op").level_id)
        # A bilan moved to the first year no longer counts.
        reviews[date(2026, 11, 20)].sudo().training_year = "1"
        invoices.sudo().level_id = False
        self.evaluation.with_user(self.teacher).action_prefill_from_bilans()
        self.assertEqual(invoices.bilan_level_id, self.levels["insufficient"])
        self.assertEqual(invoices.bilan_review_id, reviews[date(2026, 10, 5)])
        # The grid prints where each positioning comes from.
        text = self.grids_text()
        self.assertIn("05/10/2026", text)
        self.assertIn("Insuffisamment maîtrisé", text)

    # ------------------------------------------------------------------
    # An académie's grid, imported; the indicative mention
    # ------------------------------------------------------------------
    def test_indicative_until_an_official_grid(self):
        text = self.grids_text()
        self.assertTrue(INDICATIVE in text)
        self.assertIn("A1.2-OP", self.Criterion.search([]).mapped("code"))
        self.assertIn(
            "Compétence 1.2 – critères opérationnels et méthodologiques", text
        )
        self.assertIn("0,00 / 14", text)
        self.Criterion.search([]).write({"is_indicative": False})
        self.assertFalse(INDICATIVE in self.grids_text())

    def test_import_template_and_import(self):
        templates = self.Criterion.get_import_templates()
        self.assertEqual(len(templates), 1)
        path = templates[0]["template"]
        module_path = Path(get_module_path("gpme_e4"))
        content = (module_path / path.split("/gpme_e4/", 1)[1]).read_bytes()
        header = content.decode().splitlines()[0].split(",")
        Import = self.env["base_import.import"].with_user(self.admin)
        wizard = Import.create(
            {
                "res_model": "gpme.grid.criterion",
                "file": content,
                "file_name": "gpme_grid_criterion.csv",
                "file_type": "text/csv",
            }
        )
        result = wizard.execute_import(
            header,
            header,
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        self.assertFalse(result["messages"], result["messages"])
        imported = self.Criterion.browse(result["ids"])
        self.assertEqual(
            sorted(imported.mapped("kind")), ["penalty", "performance", "row"]
        )
        criterion = imported.filtered(lambda c: c.kind == "performance")
        self.assertEqual(criterion.task_ids.mapped("code"), ["1.2.1", "1.2.2", "1.2.4"])
        self.assertEqual(
            criterion.row_ids, imported.filtered(lambda c: c.kind == "row")
        )
        self.assertFalse(any(imported.mapped("is_indicative")))
        # And exported the same way, with external ids.
        exported = (
            self.env.ref("gpme_e4.criterion_com_1_2_3")
            .with_user(self.admin)
            .export_data(["id", "code", "row_ids/id", "task_ids/id"])["datas"]
        )
        self.assertEqual(
            exported[0][:3],
            ["gpme_e4.criterion_com_1_2_3", "C1.2.3", "gpme_e4.criterion_a_1_2_com"],
        )

    # ------------------------------------------------------------------
    # Upgrade from 16.0.2.0.0
    # ------------------------------------------------------------------
    def test_migration_from_the_invented_grid(self):
        env = self.env(su=True)
        cr = env.cr
        # The former state: an invented criterion of grid A in use, grid A
        # without the référentiel's rows, one critère still under its old
        # xml id, the criteria noupdate.
        # (An upgraded database still holds it, archived.)
        invented = self.env.ref("gpme_e4.criterion_a_analysis", False)
        if invented:
            invented.active = True
        else:
            invented = self.Criterion.create(
                {
                    "code": "A_ANALYSIS",
                    "name": "Analyse",
                    "situation": "A",
                    "max_points": 3,
                }
            )
            env["ir.model.data"].create(
                {
                    "module": "gpme_e4",
                    "name": "criterion_a_analysis",
                    "model": "gpme.grid.criterion",
                    "res_id": invented.id,
                    "noupdate": True,
                }
            )
        # The wording an administrator left of the former grid is replaced.
        self.env.ref("gpme_e4.criterion_perf_1_2_3").name = "Factures conformes"
        cr.execute(
            """UPDATE ir_model_data SET name = 'criterion_perf_1_2_6'
                WHERE module = 'gpme_e4' AND name = 'criterion_com_1_2_3'"""
        )
        self.evaluation.sudo().line_ids.filtered(
            lambda x: x.grid == "A" and x.kind != "performance"
        ).unlink()
        old_line = env["gpme.evaluation.line"].create(
            {
                "evaluation_id": self.evaluation.id,
                "criterion_id": invented.id,
                "level_id": self.levels["well_mastered"].id,
            }
        )
        self.assertEqual(self.evaluation.total_a, 3)
        env.flush_all()
        load_script("pre-grid-criteria").migrate(cr, "16.0.2.0.0")
        cr.execute(
            """SELECT name FROM ir_model_data
                WHERE module = 'gpme_e4' AND model = 'gpme.grid.criterion'
                  AND name IN ('criterion_com_1_2_3', 'criterion_perf_1_2_6')"""
        )
        self.assertEqual(cr.fetchall(), [("criterion_com_1_2_3",)])
        load_script("post-grid-criteria").migrate(cr, "16.0.2.0.0")
        env.invalidate_all()
        self.assertFalse(invented.active)
        self.assertFalse(old_line.exists())
        criteria_a = self.Criterion.search([("situation", "=", "A")])
        self.assertEqual(
            self.evaluation.line_ids.filtered(lambda x: x.grid == "A").criterion_id,
            criteria_a,
        )
        self.assertEqual(self.evaluation.total_a, 0)
        self.assertIn(
            "critères de performance",
            self.evaluation.message_ids[:1].body,
        )
        self.assertTrue(
            self.env.ref("gpme_e4.criterion_perf_1_2_3").name.startswith(
                "Des factures, documents commerciaux adaptés"
            )
        )
        # A fresh install has nothing to migrate.
        load_script("post-grid-criteria").migrate(cr, None)
