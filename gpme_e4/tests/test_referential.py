import importlib.util
from pathlib import Path

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from .common import load_french


class TestReferential(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)

    def test_activities_and_tasks(self):
        activities = self.env["gpme.activity"].search([])
        self.assertEqual(
            activities.mapped("code"), ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]
        )
        tasks = self.env["gpme.task"].search([])
        self.assertEqual(len(tasks), 29)
        for task in tasks:
            self.assertTrue(
                task.code.startswith(task.activity_id.code + "."),
                f"{task.code} is filed under {task.activity_id.code}",
            )
        self.assertEqual(
            sorted(tasks.filtered("is_communication").mapped("code")),
            ["1.1.3", "1.2.7", "1.3.3", "1.4.5", "1.5.6"],
        )
        counts = {a.code: len(a.task_ids) for a in activities}
        self.assertEqual(
            counts, {"1.1": 3, "1.2": 7, "1.3": 3, "1.4": 5, "1.5": 6, "1.6": 5}
        )

    def test_official_labels(self):
        task = self.env.ref("gpme_e4.task_1_2_4")
        self.assertEqual(
            task.name, "Facturation, suivi des règlements et des relances « clients »"
        )
        self.assertEqual(
            self.env.ref("gpme_e4.savoir_1_7").name,
            "Les fonctionnalités du PGI et d'outils bureautiques et numériques",
        )
        kinds = self.env["gpme.tool"].search([]).mapped("kind")
        self.assertEqual(
            (kinds.count("management"), kinds.count("written"), kinds.count("oral")),
            (3, 3, 4),
        )
        self.assertEqual(len(self.env["gpme.modality"].search([])), 4)
        self.assertEqual(
            len(set(self.env["gpme.modality"].search([]).mapped("fiche_label"))), 3
        )

    def test_passport_wording(self):
        # As the national passport words them.
        ref = self.env.ref
        self.assertEqual(
            [
                ref(f"gpme_e4.modality_{code}").synoptic_label
                for code in ("before", "school", "sme", "organisation")
            ],
            [
                "Avant la formation",
                "Pendant la formation en établissement",
                "Pendant la formation dans une PME",
                "Pendant la formation dans une organisation",
            ],
        )
        self.assertTrue(
            ref("gpme_e4.activity_1_2").competence.endswith(
                "jusqu'à la relance des éventuels impayés)"
            )
        )
        self.assertTrue(
            ref("gpme_e4.task_1_2_2").name.endswith("contrats de sous-traitance, etc.)")
        )
        # An upgraded database gets them, an administrator's own wording stays.
        script = (
            Path(__file__).parents[1]
            / "migrations"
            / "16.0.2.2.0"
            / "post-passport_wording.py"
        )
        spec = importlib.util.spec_from_file_location("passport_wording", script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for _model, xmlid, field, former, _passport in module.WORDING:
            ref(xmlid)[field] = former
        ref("gpme_e4.modality_organisation").synoptic_label = "Dans une association"
        module.migrate(self.env.cr, None)  # a fresh install: nothing to do
        self.assertEqual(ref("gpme_e4.modality_sme").synoptic_label, "Dans une PME")
        module.migrate(self.env.cr, "16.0.2.1.0")
        self.env.invalidate_all()
        self.assertEqual(
            ref("gpme_e4.modality_sme").synoptic_label,
            "Pendant la formation dans une PME",
        )
        self.assertEqual(
            ref("gpme_e4.modality_organisation").synoptic_label, "Dans une association"
        )
        self.assertIn("éventuels impayés", ref("gpme_e4.activity_1_2").competence)
        self.assertIn("etc.)", ref("gpme_e4.task_1_2_2").name)

    def test_grids_total(self):
        criteria = self.env["gpme.grid.criterion"].search([])
        rows = criteria.filtered(lambda c: c.kind == "row")
        a = sum(rows.filtered(lambda c: c.situation == "A").mapped("max_points"))
        b = sum(rows.filtered(lambda c: c.situation == "B").mapped("max_points"))
        self.assertEqual((a, b), (14, 6))
        # The forme ponctuelle's one grid: a row per phase, 20 points.
        p = rows.filtered(lambda c: c.situation == "P")
        self.assertEqual((len(p), sum(p.mapped("max_points"))), (4, 20))
        self.assertTrue(all(criteria.mapped("is_indicative")))

    def test_task_code_must_match_activity(self):
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(ValidationError, "n'appartient pas à l'activité"):
            with self.env.cr.savepoint():
                env["gpme.task"].create(
                    {
                        "code": "1.3.9",
                        "name": "Tâche mal rangée",
                        "activity_id": self.env.ref("gpme_e4.activity_1_2").id,
                    }
                )
        self.assertFalse(self.env["gpme.task"].search([("code", "=", "1.3.9")]))

    @mute_logger("odoo.sql_db")
    def test_duplicate_task_code(self):
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(ValidationError, "1.2.4.*déjà utilisé"):
            with self.env.cr.savepoint():
                env["gpme.task"].create(
                    {
                        "code": "1.2.4",
                        "name": "Doublon",
                        "activity_id": self.env.ref("gpme_e4.activity_1_2").id,
                    }
                )
        self.assertEqual(
            self.env["gpme.task"].search_count([("code", "=", "1.2.4")]), 1
        )

    def test_official_record_cannot_be_deleted(self):
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(UserError, "archivez"):
            env.ref("gpme_e4.tool_email").unlink()
        tool = env.ref("gpme_e4.tool_email")
        tool.active = False
        self.assertFalse(env["gpme.tool"].search([("code", "=", "email")]))
