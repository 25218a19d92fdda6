"""One vocabulary for numbers: the teacher's dashboard, the conformity
checklist, the class workbook and the synoptic show the same counts for each
student of the demo class, all read from services.progress; drafts, fiches
waiting for review and returned fiches do not count."""

from odoo.addons.gpme_e4.services import conformity as c
from odoo.addons.gpme_e4.services import progress
from odoo.tests import BaseCase, TransactionCase, tagged

from .test_documents import xlsx_sheets


def sit(code, kinds, state="validated", tasks=(), activities=()):
    return c.Situation(
        code=code,
        kinds=frozenset(kinds),
        validated=state == "validated",
        state=state,
        task_codes=frozenset(tasks),
        activity_codes=frozenset(activities),
    )


@tagged("post_install", "-at_install", "gpme_unit")
class TestProgressBuilder(BaseCase):
    RULES = [
        c.Rule("MIN_GRCF", "GRCF", "penalising", "{missing} GRCF", "grcf", 2),
        c.Rule("ALL_TASKS", "Tasks", "warning", "Tasks: {missing_list}"),
        c.Rule("FICHES_VALIDATED", "Validated", "blocking", "Not: {missing_list}"),
    ]

    def build(self, situations):
        facts = c.Facts(
            situations=tuple(situations),
            activities={"1.1": "A", "1.2": "B"},
            tasks={"1.1.1": "T1", "1.2.1": "T2"},
        )
        findings = c.evaluate(self.RULES, facts)
        return progress.build(facts, findings, progress.quotas(self.RULES)), findings

    def test_only_validated_fiches_count(self):
        numbers, findings = self.build(
            [
                sit("SP1", {"grcf"}, tasks={"1.1.1"}, activities={"1.1"}),
                sit("SP2", {"grcf"}, "draft", tasks={"1.2.1"}, activities={"1.2"}),
                sit("SP3", {"grcf"}, "submitted", tasks={"1.2.1"}),
                sit("SP4", {"grcf"}, "to_rework", tasks={"1.2.1"}),
            ]
        )
        self.assertEqual(
            numbers["states"],
            {"draft": 1, "submitted": 1, "to_rework": 1, "validated": 1},
        )
        self.assertEqual(numbers["kinds"], {"grcf": 1, "oral": 0, "written": 0})
        self.assertEqual(
            numbers["quotas"]["grcf"], {"count": 1, "min": 2, "met": False}
        )
        # The checklist counts as the progress does.
        grcf = next(f for f in findings if f.code == "MIN_GRCF")
        self.assertEqual((grcf.count, grcf.passed), (1, False))
        tasks = next(f for f in findings if f.code == "ALL_TASKS")
        self.assertEqual(tasks.missing, ("1.2.1",))
        self.assertEqual((numbers["tasks_covered"], numbers["task_count"]), (1, 2))
        self.assertEqual(numbers["activities"], {"1.1": 1, "1.2": 0})
        self.assertEqual(numbers["blocking"], 1)
        self.assertFalse(numbers["conform"])

    def test_warnings_do_not_make_a_dossier_non_conform(self):
        numbers, __ = self.build(
            [sit("SP1", {"grcf"}, tasks={"1.1.1"}), sit("SP2", {"grcf"})]
        )
        self.assertEqual(numbers["issues"], ["Tasks: 1.2.1"])
        self.assertTrue(numbers["conform"])


@tagged("post_install", "-at_install")
class TestOneVocabulary(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.cohort = cls.env.ref("gpme_e4_demo.demo_cohort")
        cls.teacher = cls.env.ref("gpme_e4_demo.demo_user_teacher")
        cls.dossiers = cls.env["gpme.dossier"].search(
            [("cohort_id", "=", cls.cohort.id)]
        )

    def test_dashboard_checklist_workbook_and_synoptic_agree(self):
        env = self.env(user=self.teacher, context=dict(self.env.context, lang="fr_FR"))
        rows = {
            r["student"]: r
            for r in env["gpme.dashboard"].get_dashboard(self.cohort.id)["rows"]
        }
        report = env.ref("gpme_e4.action_report_gpme_cohort_xlsx")
        content = report.with_env(env)._render_xlsx(
            report.report_name, self.cohort.ids, {}
        )[0]
        overview = xlsx_sheets(content)["Synthèse"]
        self.assertEqual(
            overview[0][:9],
            [
                "Étudiant",
                "Numéro de candidat",
                "Tâches couvertes",
                "Fiches validées (min. 6)",
                "GRCF (min. 2)",
                "Oral (min. 2)",
                "Écrit (min. 2)",
                "Conformité",
                "Dernier bilan",
            ],
        )
        lines = {line[0]: line for line in overview[1:]}
        dossiers = self.dossiers.with_env(env)
        synoptics = env["report.gpme_e4.report_synoptic"]._synoptic_data(dossiers)
        self.assertEqual(len(rows), 4)
        drafts_seen = False
        for dossier in dossiers:
            name = dossier.student_id.name
            row, line = rows[name], lines[name]
            kinds = row["kinds"]
            covered = f"{row['tasks_covered']} / {row['task_count']}"
            self.assertEqual(
                line[2:8],
                [
                    covered,
                    str(row["validated"]),
                    str(kinds["grcf"]),
                    str(kinds["oral"]),
                    str(kinds["written"]),
                    "Conforme" if row["conform"] else "À compléter",
                ],
                name,
            )
            self.assertEqual(
                synoptics[dossier.id]["covered_count"], row["tasks_covered"]
            )
            self.assertEqual(
                sum(
                    t["covered"]
                    for a in synoptics[dossier.id]["activities"]
                    for t in a["tasks"]
                ),
                row["tasks_covered"],
            )
            html = dossier.conformity_html
            for phrase in (
                f"Fiches validées : {row['validated']} / 6",
                f"GRCF : {kinds['grcf']} / 2",
                f"Oral : {kinds['oral']} / 2",
                f"Écrit : {kinds['written']} / 2",
                f"Tâches couvertes : {covered}",
            ):
                self.assertIn(phrase, html, name)
            # Fiches not validated yet count nowhere.
            pending = row["draft"] + row["waiting"] + row["to_rework"]
            drafts_seen |= bool(pending)
            self.assertLessEqual(max(kinds.values()), row["validated"])
        self.assertTrue(drafts_seen, "the demo class has fiches not validated")

    def test_batch_in_a_constant_number_of_queries(self):
        Rule = self.env["gpme.conformity.rule"]
        Rule._gpme_progress(self.dossiers)  # caches warm
        for subset in (self.dossiers[:1], self.dossiers):
            self.env.invalidate_all()
            with self.assertQueryCount(19):
                numbers = Rule._gpme_progress(subset)
            self.assertEqual(set(numbers), set(subset.ids))
