"""Two classes, their teachers and students, created as real users."""

from odoo.tests.common import new_test_user

from .common_lang import load_french
from .session_common import exam_session


def setup_fiche_world(cls):
    env = cls.env
    load_french(env)
    cls.env = env = env(context=dict(env.context, lang="fr_FR", tracking_disable=False))
    cls.teacher_a = new_test_user(
        env,
        "fiche_prof_a",
        groups="gpme_e4.group_teacher",
        name="Anne Prof",
        password="fiche_prof_a",
        email="prof.a@example.com",
    )
    cls.teacher_b = new_test_user(
        env,
        "fiche_prof_b",
        groups="gpme_e4.group_teacher",
        name="Bruno Prof",
        password="fiche_prof_b",
        email="prof.b@example.com",
    )
    cls.cohort_a = env["gpme.cohort"].create(
        {
            "name": "Fiche A",
            "exam_session_id": exam_session(env, 2027).id,
            "teacher_ids": [(6, 0, cls.teacher_a.ids)],
        }
    )
    cls.cohort_b = env["gpme.cohort"].create(
        {
            "name": "Fiche B",
            "exam_session_id": exam_session(env, 2027).id,
            "teacher_ids": [(6, 0, cls.teacher_b.ids)],
        }
    )

    def student(login, cohort):
        user = new_test_user(
            env,
            login,
            name=login.replace("fiche_", "Élève ").title(),
            groups="gpme_e4.group_student,sales_team.group_sale_salesman",
            password=login,
            email=f"{login}@example.com",
            lang="fr_FR",
        )
        user.gpme_cohort_id = cohort
        return user

    cls.student1 = student("fiche_eleve1", cls.cohort_a)
    cls.student2 = student("fiche_eleve2", cls.cohort_a)
    cls.student3 = student("fiche_eleve3", cls.cohort_b)
    Dossier = env["gpme.dossier"]
    cls.dossier1 = Dossier.create(
        {"student_id": cls.student1.id, "cohort_id": cls.cohort_a.id}
    )
    cls.dossier2 = Dossier.create(
        {"student_id": cls.student2.id, "cohort_id": cls.cohort_a.id}
    )
    cls.dossier3 = Dossier.create(
        {"student_id": cls.student3.id, "cohort_id": cls.cohort_b.id}
    )
    cls.task_121 = env.ref("gpme_e4.task_1_2_1")
    cls.task_124 = env.ref("gpme_e4.task_1_2_4")


def new_fiche(env, student, **vals):
    """A fiche written by the student themself."""
    values = {
        "name": "Établir un devis",
        "is_grcf": True,
        "task_ids": [(6, 0, env.ref("gpme_e4.task_1_2_1").ids)],
    }
    values.update(vals)
    return env["gpme.situation"].with_user(student).create(values)
