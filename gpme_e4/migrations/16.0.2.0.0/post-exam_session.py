"""Exam sessions: the integer year of each class becomes an exam session
(one per year), which its classes and dossiers point to; the former
commission of each dossier becomes members of its session (role to set) and
stays the dossier's commission."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        "SELECT DISTINCT session_year FROM gpme_cohort "
        "WHERE exam_session_id IS NULL AND session_year IS NOT NULL"
    )
    Session = env["gpme.exam.session"].with_context(active_test=False)
    for (year,) in cr.fetchall():
        session = Session.search([("year", "=", year)], limit=1) or Session.create(
            {"year": year}
        )
        cr.execute(
            "UPDATE gpme_cohort SET exam_session_id = %s "
            "WHERE exam_session_id IS NULL AND session_year = %s",
            (session.id, year),
        )
    cr.execute(
        "UPDATE gpme_dossier d SET exam_session_id = c.exam_session_id "
        "FROM gpme_cohort c WHERE c.id = d.cohort_id "
        "AND d.exam_session_id IS DISTINCT FROM c.exam_session_id"
    )
    cr.execute("SELECT to_regclass('gpme_e4_mig_commission')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        """
        INSERT INTO gpme_exam_session_member (session_id, user_id, create_uid,
            create_date, write_uid, write_date)
        SELECT DISTINCT d.exam_session_id, m.user_id, %s, now(), %s, now()
          FROM gpme_e4_mig_commission m
          JOIN gpme_dossier d ON d.id = m.dossier_id
         WHERE d.exam_session_id IS NOT NULL
        ON CONFLICT (session_id, user_id) DO NOTHING
        """,
        (SUPERUSER_ID, SUPERUSER_ID),
    )
    # Each dossier keeps exactly the commission it had.
    cr.execute("DELETE FROM gpme_dossier_commission_rel")
    cr.execute(
        "INSERT INTO gpme_dossier_commission_rel (dossier_id, user_id) "
        "SELECT dossier_id, user_id FROM gpme_e4_mig_commission"
    )
    cr.execute("DROP TABLE gpme_e4_mig_commission")
    env.invalidate_all()
