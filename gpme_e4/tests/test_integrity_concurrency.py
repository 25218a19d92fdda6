"""Two real transactions at once (issue 8): fiche codes stay distinct and a
tag never lands in a dossier handed in meanwhile. Data is committed, so the
test cleans up after itself."""

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import exam_session


@tagged("post_install", "-at_install")
class TestIntegrityConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.registry = odoo.registry(get_db_name())
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cohort = env["gpme.cohort"].create(
                {"name": "T-concurrence", "exam_session_id": exam_session(env, 2027).id}
            )
            student = env["res.users"].create(
                {
                    "name": "Élève concurrence",
                    "login": "t_concurrency_student",
                    "groups_id": [(6, 0, env.ref("gpme_e4.group_student").ids)],
                    "gpme_cohort_id": cohort.id,
                }
            )
            dossier = env["gpme.dossier"].create(
                {"student_id": student.id, "cohort_id": cohort.id}
            )
            fiche = env["gpme.situation"].create(
                {"dossier_id": dossier.id, "name": "Déjà là"}
            )
            partner = env["res.partner"].create({"name": "Client concurrence"})
            self.ids = {
                "cohort": cohort.id,
                "student": student.id,
                "dossier": dossier.id,
                "fiche": fiche.id,
                "partner": partner.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            # The dossier may be handed in by now: its deletion needs a reason.
            env = api.Environment(
                cr, SUPERUSER_ID, {"gpme_deletion_reason": "Nettoyage du test"}
            )
            dossier = env["gpme.dossier"].browse(self.ids["dossier"])
            dossier.situation_ids.unlink()
            dossier.unlink()
            env["res.users"].browse(self.ids["student"]).unlink()
            env["gpme.cohort"].browse(self.ids["cohort"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _two_cursors(self):
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        self.addCleanup(cr1.close)
        self.addCleanup(cr2.close)
        # Both transactions see the database as it is now.
        cr1.execute("SELECT 1")
        cr2.execute("SELECT 1")
        return cr1, cr2

    def test_two_fiches_at_once_get_distinct_codes(self):
        cr1, cr2 = self._two_cursors()
        uid = self.ids["student"]
        vals = {"dossier_id": self.ids["dossier"], "name": "Nouvelle"}
        env1 = api.Environment(cr1, uid, {})
        env2 = api.Environment(cr2, uid, {})
        first = env1["gpme.situation"].create(vals)
        self.assertEqual(first.code, "SP2")
        cr1.commit()
        # The second one, started before, cannot reuse SP2: it fails as a
        # serialization error, which the server retries.
        with (
            self.assertRaises(psycopg2.errors.SerializationFailure),
            mute_logger("odoo.sql_db"),
        ):
            env2["gpme.situation"].create(vals)
        cr2.rollback()
        env2 = api.Environment(cr2, uid, {})
        second = env2["gpme.situation"].create(vals)
        cr2.commit()
        self.assertEqual(second.code, "SP3")

    def test_tag_racing_a_submission_never_lands(self):
        cr1, cr2 = self._two_cursors()
        env1 = api.Environment(cr1, SUPERUSER_ID, {})
        env2 = api.Environment(cr2, self.ids["student"], {})
        # The submission holds the dossier from its first step
        # (action_submit: _gpme_lock_rows, then snapshots, then the state).
        dossier = env1["gpme.dossier"].browse(self.ids["dossier"])
        dossier._gpme_lock_rows()
        dossier.write({"state": "submitted"})
        cr1.commit()
        tag = {
            "situation_id": self.ids["fiche"],
            "res_model": "res.partner",
            "res_id": self.ids["partner"],
        }
        with (
            self.assertRaises(psycopg2.errors.SerializationFailure),
            mute_logger("odoo.sql_db"),
        ):
            env2["gpme.evidence"].create(tag)
        cr2.rollback()
        # Retried by the server on fresh data: refused, the dossier is locked.
        env2 = api.Environment(cr2, self.ids["student"], {})
        with self.assertRaises(UserError):
            env2["gpme.evidence"].create(tag)
        cr2.rollback()
        self.assertFalse(
            env2["gpme.evidence"]
            .sudo()
            .search([("dossier_id", "=", self.ids["dossier"])])
        )
