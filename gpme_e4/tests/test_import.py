from odoo.tests.common import TransactionCase, new_test_user

from .common import exam_session


class TestStudentImport(TransactionCase):
    """A class is loaded from a CSV with Odoo's standard import."""

    def test_import_students_csv(self):
        cohort = self.env["gpme.cohort"].create(
            {
                "name": "BTS GPME 2026-2028",
                "exam_session_id": exam_session(self.env, 2028).id,
            }
        )
        admin = new_test_user(
            self.env, login="gpme_import_admin", groups="gpme_e4.group_admin"
        )
        csv = (
            "name,login,email,class\n"
            "Inès Moreau,ines.moreau,ines.moreau@example.com,BTS GPME 2026-2028\n"
            "Yanis Petit,yanis.petit,yanis.petit@example.com,BTS GPME 2026-2028\n"
            "Chloé Roux,chloe.roux,chloe.roux@example.com,BTS GPME 2026-2028\n"
        ).encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(admin)
            .create(
                {
                    "res_model": "res.users",
                    "file": csv,
                    "file_name": "classe.csv",
                    "file_type": "text/csv",
                }
            )
        )
        options = {"quoting": '"', "separator": ",", "has_headers": True}
        preview = wizard.parse_preview(options)
        self.assertNotIn("error", preview, preview.get("error"))
        result = wizard.execute_import(
            ["name", "login", "email", "gpme_cohort_id"],
            ["name", "login", "email", "class"],
            options,
        )
        self.assertFalse(
            [m for m in result["messages"] if m.get("type") == "error"], result
        )
        students = cohort.student_ids
        self.assertEqual(
            sorted(students.mapped("login")),
            ["chloe.roux", "ines.moreau", "yanis.petit"],
        )
        self.assertTrue(
            all(u.has_group("gpme_e4.group_student") for u in students),
            "imported students get the Student role",
        )
        self.assertEqual(cohort.student_count, 3)

    def test_import_unknown_class_is_refused(self):
        admin = new_test_user(
            self.env, login="gpme_import_admin2", groups="gpme_e4.group_admin"
        )
        csv = b"name,login,class\nZo\xc3\xa9 Blanc,zoe.blanc,Classe inconnue\n"
        wizard = (
            self.env["base_import.import"]
            .with_user(admin)
            .create(
                {
                    "res_model": "res.users",
                    "file": csv,
                    "file_name": "classe.csv",
                    "file_type": "text/csv",
                }
            )
        )
        result = wizard.execute_import(
            ["name", "login", "gpme_cohort_id"],
            ["name", "login", "class"],
            {"quoting": '"', "separator": ",", "has_headers": True},
        )
        self.assertTrue([m for m in result["messages"] if m.get("type") == "error"])
        self.assertFalse(
            self.env["res.users"].search([("login", "=", "zoe.blanc")]),
            "nothing half-imported",
        )
