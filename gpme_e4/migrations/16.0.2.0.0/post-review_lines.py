"""Bilans: the six fixed comment columns of gpme.review become one
gpme.review.line per commented activity; the writer is a teacher present.
The old columns are dropped once copied, so running again does nothing."""

import logging

from psycopg2 import sql

_logger = logging.getLogger(__name__)

OLD_COLUMNS = {
    "comment_1_1": "1.1",
    "comment_1_2": "1.2",
    "comment_1_3": "1.3",
    "comment_1_4": "1.4",
    "comment_1_5": "1.5",
    "comment_1_6": "1.6",
}


def migrate(cr, version):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'gpme_review' AND column_name IN %s",
        (tuple(OLD_COLUMNS),),
    )
    present = [row[0] for row in cr.fetchall()]
    for column in present:
        code = OLD_COLUMNS[column]
        # One line per review whose comment on this activity is not blank.
        cr.execute(
            sql.SQL(
                """
            INSERT INTO gpme_review_line (
                review_id, activity_id, sequence, comment, dossier_id,
                student_id, cohort_id, create_uid, create_date, write_uid,
                write_date
            )
            SELECT r.id, a.id, a.sequence, r.{column}, r.dossier_id,
                   r.student_id, r.cohort_id, r.create_uid, r.create_date,
                   r.write_uid, r.write_date
              FROM gpme_review r
              JOIN gpme_activity a ON a.code = %s
             WHERE coalesce(trim(r.{column}), '') != ''
            ON CONFLICT (review_id, activity_id) DO NOTHING
            """
            ).format(column=sql.Identifier(column)),
            (code,),
        )
        _logger.info("gpme_e4: %s bilan line(s) of activity %s", cr.rowcount, code)
    cr.execute(
        """
        INSERT INTO gpme_review_teacher_rel (review_id, user_id)
        SELECT id, teacher_id FROM gpme_review WHERE teacher_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    )
    for column in present:
        cr.execute(
            sql.SQL("ALTER TABLE gpme_review DROP COLUMN {}").format(
                sql.Identifier(column)
            )
        )
