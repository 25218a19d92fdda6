"""Two real transactions logging at once cannot fork the E4 journal: the
second waits for the first and chains after it. The entries are committed
(the journal is append-only: they stay, chained like any other)."""

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


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
