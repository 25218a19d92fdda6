"""The teacher's dashboard at scale: its number of queries does not depend on
the size of the class, and the fiches' plain rows the conformity rules read
in SQL are the ones read() gives (scripts/bench_academie.py has the figures
of an académie of 1,000 students)."""

from odoo.tests import TransactionCase, new_test_user, tagged

from .common import DossierFixtures


@tagged("post_install", "-at_install")
class TestDashboardScale(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.Dashboard = cls.env["gpme.dashboard"].with_context(lang="fr_FR")
        cls.added = 0

    @classmethod
    def add_students(cls, count):
        """count students of the class, each with a dossier of three fiches
        (one validated, one handed in) and their evidence."""
        env = cls.env(su=True)
        students = env["res.users"]
        for __ in range(count):
            cls.added += 1
            students |= new_test_user(
                env,
                f"t_scale_student_{cls.added}",
                groups="gpme_e4.group_student",
                name=f"Élève échelle {cls.added:02d}",
            )
        students.write({"gpme_cohort_id": cls.cohort.id})
        for student in students:
            dossier = cls.make_dossier(student)
            fiches = [
                cls.make_situation(dossier, "Relance", ["oral"], ["1.1.1", "1.2.1"]),
                cls.make_situation(dossier, "Devis", ["written"], ["1.2.3"]),
                cls.make_situation(dossier, "Achat", ["grcf"], ["1.5.1"], evidence=2),
            ]
            fiches[0].write({"state": "validated"})
            fiches[1].write({"state": "submitted"})

    def dashboard_queries(self):
        Dashboard = self.Dashboard.with_user(self.teacher)
        # Registry caches warm: two calls, as a teacher's screen after a
        # reload (after one, a has_group query still fell in the measure).
        for __ in range(2):
            Dashboard.get_dashboard(self.cohort.id)
            self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        data = Dashboard.get_dashboard(self.cohort.id)
        return self.env.cr.sql_log_count - start, data

    def test_teacher_dashboard_queries_do_not_grow_with_the_class(self):
        self.add_students(2)
        small, data = self.dashboard_queries()
        self.assertEqual(len(data["rows"]), 3)  # and the fixtures' student
        self.add_students(10)
        large, data = self.dashboard_queries()
        self.assertEqual(len(data["rows"]), 13)
        self.assertEqual(small, large, "queries grew with the class")
        row = next(r for r in data["rows"] if r["student"] == "Élève échelle 12")
        self.assertEqual(
            (row["validated"], row["waiting"], row["draft"], row["evidence"]),
            (1, 1, 1, 4),
        )
        self.assertEqual(row["kinds"], {"grcf": 0, "oral": 1, "written": 0})

    def test_conformity_rows_are_what_read_gives(self):
        self.add_students(1)
        dossier = self.env["gpme.dossier"].search(
            [("student_id.login", "=", "t_scale_student_1")]
        )
        fiches = dossier.situation_ids
        tools = self.env["gpme.tool"].search([], limit=2)
        fiches[0].write({"tool_ids": [(6, 0, tools.ids)], "oral_nature": "phone"})
        # Archived référentiel entries are left out, as read() leaves them.
        tools[1].active = False
        self.tasks["1.2.1"].active = False
        Situation = self.env["gpme.situation"]
        rows = Situation._gpme_conformity_rows([dossier.id])
        self.assertEqual(
            [r["id"] for r in rows], fiches.sorted(lambda s: (s.sequence, s.id)).ids
        )
        names = Situation._GPME_CONFORMITY_COLUMNS + Situation._GPME_CONFORMITY_X2MANY
        expected = {r["id"]: r for r in fiches.read(list(names), load=None)}
        for row in rows:
            for name in names:
                want = expected[row["id"]][name]
                got = row[name]
                if name in Situation._GPME_CONFORMITY_X2MANY:
                    want, got = sorted(want), sorted(got)
                self.assertEqual(got, want, name)
        self.assertEqual(rows[0]["tool_ids"], tools[:1].ids)
        self.assertEqual(fiches._gpme_conformity_rows(), rows)
