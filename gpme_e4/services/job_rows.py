"""Rows a PDF job takes for itself: the evidence and dossier batches lock
the versions they print, leaving those another job holds to it."""

import threading
from contextlib import contextmanager

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


@contextmanager
def own_cursor(env, read_committed=False):
    """``env`` on a cursor of its own, committed on success (what a job may
    not do with its own cursor). In a test's transaction, ``env`` itself:
    another cursor would not see the test's records, and in Odoo's HTTP test
    mode it would hold the lock the server's requests wait for (wkhtmltopdf
    fetching its styles while the render waits for wkhtmltopdf).

    ``read_committed``: a dossier job prints for seconds before it seals. In
    the job's own transaction (REPEATABLE READ, its snapshot taken when the
    job started) the seal's journal entry conflicts with every seal committed
    meanwhile, and queue_job runs the whole job again: at a deadline, one
    dossier batch in four was printed twice. Read committed, the entry waits
    for the journal's lock and chains after the last committed one."""
    env.flush_all()
    if env.registry.in_test_mode() or getattr(
        threading.current_thread(), "testing", False
    ):
        yield env
        return
    with env.registry.cursor() as cr:
        if read_committed:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        yield env(cr=cr)


def read_committed_env(env):
    """``env`` on a READ COMMITTED cursor of its own (see own_cursor)."""
    return own_cursor(env, read_committed=True)
