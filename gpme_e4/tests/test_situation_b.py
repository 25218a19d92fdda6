"""Situation B in order (CCF): after grid A is signed, inside the session's
window unless an administrator opens an exception (logged with its reason);
grid B signed by a teacher of the class, a professional only in addition;
the fiches de travail and grid B name the commission, the date, the start
time and the exam centre."""

from datetime import date, datetime

from lxml import html as lxml_html

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import EvaluationFixtures, load_french


def html_text(content):
    return " ".join(lxml_html.fromstring(content).text_content().split())


@tagged("post_install", "-at_install")
class TestSituationB(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        load_french(cls.env)
        cls.evaluation.with_user(cls.commission).action_confirm_conformity()
        cls.professional = cls.env["res.users"].create(
            {
                "name": "Paul Pro",
                "login": "t_b_pro",
                "email": "paul.pro@example.com",
                "groups_id": [(6, 0, cls.env.ref("gpme_e4.group_commission").ids)],
            }
        )
        cls.e4_session.member_ids = [
            (0, 0, {"user_id": cls.professional.id, "role": "professional"})
        ]
        cls.dossier.sudo().commission_user_ids = [(4, cls.professional.id)]

    def fr(self, record):
        return record.with_context(lang="fr_FR")

    def test_b_follows_a_inside_its_window(self):
        jury = self.fr(self.evaluation.with_user(self.commission))
        with self.assertRaisesRegex(UserError, "la grille A doit d'abord être signée"):
            jury.action_draw()
        self.sign_grid_a(self.evaluation)
        # A window already past (explicit dates): refused, dates named.
        self.e4_session.write(
            {
                "situation_b_start": date(2026, 5, 4),
                "situation_b_end": date(2026, 5, 22),
            }
        )
        with self.assertRaisesRegex(UserError, "du 04/05/2026 au 22/05/2026"):
            jury.action_draw()
        with self.assertRaises(UserError):
            jury.action_start_timer()
        self.assertFalse(self.evaluation.work_sheet_ids)
        # Only an administrator opens an exception, with a reason.
        with self.assertRaises(AccessError):
            jury.action_allow_situation_b("Candidat malade")
        admin = self.fr(self.evaluation.with_user(self.admin))
        with self.assertRaises(UserError):
            admin.action_allow_situation_b("  ")
        self.assertFalse(self.evaluation.b_exception)
        admin.action_allow_situation_b("Candidat malade le 12 mai")
        self.assertIn("Candidat malade le 12 mai", self.evaluation.message_ids[0].body)
        jury.action_draw()
        self.assertEqual(len(self.evaluation.work_sheet_ids), 2)

    def test_grid_b_wants_a_teacher_of_the_class(self):
        self.sign_grid_a(self.evaluation)
        self.fill_grid(self.evaluation, "B", user=self.teacher)
        self.evaluation.with_user(self.professional).action_sign_b()
        admin = self.fr(self.evaluation.with_user(self.admin))
        with self.assertRaisesRegex(UserError, "un professionnel ne signe qu'en plus"):
            admin.action_publish()
        self.assertFalse(self.evaluation.published)
        self.evaluation.with_user(self.teacher).action_sign_b()
        admin.action_publish()
        self.assertTrue(self.evaluation.published)
        roles = self.evaluation.signature_ids.filtered(lambda s: s.grid == "B")
        self.assertEqual(set(roles.mapped("role")), {"professional", "teacher"})

    def test_printed_commission_date_time_and_centre(self):
        self.e4_session.exam_centre = "Lycée du Parc, Lyon"
        self.commission.tz = "Europe/Paris"
        self.sign_grid_a(self.evaluation)
        self.evaluation.with_user(self.commission).write(
            {"b_date": datetime(2027, 5, 18, 7, 30)}  # 9:30 in Lyon
        )
        self.evaluation.with_user(self.commission).action_draw()
        for xmlid in ("action_report_gpme_work_sheet", "action_report_gpme_grids"):
            report = self.env.ref(f"gpme_e4.{xmlid}").with_user(self.commission)
            text = html_text(
                report._render_qweb_html(report.report_name, self.evaluation.ids)[0]
            )
            for expected in (
                "Lycée du Parc, Lyon",
                "18/05/2027",
                "09:30",
                self.commission.name,
                "Paul Pro (Professionnel)",
            ):
                self.assertIn(expected, text, xmlid)

    def test_nv_declared_by_a_member_of_the_commission(self):
        """The notification (V-1) is « constaté par » the member who
        declares: an administrator outside the commission cannot."""
        self.evaluation.sudo().write(
            {"synoptic_attested": False, "conformity": "pending"}
        )
        with self.assertRaises(AccessError):
            self.evaluation.with_user(self.admin).action_declare_nv("unsigned")
        self.assertEqual(self.evaluation.conformity, "pending")
        self.evaluation.with_user(self.commission).action_declare_nv("unsigned")
        self.assertEqual(self.evaluation.conformity_user_id, self.commission)
