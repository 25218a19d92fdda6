"""Issues 20 and 22: the E4 administrator opens the school's accounts
(« Créer des comptes » and its import), sets the E4 settings on a page of
their own, and picks teachers and commission members from the right people —
as a user holding only the E4 administrator group, with with_user and over
XML-RPC with that login."""

import time
from pathlib import Path
from xmlrpc.client import Fault

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, get_db_name, new_test_user, tagged
from odoo.tools.misc import file_path

from .common import RpcAsUser, exam_session, load_french

TEMPLATE = "/gpme_e4/static/xls/gpme_students_import.xlsx"
# What a refusal to an E4 administrator says (French), and never more.
REFUSED = "jamais ses droits ni son mot de passe"
# What the web client sends with each call.
FRENCH = {"lang": "fr_FR"}


@tagged("post_install", "-at_install")
class TestE4Accounts(RpcAsUser, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        load_french(env)
        cls.school_company = env["res.company"].create({"name": "Lycée Formation"})
        cls.session = exam_session(env, 2028)
        cls.cohort = env["gpme.cohort"].create(
            {
                "name": "BTS GPME 2026-2028",
                "exam_session_id": cls.session.id,
                "company_id": cls.school_company.id,
            }
        )
        cls.admin = new_test_user(
            env, "t_acc_admin", groups="gpme_e4.group_admin", name="Admin E4"
        )
        cls.teacher = new_test_user(
            env, "t_acc_teacher", groups="gpme_e4.group_teacher", name="Prof C"
        )
        cls.student = new_test_user(
            env, "t_acc_student", groups="base.group_user", name="Élève C"
        )
        cls.student.gpme_cohort_id = cls.cohort
        (cls.admin | cls.teacher | cls.student).write({"lang": "fr_FR"})

    def wizard(self, role, lines, cohort=None, user=None):
        return (
            self.env["gpme.account.wizard"]
            .with_user(user or self.admin)
            .create(
                {
                    "role": role,
                    "cohort_id": (cohort or self.cohort).id,
                    "line_ids": [(0, 0, vals) for vals in lines],
                }
            )
        )

    def user(self, login):
        return self.env["res.users"].search([("login", "=", login)])

    # --- « Créer des comptes » ----------------------------------------------
    def test_create_each_role(self):
        self.wizard(
            "student",
            [
                {
                    "name": "Nina Blanc",
                    "login": "nina.blanc",
                    "email": "nina@example.com",
                    "password": "nina-2026!",
                }
            ],
        ).action_create_accounts()
        nina = self.user("nina.blanc")
        self.assertEqual(nina.gpme_cohort_id, self.cohort)
        self.assertTrue(nina.has_group("gpme_e4.group_student"))
        self.assertTrue(nina.has_group("gpme_e4.group_student_pgi"))
        self.assertEqual(nina.company_id, self.school_company)
        self.assertEqual(nina.company_ids, self.school_company)
        self.assertFalse(nina.has_group("gpme_e4.group_teacher"))
        self.assertTrue(
            self.xmlrpc_common.authenticate(
                get_db_name(), "nina.blanc", "nina-2026!", {}
            )
        )
        # The initial password is not kept in the wizard's table.
        self.assertFalse(
            self.env["gpme.account.wizard.line"].search(
                [("login", "=", "nina.blanc"), ("password", "!=", False)]
            )
        )

        self.wizard(
            "teacher", [{"name": "Paul Roy", "login": "paul.roy"}]
        ).action_create_accounts()
        paul = self.user("paul.roy")
        self.assertIn(paul, self.cohort.teacher_ids)
        self.assertTrue(paul.has_group("gpme_e4.group_teacher"))
        self.assertFalse(paul.has_group("gpme_e4.group_student"))
        self.assertFalse(paul.has_group("gpme_e4.group_student_pgi"))
        self.assertEqual(paul.company_ids, self.school_company)

        self.wizard(
            "commission", [{"name": "Anne Pro", "login": "anne.pro"}]
        ).action_create_accounts()
        anne = self.user("anne.pro")
        self.assertTrue(anne.has_group("gpme_e4.group_commission"))
        self.assertIn(anne, self.session.member_ids.user_id)
        self.assertEqual(anne.notification_type, "inbox")
        for user in (nina, paul, anne):
            for xmlid in (
                "base.group_system",
                "base.group_erp_manager",
                "gpme_e4.group_admin",
            ):
                self.assertFalse(user.has_group(xmlid), (user.login, xmlid))

    def test_wizard_checks_before_writing(self):
        cases = [
            ("student", [{"name": "A", "login": "t_acc_student"}], "déjà utilisé"),
            (
                "student",
                [{"name": "A", "login": "a.a"}, {"name": "B", "login": "a.a"}],
                "même identifiant",
            ),
            (
                "student",
                [{"name": "A", "login": "a.b", "email": "pas un mail"}],
                "Adresse e-mail",
            ),
            ("student", [], "Comptes"),
        ]
        for role, lines, message in cases:
            wizard = self.wizard(role, lines)
            with self.assertRaises(ValidationError) as refused:
                wizard.action_create_accounts()
            self.assertIn(message, str(refused.exception))
        # A student needs a class.
        wizard = (
            self.env["gpme.account.wizard"]
            .with_user(self.admin)
            .create(
                {"role": "student", "line_ids": [(0, 0, {"name": "X", "login": "x.x"})]}
            )
        )
        with self.assertRaises(ValidationError) as refused:
            wizard.action_create_accounts()
        self.assertIn("Classe", str(refused.exception))
        self.assertFalse(self.user("a.a") | self.user("a.b") | self.user("x.x"))
        # Nobody but an E4 administrator opens accounts.
        with self.assertRaises(AccessError):
            self.wizard("student", [], user=self.teacher)

    def test_wizard_over_rpc(self):
        wizard_id = self.rpc(
            self.admin,
            "gpme.account.wizard",
            "create",
            {
                "role": "student",
                "cohort_id": self.cohort.id,
                "line_ids": [(0, 0, {"name": "Léo Vidal", "login": "leo.vidal"})],
            },
        )
        self.rpc(
            self.admin, "gpme.account.wizard", "action_create_accounts", [wizard_id]
        )
        leo = self.user("leo.vidal")
        self.assertTrue(leo.has_group("gpme_e4.group_student_pgi"))
        self.assertEqual(leo.company_id, self.school_company)

    def test_no_escalation_over_rpc(self):
        """Settings, access rights, technical groups, the passwords of others
        and the system parameters: refused, in French, naming nothing."""
        admin = self.admin
        groups = [
            self.env.ref(xmlid)
            for xmlid in (
                "base.group_system",
                "base.group_erp_manager",
                "base.group_no_one",
            )
        ]
        admin_groups = admin.groups_id
        student_groups = self.student.groups_id
        attempts = []
        for group in groups:
            attempts += [
                ("res.users", "write", [admin.id], {"groups_id": [(4, group.id)]}),
                (
                    "res.users",
                    "write",
                    [self.student.id],
                    {"groups_id": [(4, group.id)]},
                ),
                (
                    "res.users",
                    "create",
                    {"name": "Intrus", "login": "intrus", "groups_id": [(4, group.id)]},
                ),
                (
                    "gpme.account.wizard",
                    "create",
                    {
                        "role": "teacher",
                        "cohort_id": self.cohort.id,
                        "groups_id": [(4, group.id)],
                    },
                ),
                (
                    "gpme.account.wizard",
                    "create",
                    {
                        "role": "teacher",
                        "cohort_id": self.cohort.id,
                        "line_ids": [
                            (
                                0,
                                0,
                                {
                                    "name": "I",
                                    "login": "intrus",
                                    "groups_id": [(4, group.id)],
                                },
                            )
                        ],
                    },
                ),
            ]
        attempts += [
            ("res.users", "write", [self.student.id], {"password": "pris"}),
            ("res.users", "write", [self.teacher.id], {"password": "pris"}),
            ("res.users", "write", [self.student.id], {"company_ids": [(4, 1)]}),
        ]
        for model, method, *args in attempts:
            with self.assertRaises(Fault, msg=f"{model}.{method} {args}") as refused:
                self.rpc(admin, model, method, *args, context=FRENCH)
            message = refused.exception.faultString
            self.assertIn(REFUSED, message, message)
            self.assertNotIn("Traceback", message)
        # System parameters: Odoo's own refusal, in French, no value.
        for method, args in (
            ("search_read", ([], ["key", "value"])),
            ("get_param", ("database.secret",)),
        ):
            with self.assertRaises(Fault) as refused:
                self.rpc(admin, "ir.config_parameter", method, *args, context=FRENCH)
            message = refused.exception.faultString
            self.assertIn("autorisé", message)
            self.assertNotIn("Traceback", message)
            secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
            self.assertNotIn(secret, message)
        # Nothing changed (Odoo 16 gives every internal user the technical
        # features: compare with before).
        self.assertEqual(admin.groups_id, admin_groups)
        self.assertEqual(self.student.groups_id, student_groups)
        self.assertFalse(self.user("intrus"))
        self.assertTrue(
            self.xmlrpc_common.authenticate(
                get_db_name(), self.student.login, self.student.login, {}
            )
        )

    # --- import -----------------------------------------------------------
    def test_import_template_on_screen_and_imported_as_is(self):
        Users = self.env["res.users"].with_user(self.admin)
        templates = Users.with_context(gpme_students_import=1).get_import_templates()
        self.assertEqual([t["template"] for t in templates], [TEMPLATE])
        self.assertEqual(templates[0]["label"], "Modèle d'import des élèves")
        # Not on Odoo's own Users list.
        self.assertFalse(Users.get_import_templates())
        response = self.url_open(TEMPLATE)
        self.assertEqual(response.status_code, 200)
        content = Path(file_path(TEMPLATE.lstrip("/"))).read_bytes()
        self.assertEqual(response.content, content)
        # The template, as downloaded, imported by the E4 administrator with
        # the columns Odoo matches by itself.
        importer = (
            self.env["base_import.import"]
            .with_user(self.admin)
            .with_context(lang="fr_FR")
            .create(
                {
                    "res_model": "res.users",
                    "file": content,
                    "file_name": "gpme_students_import.xlsx",
                    "file_type": (
                        "application/vnd.openxmlformats-officedocument."
                        "spreadsheetml.sheet"
                    ),
                }
            )
        )
        options = {"has_headers": True, "quoting": '"', "separator": ","}
        preview = importer.parse_preview(options)
        self.assertNotIn("error", preview, preview.get("error"))
        fields = [
            (preview["matches"] or {}).get(i, [False])[0]
            for i in range(len(preview["headers"]))
        ]
        self.assertEqual(fields, ["name", "login", "email", "gpme_cohort_id"])
        result = importer.execute_import(fields, preview["headers"], options)
        self.assertFalse(
            [m for m in result["messages"] if m.get("type") == "error"], result
        )
        students = self.cohort.student_ids - self.student
        self.assertEqual(
            sorted(students.mapped("login")), ["ines.moreau", "yanis.petit"]
        )
        for student in students:
            self.assertEqual(student.company_id, self.school_company)
            self.assertEqual(student.company_ids, self.school_company)
            self.assertTrue(student.has_group("gpme_e4.group_student_pgi"))

    def test_csv_import_by_the_system_administrator(self):
        """Odoo's administrator imports a class too: the students land in the
        class's company, with the PGI group (not in Odoo's first company)."""
        csv = ("name,login,class\nZoé Blanc,zoe.blanc,BTS GPME 2026-2028\n").encode()
        importer = (
            self.env["base_import.import"]
            .with_user(self.env.ref("base.user_admin"))
            .create(
                {
                    "res_model": "res.users",
                    "file": csv,
                    "file_name": "classe.csv",
                    "file_type": "text/csv",
                }
            )
        )
        result = importer.execute_import(
            ["name", "login", "gpme_cohort_id"],
            ["name", "login", "class"],
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        self.assertFalse(
            [m for m in result["messages"] if m.get("type") == "error"], result
        )
        zoe = self.user("zoe.blanc")
        self.assertEqual(zoe.company_id, self.school_company)
        self.assertIn(self.school_company, zoe.company_ids)
        self.assertTrue(zoe.has_group("gpme_e4.group_student_pgi"))

    # --- the E4 settings page ---------------------------------------------
    def test_settings_page_saved_by_the_e4_admin_over_rpc(self):
        school = self.env["res.partner"].create(
            {"name": "Lycée Jean Moulin", "is_company": True}
        )
        defaults = self.rpc(
            self.admin,
            "gpme.settings",
            "default_get",
            [
                "letterhead",
                "school_partner_id",
                "multi_kind_counts",
                "attachment_max_mb",
            ],
        )
        self.assertEqual(defaults["letterhead"], "company")
        self.assertEqual(defaults["attachment_max_mb"], 20)
        settings_id = self.rpc(
            self.admin,
            "gpme.settings",
            "create",
            dict(
                defaults,
                letterhead="school",
                school_partner_id=school.id,
                multi_kind_counts="one",
                attachment_max_mb=8,
            ),
        )
        started = time.perf_counter()
        self.rpc(self.admin, "gpme.settings", "action_save", [settings_id])
        elapsed = time.perf_counter() - started
        # Issue 22 aims at 0.5 s; generous on a loaded machine.
        self.assertLess(elapsed, 2.0)
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("gpme_e4.letterhead"), "school")
        self.assertEqual(params.get_param("gpme_e4.school_partner_id"), str(school.id))
        self.assertEqual(params.get_param("gpme_e4.multi_kind_counts"), "one")
        self.assertEqual(params.get_param("gpme_e4.attachment_max_mb"), "8")
        # What reads them follows.
        self.assertEqual(self.env["ir.actions.report"]._gpme_school(), school)
        # Still no system parameter for the E4 administrator, nor Odoo's
        # general settings.
        with self.assertRaises(Fault):
            self.rpc(self.admin, "ir.config_parameter", "search_read", [], ["value"])
        with self.assertRaises(Fault):
            self.rpc(self.admin, "res.config.settings", "create", {})
        # A bad size named in French, nothing written.
        with self.assertRaises(ValidationError) as refused:
            self.env["gpme.settings"].with_user(self.admin).create(
                {
                    "letterhead": "company",
                    "multi_kind_counts": "several",
                    "attachment_max_mb": 0,
                }
            ).action_save()
        self.assertIn("Plus gros fichier joint", str(refused.exception))
        self.assertEqual(params.get_param("gpme_e4.attachment_max_mb"), "8")
        # Teachers and students do not open it.
        for user in (self.teacher, self.student):
            with self.assertRaises(AccessError):
                self.env["gpme.settings"].with_user(user).default_get(["letterhead"])

    # --- pickers and the dashboard ----------------------------------------
    def test_pickers(self):
        Users = self.env["res.users"].with_user(self.admin)
        member_domain = (
            self.env["gpme.exam.session.member"]
            ._fields["user_id"]
            .get_domain_list(self.env["gpme.exam.session.member"])
        )
        members = Users.search(member_domain)
        self.assertIn(self.teacher, members)
        self.assertNotIn(self.student, members)
        Cohort = self.env["gpme.cohort"]
        teacher_domain = Cohort._fields["teacher_ids"].get_domain_list(Cohort)
        teachers = Users.search(teacher_domain)
        self.assertIn(self.teacher, teachers)
        self.assertNotIn(self.student, teachers)
        # A teacher chosen for a commission becomes a commission member.
        self.env["gpme.exam.session.member"].with_user(self.admin).create(
            {"session_id": self.session.id, "user_id": self.teacher.id}
        )
        self.assertTrue(self.teacher.has_group("gpme_e4.group_commission"))

    def test_dashboard_remembers_the_last_class(self):
        other = self.env["gpme.cohort"].create(
            {"name": "BTS GPME autre", "exam_session_id": self.session.id}
        )
        (self.cohort | other).write({"teacher_ids": [(4, self.teacher.id)]})
        Dashboard = self.env["gpme.dashboard"].with_user(self.teacher)
        first = Dashboard.get_dashboard()["cohort_id"]
        chosen = (self.cohort | other).filtered(lambda c: c.id != first)
        Dashboard.get_dashboard(chosen.id)
        self.assertEqual(Dashboard.get_dashboard()["cohort_id"], chosen.id)
        # Not another user's choice.
        self.assertEqual(
            self.env["gpme.dashboard"]
            .with_user(self.admin)
            .get_dashboard()["cohort_id"],
            self.env["gpme.cohort"].with_user(self.admin).search([])[:1].id,
        )
        # A class no longer taught is forgotten.
        chosen.write({"teacher_ids": [(3, self.teacher.id)]})
        self.assertEqual(Dashboard.get_dashboard()["cohort_id"], first)

    def test_screens_open_for_the_e4_admin(self):
        """The two screens load for the E4 administrator (views, defaults)
        and sit in the E4 app's Configuration menu, not for teachers."""
        for model in ("gpme.account.wizard", "gpme.settings"):
            Model = self.env[model].with_user(self.admin).with_context(lang="fr_FR")
            views = Model.get_views([(False, "form")])
            self.assertTrue(views["views"]["form"]["arch"], model)
            Model.onchange({}, [], dict.fromkeys(Model._fields, ""))
        menus = self.env["ir.ui.menu"].with_user(self.admin).load_menus(False)
        for xmlid in (
            "gpme_e4.menu_config_e4_settings",
            "gpme_e4.menu_config_create_accounts",
        ):
            menu = self.env.ref(xmlid)
            self.assertIn(menu.id, menus, xmlid)
            self.assertEqual(menu.parent_id, self.env.ref("gpme_e4.menu_config"))
            self.assertNotIn(
                menu.id,
                self.env["ir.ui.menu"].with_user(self.teacher).load_menus(False),
            )
