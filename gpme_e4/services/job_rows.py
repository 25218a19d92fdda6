"""Rows a PDF job takes for itself: the evidence and dossier batches lock
the versions they print, leaving those another job holds to it."""

import psycopg2


def claim_row(cr, table, row_id, condition):
    """Lock the row ``row_id`` of ``table`` (still matching ``condition``, a
    constant SQL test) for this transaction, unless another job holds it or
    has changed it since this transaction began: it is then that job's."""
    try:
        with cr.savepoint(flush=False):
            cr.execute(
                f"SELECT id FROM {table} WHERE id = %s AND {condition} "
                "FOR NO KEY UPDATE SKIP LOCKED",
                [row_id],
            )
            return bool(cr.fetchone())
    except psycopg2.errors.SerializationFailure:
        return False
