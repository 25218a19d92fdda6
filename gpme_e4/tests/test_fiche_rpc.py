from xmlrpc.client import Fault

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import new_fiche, setup_fiche_world


@tagged("post_install", "-at_install")
class TestFicheRpc(HttpCase):
    """The same rules hold over XML-RPC with each user's credentials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_fiche_world(cls)

    def _call(self, login, method, ids, *args):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            uid,
            login,
            "gpme.situation",
            method,
            [ids, *args],
            {"context": {"lang": "fr_FR"}},
        )

    def test_review_over_rpc(self):
        fiche = new_fiche(self.env, self.student1)
        self._call("fiche_eleve1", "action_submit", fiche.ids)
        self.assertEqual(fiche.state, "submitted")
        with self.assertRaisesRegex(Fault, "Seul un enseignant"):
            self._call("fiche_eleve1", "action_validate", fiche.ids)
        with self.assertRaises(Fault):
            self._call("fiche_eleve2", "read", fiche.ids, ["name"])
        with self.assertRaises(Fault):
            self._call("fiche_prof_b", "action_validate", fiche.ids)
        with self.assertRaisesRegex(Fault, "Vous ne pouvez pas modifier"):
            self._call("fiche_eleve1", "write", fiche.ids, {"objective": "Après coup"})
        self._call("fiche_prof_a", "action_validate", fiche.ids)
        fiche.invalidate_recordset()
        self.assertEqual(fiche.state, "validated")
