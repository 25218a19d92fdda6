"""The teacher's dashboard and the student's home on the demo class, as each
role sees them (with_user and over RPC)."""

from xmlrpc.client import Fault

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, get_db_name, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDashboard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cohort = cls.env.ref("gpme_e4_demo.demo_cohort")
        cls.teacher = cls.env.ref("gpme_e4_demo.demo_user_teacher")
        cls.lea = cls.env.ref("gpme_e4_demo.demo_user_student1")
        cls.hugo = cls.env.ref("gpme_e4_demo.demo_user_student2")
        cls.ines = cls.env.ref("gpme_e4_demo.demo_user_student3")
        cls.Dashboard = cls.env["gpme.dashboard"].with_context(lang="fr_FR")

    def test_teacher_sees_every_student_of_the_class(self):
        data = self.Dashboard.with_user(self.teacher).get_dashboard()
        self.assertEqual(data["cohort_id"], self.cohort.id)
        rows = {r["student"]: r for r in data["rows"]}
        self.assertEqual(set(rows), set(self.cohort.student_ids.mapped("name")))
        activities = {a["code"]: str(a["id"]) for a in data["activities"]}
        lea = rows[self.lea.name]
        self.assertTrue(lea["conform"])
        self.assertEqual(lea["validated"], 6)
        self.assertTrue(all(lea["activities"][a] >= 1 for a in activities.values()))
        self.assertEqual(lea["kinds"], {"grcf": 2, "oral": 2, "written": 2})
        self.assertTrue(lea["last_review"])
        hugo = rows[self.hugo.name]
        self.assertEqual((hugo["waiting"], hugo["to_rework"]), (1, 1))
        self.assertFalse(hugo["conform"])
        self.assertEqual(hugo["activities"][activities["1.6"]], 0)
        self.assertEqual(data["quotas"]["total"], 6)
        # Students who never logged in are there too, with an empty row.
        yanis = rows["Yanis Girard"]
        self.assertEqual(yanis["validated"], 0)
        self.assertFalse(yanis["last_review"])

    def test_other_teacher_and_student_see_nothing_of_the_class(self):
        stranger = new_test_user(
            self.env, "dash_stranger", groups="gpme_e4.group_teacher"
        )
        data = self.Dashboard.with_user(stranger).get_dashboard()
        self.assertEqual((data["cohorts"], data["rows"]), ([], []))
        with self.assertRaises(AccessError):
            self.Dashboard.with_user(stranger).get_dashboard(self.cohort.id)
        with self.assertRaises(AccessError):
            self.Dashboard.with_user(self.lea).get_dashboard(self.cohort.id)

    def test_student_home(self):
        home = self.Dashboard.with_user(self.lea).get_student_home()
        self.assertEqual(home["dossier"]["student"], self.lea.name)
        self.assertTrue(home["dossier"]["conform"])
        # Léa handed hers in: the home says so, and asks nothing more of her.
        self.assertEqual(len(home["dossier"]["next_actions"]), 1)
        self.assertIn("Dossier déposé le", home["dossier"]["next_actions"][0])
        ines = self.Dashboard.with_user(self.ines).get_student_home()["dossier"]
        text = " ".join(ines["next_actions"])
        self.assertIn("1.6", text)
        # One draft: the sentence is singular (« complétez-la »), not « fiche(s) ».
        self.assertIn("1 fiche en brouillon : complétez-la et déposez-la.", text)
        self.assertNotIn("(s)", text)
        hugo = self.Dashboard.with_user(self.hugo).get_student_home()["dossier"]
        self.assertIn("renvoyée", hugo["next_actions"][0])

    def test_queries_do_not_grow_with_the_students(self):
        dossiers = self.env["gpme.dossier"].search([("cohort_id", "=", self.cohort.id)])
        counts = []
        self.Dashboard._rows(dossiers)  # registry caches warm
        for subset in (dossiers[:1], dossiers):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.Dashboard._rows(subset)
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1], counts)


@tagged("post_install", "-at_install")
class TestDashboardRpc(HttpCase):
    def test_teacher_and_student_over_rpc(self):
        db = get_db_name()
        uid = self.xmlrpc_common.authenticate(db, "prof", "prof", {})
        data = self.xmlrpc_object.execute_kw(
            db, uid, "prof", "gpme.dashboard", "get_dashboard", [], {}
        )
        self.assertEqual(len(data["rows"]), 4)
        uid = self.xmlrpc_common.authenticate(db, "eleve1", "eleve1", {})
        home = self.xmlrpc_object.execute_kw(
            db, uid, "eleve1", "gpme.dashboard", "get_student_home", [], {}
        )
        self.assertEqual(home["dossier"]["student"], "Léa Dubois")
        cohort = self.env.ref("gpme_e4_demo.demo_cohort").id
        with self.assertRaises(Fault):
            self.xmlrpc_object.execute_kw(
                db, uid, "eleve1", "gpme.dashboard", "get_dashboard", [cohort], {}
            )
