"""The commission's list and the session recap cost the same number of queries
whatever the number of candidates."""

from odoo.tests import TransactionCase, tagged
from odoo.tests.common import new_test_user

from .common import exam_session

LIST_FIELDS = [
    "student_id",
    "cohort_id",
    "conformity",
    "total_a",
    "total_b",
    "mark_display",
    "nv_detected",
    "published",
]


@tagged("post_install", "-at_install")
class TestEvaluationPerf(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.jury = new_test_user(
            env, "t_perf_jury", groups="gpme_e4.group_commission", name="Jury perf"
        )
        cls.cohort = env["gpme.cohort"].create(
            {"name": "T-Perf", "exam_session_id": exam_session(env, 2027).id}
        )
        cls.evaluations = env["gpme.evaluation"]
        for i in range(5):
            student = new_test_user(
                env, f"t_perf_student{i}", groups="gpme_e4.group_student"
            )
            student.gpme_cohort_id = cls.cohort
            dossier = env["gpme.dossier"].create(
                {
                    "student_id": student.id,
                    "cohort_id": cls.cohort.id,
                    "commission_user_ids": [(6, 0, cls.jury.ids)],
                }
            )
            env["gpme.internship"].create(
                {
                    "dossier_id": dossier.id,
                    "employer": f"Stage {i}",
                    "date_from": "2026-05-18",
                    "date_to": "2026-06-28",
                    "training_year": "1",
                }
            )
            cls.evaluations |= env["gpme.evaluation"]._gpme_open_for_dossier(dossier)

    def _count(self, evaluations):
        Evaluation = self.env["gpme.evaluation"].with_user(self.jury)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        Evaluation.search_read([("id", "in", evaluations.ids)], LIST_FIELDS)
        Evaluation.browse(evaluations.ids)._gpme_recap_rows()
        return self.env.cr.sql_log_count - before

    def test_list_and_recap_queries_do_not_grow(self):
        self._count(self.evaluations[:1])  # warm the rule and access caches
        small = self._count(self.evaluations[:2])
        large = self._count(self.evaluations)
        self.assertEqual(small, large, "queries for 2 and for 5 candidates")
        self.assertLess(large, 40)
