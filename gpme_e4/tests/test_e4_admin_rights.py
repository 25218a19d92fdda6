"""Issue 20: an E4 administrator is not a system administrator. Over
XML-RPC with the login of an account holding only the E4 administrator
group: no password of others, no Settings or technical group, no system
parameter; classes, sessions and student accounts stay theirs."""

from xmlrpc.client import Fault

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common import DossierFixtures, RpcAsUser


@tagged("post_install", "-at_install")
class TestE4AdminRights(RpcAsUser, DossierFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()

    def test_group_implies_no_system_right(self):
        admin_group = self.env.ref("gpme_e4.group_admin")
        implied = admin_group.trans_implied_ids
        for xmlid in ("base.group_erp_manager", "base.group_system"):
            self.assertNotIn(self.env.ref(xmlid), implied, xmlid)
            self.assertFalse(self.admin.has_group(xmlid), xmlid)

    def test_no_escalation_over_rpc(self):
        admin = self.admin
        system = self.env.ref("base.group_system")
        attempts = [
            ("res.users", "write", [self.student.id], {"password": "pris"}),
            ("res.users", "write", [self.teacher.id], {"password": "pris"}),
            ("res.users", "write", [admin.id], {"groups_id": [(4, system.id)]}),
            ("res.users", "write", [self.student.id], {"groups_id": [(4, system.id)]}),
            (
                "res.groups",
                "write",
                [system.id],
                {"users": [(4, admin.id)]},
            ),
            (
                "res.users",
                "create",
                {"name": "Intrus", "login": "intrus", "groups_id": [(4, system.id)]},
            ),
            ("ir.config_parameter", "search_read", [], ["key", "value"]),
            ("ir.config_parameter", "get_param", "database.secret"),
        ]
        for model, method, *args in attempts:
            with self.assertRaises(Fault, msg=f"{model}.{method} {args}"):
                self.rpc(admin, model, method, *args)
        # Still nobody's password changed, nobody a system administrator.
        self.assertFalse(admin.has_group("base.group_system"))
        self.assertTrue(
            self.xmlrpc_common.authenticate(
                get_db_name(), self.student.login, self.student.login, {}
            )
        )
        self.assertFalse(self.env["res.users"].search([("login", "=", "intrus")]))

    def test_classes_and_student_accounts_stay_theirs(self):
        admin = self.admin
        session_id = self.cohort.exam_session_id.id
        cohort_id = self.rpc(
            admin,
            "gpme.cohort",
            "create",
            {"name": "T-BTS GPME C", "exam_session_id": session_id},
        )
        user_id = self.rpc(
            admin,
            "res.users",
            "create",
            {"name": "Nina Blanc", "login": "nina.blanc", "gpme_cohort_id": cohort_id},
        )
        student = self.env["res.users"].browse(user_id)
        self.assertTrue(student.has_group("gpme_e4.group_student"))
        self.assertTrue(student.has_group("gpme_e4.group_student_pgi"))
        self.assertFalse(student.has_group("base.group_erp_manager"))
        cohort = self.env["gpme.cohort"].browse(cohort_id)
        self.assertEqual(student.company_ids, cohort.company_id)
        # Moving a student to another class, naming the class's teacher.
        other = new_test_user(self.env, "t_admin_rights_student", name="Élève C")
        self.rpc(admin, "res.users", "write", [other.id], {"gpme_cohort_id": cohort_id})
        self.assertTrue(other.has_group("gpme_e4.group_student"))
        self.rpc(
            admin,
            "gpme.cohort",
            "write",
            [cohort_id],
            {"teacher_ids": [(4, self.other_teacher.id)]},
        )
        # Not the accounts of administrators.
        with self.assertRaises(Fault):
            self.rpc(
                admin,
                "res.users",
                "write",
                [self.env.ref("base.user_admin").id],
                {"login": "pris"},
            )

    def test_upgrade_takes_the_access_rights_group_back(self):
        manager = self.env.ref("base.group_erp_manager")
        admin_group = self.env.ref("gpme_e4.group_admin")
        # The state an earlier version left.
        admin_group.write({"implied_ids": [(4, manager.id)]})
        self.assertTrue(self.admin.has_group("base.group_erp_manager"))
        self.env["res.users"]._gpme_drop_system_rights_of_e4_admins()
        self.admin.invalidate_recordset()
        self.env.registry.clear_caches()
        self.assertNotIn(manager, admin_group.implied_ids)
        self.assertFalse(self.admin.has_group("base.group_erp_manager"))
        # System administrators keep theirs.
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("base.group_erp_manager")
        )

    def test_one_admin_check(self):
        """The settings page, the accounts wizard and the granting of the E4
        roles admit the same callers (services/access.py): an E4
        administrator and Odoo's access-rights manager; anyone else gets a
        French refusal saying what only an administrator does."""
        manager = new_test_user(
            self.env, "t_admin_rights_manager", groups="base.group_erp_manager"
        )
        self.assertIn(
            "letterhead",
            self.env["gpme.settings"].with_user(self.admin).default_get(["letterhead"]),
        )
        self.assertTrue(
            self.env["gpme.account.wizard"]
            .with_user(self.admin)
            .create({"role": "teacher"})
        )
        # The access-rights manager passes the same check (the two models'
        # access rights remain the E4 administrator's).
        for user in (self.admin, manager):
            self.env["gpme.settings"].with_user(user)._gpme_check_caller()
            self.env["gpme.account.wizard"].with_user(user)._gpme_check_caller()
            self.env["res.users"].with_user(user)._gpme_check_grant()
        refusals = [
            (
                lambda users: users.env["gpme.settings"].default_get(["letterhead"]),
                "Seul un administrateur E4 modifie les paramètres E4.",
            ),
            (
                lambda users: users.env["gpme.account.wizard"].create(
                    {"role": "teacher"}
                ),
                "Seul un administrateur E4 crée des comptes.",
            ),
            (
                lambda users: users._gpme_check_grant(),
                "Seul un administrateur attribue les rôles E4.",
            ),
        ]
        for user in (self.teacher, self.student):
            users = self.env["res.users"].with_user(user).with_context(lang="fr_FR")
            for call, message in refusals:
                with self.assertRaises(AccessError) as refused:
                    call(users)
                self.assertEqual(str(refused.exception), message)
