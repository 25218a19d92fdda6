"""Exam sessions: keep the dossiers' commissions aside before the field
becomes derived from the session's members (post-exam_session.py)."""


def migrate(cr, version):
    cr.execute("SELECT to_regclass('gpme_dossier_commission_rel')")
    if not cr.fetchone()[0]:
        return
    cr.execute(
        "CREATE TABLE IF NOT EXISTS gpme_e4_mig_commission AS "
        "SELECT dossier_id, user_id FROM gpme_dossier_commission_rel"
    )
