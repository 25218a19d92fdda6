from odoo.tests.common import get_db_name, new_test_user

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


class RpcAsUser:
    """XML-RPC as a real user of the tests (password = login), for HttpCase
    classes: one authentication per login. The server runs on the test's
    cursor: what the test wrote is flushed first, and its cache is dropped
    after, so that a read meant to be refused really asks the database."""

    def rpc(self, user, model, method, *args, **kwargs):
        db = get_db_name()
        uids = self.__dict__.setdefault("_gpme_uids", {})
        if user.login not in uids:
            uids[user.login] = self.xmlrpc_common.authenticate(
                db, user.login, user.login, {}
            )
        self.env.flush_all()
        try:
            return self.xmlrpc_object.execute_kw(
                db, uids[user.login], user.login, model, method, list(args), kwargs
            )
        finally:
            self.env.invalidate_all()
