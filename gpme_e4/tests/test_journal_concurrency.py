"""Two real transactions logging at once cannot fork the E4 journal: the
second waits for the first and chains after it. The entries are committed
(the journal is append-only: they stay, chained like any other)."""

import threading
from unittest.mock import patch

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from ..services.job_rows import read_committed_env


@tagged("post_install", "-at_install")
class TestJournalConcurrency(BaseCase):
    def test_second_writer_waits_and_chains(self):
        registry = odoo.registry(get_db_name())
        with registry.cursor() as cr_a, registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            lang = env_a["res.lang"].search([], limit=1)
            first = env_a["gpme.journal"]._gpme_log("delete", lang, reason="A")
            # B cannot read the last entry while A has not committed: it waits
            # (here, at most 300 ms, then gives up instead of forking).
            cr_b.execute("SET LOCAL lock_timeout = '300ms'")
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.LockNotAvailable),
            ):
                env_b["gpme.journal"]._gpme_log("delete", lang, reason="B")
            cr_b.rollback()
            cr_a.commit()
            env_b.invalidate_all()
            second = env_b["gpme.journal"]._gpme_log("delete", lang, reason="B")
            self.assertEqual(second.sequence, first.sequence + 1)
            self.assertEqual(second.previous_hash, first.entry_hash)
            cr_b.commit()
            self.assertTrue(env_b["gpme.journal"]._gpme_verify_chain()["ok"])

    def test_writer_with_an_older_snapshot_is_retried_not_forked(self):
        """A job whose transaction began before another decision was logged
        and committed cannot see that entry: it fails with a serialization
        error (the server or queue_job runs it again), never a duplicate
        number or a second entry after the same one."""
        registry = odoo.registry(get_db_name())
        with registry.cursor() as cr_a, registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            lang = env_a["res.lang"].search([], limit=1)
            cr_b.execute("SELECT 1")  # B's snapshot starts
            first = env_a["gpme.journal"]._gpme_log("delete", lang, reason="A")
            cr_a.commit()
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.SerializationFailure),
            ):
                env_b["gpme.journal"]._gpme_log("delete", lang, reason="B")
            cr_b.rollback()
            env_b.invalidate_all()
            second = env_b["gpme.journal"]._gpme_log("delete", lang, reason="B")
            self.assertEqual(second.sequence, first.sequence + 1)
            cr_b.commit()
            self.assertTrue(env_b["gpme.journal"]._gpme_verify_chain()["ok"])

    def test_dossier_job_seal_chains_after_entries_committed_while_printing(self):
        """The dossier job seals in a read-committed cursor of its own: the
        entries committed while it printed (other seals, hand-ins) do not
        make it print again; its entry chains after them."""
        registry = odoo.registry(get_db_name())
        with (
            registry.cursor() as cr_job,
            registry.cursor() as cr_a,
            patch.object(threading.current_thread(), "testing", False, create=True),
        ):
            env_job = api.Environment(cr_job, SUPERUSER_ID, {})
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            lang = env_a["res.lang"].search([], limit=1)
            cr_job.execute("SELECT 1")  # the job's snapshot starts
            first = env_a["gpme.journal"]._gpme_log("delete", lang, reason="A")
            cr_a.commit()
            with read_committed_env(env_job) as env:
                self.assertIsNot(env.cr, cr_job)
                sealed = env["gpme.journal"]._gpme_log("delete", lang, reason="seal")
                sequence, previous = sealed.sequence, sealed.previous_hash
            self.assertEqual(sequence, first.sequence + 1)
            self.assertEqual(previous, first.entry_hash)
            # Committed by the helper: a new transaction of the job sees it.
            cr_job.rollback()
            self.assertTrue(env_job["gpme.journal"]._gpme_verify_chain()["ok"])
            last = env_job["gpme.journal"].search([], order="sequence desc", limit=1)
            self.assertEqual(last.reason, "seal")
