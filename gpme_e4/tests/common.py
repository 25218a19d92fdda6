from odoo.tests.common import new_test_user

from .common_lang import load_french
from .session_common import exam_session


class GpmeUsersMixin:
    """Real users of each E4 role, in two classes, for access tests."""

    @classmethod
    def _gpme_setup_users(cls):
        env = cls.env
        load_french(env)
        cls.teacher_a = new_test_user(
            env,
            login="gpme_teacher_a",
            groups="gpme_e4.group_teacher",
            name="Teacher A",
        )
        cls.teacher_b = new_test_user(
            env,
            login="gpme_teacher_b",
            groups="gpme_e4.group_teacher",
            name="Teacher B",
        )
        cls.commission = new_test_user(
            env,
            login="gpme_jury",
            groups="gpme_e4.group_commission",
            name="Jury Member",
        )
        cls.admin_e4 = new_test_user(
            env, login="gpme_admin", groups="gpme_e4.group_admin", name="E4 Admin"
        )
        Cohort = env["gpme.cohort"]
        cls.cohort_a = Cohort.create(
            {
                "name": "GPME A",
                "exam_session_id": exam_session(env, 2027).id,
                "teacher_ids": [(6, 0, cls.teacher_a.ids)],
            }
        )
        cls.cohort_b = Cohort.create(
            {
                "name": "GPME B",
                "exam_session_id": exam_session(env, 2027).id,
                "teacher_ids": [(6, 0, cls.teacher_b.ids)],
            }
        )
        cls.student_a = new_test_user(
            env, login="gpme_student_a", groups="base.group_user", name="Student A"
        )
        cls.student_a.gpme_cohort_id = cls.cohort_a
        cls.student_b = new_test_user(
            env, login="gpme_student_b", groups="base.group_user", name="Student B"
        )
        cls.student_b.gpme_cohort_id = cls.cohort_b
