"""The commission's PDFs, each rendered once with the patched wkhtmltopdf and
read back with pdftotext: V-1 notification, fiches de travail, grids, mark
proposal, session recap. Set GPME_PDF_DIR to keep the files and look at them."""

import html
import io
import os
import random
import re
import shutil
import zipfile
from datetime import datetime
from itertools import groupby

from freezegun import freeze_time

from odoo.addons.base.models.ir_qweb import QWebException
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tests.common import new_test_user

from .common import EvaluationFixtures, assert_styled_pdf, pdf_text, styled_pdfs

REPORTS = {
    "notification": "gpme_e4.action_report_gpme_nv_notification",
    "work_sheets": "gpme_e4.action_report_gpme_work_sheet",
    "grids": "gpme_e4.action_report_gpme_grids",
    "proposal": "gpme_e4.action_report_gpme_mark_proposal",
    "recap": "gpme_e4.action_report_gpme_evaluation_recap",
}


INDICATIVE = "Grille indicative établie d'après le référentiel"


def fr_points(value):
    return ("%.2f" % value).replace(".", ",")


@tagged("post_install", "-at_install")
class TestEvaluationReport(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        jury = cls.commission
        evaluation = cls.evaluation.with_user(jury)
        evaluation.action_confirm_conformity()
        cls.fill_grid(cls.evaluation, "A", "well_mastered", user=cls.teacher)
        cls.evaluation.with_user(cls.teacher).write(
            {"tutor_name": "Mme Tuteur", "comment_a": "Bilans réguliers et solides."}
        )
        cls.evaluation.with_user(cls.teacher).action_sign_a()
        cls.evaluation.sudo().write(
            {"b_date": datetime(2027, 5, 18, 7, 30), "timer_start": False}
        )
        cls.e4_session.exam_centre = "Lycée du Parc, Lyon"
        evaluation.action_draw(rng=random.Random(3))
        sheets = cls.evaluation.work_sheet_ids
        sheets[0].with_user(jury).write(
            {
                "changes": "Le client demande une remise de 8 % au lieu de 5 %.",
                "productions": "Devis modifié dans le PGI ; tableau de marge.",
            }
        )
        sheets[1].with_user(jury).write(
            {
                "roles": "Le candidat : assistant commercial ; la commission : "
                "le client mécontent.",
                "changes": "Le client menace de résilier son contrat.",
            }
        )
        cls.fill_grid(cls.evaluation, "B", "mastered")
        evaluation.write({"comment_b": "Bonne simulation."})
        evaluation.action_sign_b()
        # A candidate whose dossier was never handed in: NV.
        cls.nv_evaluation = (
            cls.env["gpme.evaluation"]
            .with_user(cls.admin)
            ._gpme_open_for_dossier(cls.other_dossier)
        )
        # After the hand-in deadline (2027-04-15).
        with freeze_time("2027-04-16 09:00:00"):
            cls.nv_evaluation.with_user(cls.other_jury).action_declare_nv(
                "not_handed_in"
            )
        # A candidate of the session not evaluated yet.
        cls.third_student = new_test_user(
            cls.env(su=True),
            "t_report_student3",
            groups="gpme_e4.group_student",
            name="Élève C",
        )
        cls.third_student.gpme_cohort_id = cls.cohort
        cls.make_dossier(cls.third_student)
        cls.pdfs = {}
        keep = os.environ.get("GPME_PDF_DIR")
        # Styled as a user gets them (see styled_pdfs): a TransactionCase's
        # wkhtmltopdf otherwise asks web.base.url, not this test server.
        with styled_pdfs(cls):
            for key, xmlid in REPORTS.items():
                records = {
                    "notification": cls.nv_evaluation,
                    "recap": cls.evaluation | cls.nv_evaluation,
                }.get(key, cls.evaluation)
                user = {"notification": cls.other_jury, "recap": cls.admin}.get(
                    key, cls.commission
                )
                report = (
                    cls.env.ref(xmlid)
                    .with_user(user)
                    .with_context(force_report_rendering=True)
                )
                pdf, kind = report._render_qweb_pdf(report.report_name, records.ids)
                assert kind == "pdf", key
                if keep:
                    os.makedirs(keep, exist_ok=True)
                    with open(os.path.join(keep, f"{key}.pdf"), "wb") as f:
                        f.write(pdf)
                assert_styled_pdf(pdf)
                cls.pdfs[key] = pdf_text(pdf)

    def test_headed_by_the_exam_centre(self):
        """Commission documents: the exam centre heads them, never the
        training company nor Odoo's placeholder company."""
        company = self.env.company.name
        for key, text in self.pdfs.items():
            self.assertIn("Lycée du Parc, Lyon", text, key)
            for placeholder in (company, "YourCompany", "San Francisco"):
                self.assertNotIn(placeholder, text, key)

    def test_notification(self):
        text = self.pdfs["notification"]
        # « Constaté par » the commission member who declared it.
        self.assertRegex(
            text, rf"par\s+{self.other_jury.name},\s+membre\s+de\s+la\s+commission"
        )
        self.assertIn(self.other_student.name, text)
        self.assertIn("NV", text)
        self.assertEqual(text.count("☒"), 1)
        self.assertEqual(text.count("☐"), 3)
        # The official cases in the candidate's language, whoever prints.
        self.assertIn("☒ Absence de dépôt du dossier", text)

    def test_work_sheets(self):
        text = self.pdfs["work_sheets"]
        sheets = self.evaluation.work_sheet_ids
        for sheet in sheets:
            self.assertIn(sheet.situation_id.name, text)
        self.assertIn("remise de 8 %", text)
        self.assertIn("la commission : le client", text)
        self.assertIn("40 minutes", text)

    def test_grids_and_proposal(self):
        for key in ("grids", "proposal"):
            text = self.pdfs[key]
            marked = self.evaluation.line_ids.filtered("max_points").criterion_id
            for criterion in marked:
                self.assertIn(criterion.name[:15], text, key)
            # The bilans' positioning on the critères de performance follows.
            self.assertIn("Critère de performance", text, key)
            self.assertIn("Mme Tuteur", text)
            self.assertIn(self.teacher.name, text)
        # Marks in the French way; the penalties line within grid A.
        self.assertIn(fr_points(self.evaluation.mark) + " / 20", self.pdfs["proposal"])
        self.assertEqual(self.evaluation.total_a, 14)
        self.assertRegex(self.pdfs["grids"], r"Total\s+14,00\s*/\s*14")
        self.assertIn("Pénalités", self.pdfs["grids"])

    def test_grids_under_activity_headings(self):
        """Grid A's lines come activity by activity (its marked rows, then
        its critères de performance), each group once under its heading, the
        penalties last; grid B's under its families. Headings are no lines:
        the totals read the criteria only. The printed grid shows them too."""
        evaluation = self.evaluation.with_context(lang="fr_FR")
        lines = evaluation.line_a_ids
        headings = [key for key, _group in groupby(lines.mapped("grid_heading"))]
        activities = self.env["gpme.activity"].search([])
        self.assertEqual(
            headings,
            [f"{a.code} {a.name}" for a in activities] + ["Composition du dossier"],
        )
        first = lines.filtered(lambda x: x.activity_id == activities[0])
        self.assertEqual(first[:2].mapped("kind"), ["row", "row"])
        self.assertEqual(set(first[2:].mapped("kind")), {"performance"})
        self.assertEqual(lines[-1].kind, "penalty")
        self.assertEqual(
            len(evaluation.line_ids),
            self.env["gpme.grid.criterion"].search_count(
                [("situation", "in", ("A", "B"))]
            ),
        )
        self.assertEqual(evaluation.total_a, 14)
        self.assertEqual(
            [
                key
                for key, _group in groupby(evaluation.line_b_ids.mapped("grid_heading"))
            ],
            ["Critères opérationnels et méthodologiques", "Critères de communication"],
        )
        # Printed in the same order, grid A then grid B.
        text = re.sub(r"\s+", " ", self.pdfs["grids"])
        printed = [text.index(f"{a.code} {a.name[:20]}") for a in activities] + [
            text.index("Composition du dossier"),
            text.index("Critères opérationnels et méthodologiques"),
            text.index("Critères de communication"),
        ]
        self.assertEqual(printed, sorted(printed))
        self.assertLess(text.index("Composition du dossier"), text.index("Pénalités"))

    def test_indicative_grid_printed(self):
        for key in ("grids", "proposal", "recap"):
            self.assertIn(INDICATIVE, self.pdfs[key], key)

    def test_recap(self):
        text = self.pdfs["recap"]
        self.assertIn(self.student.name, text)
        self.assertIn(self.other_student.name, text)
        # Every candidate of the session, evaluated or not.
        self.assertIn(self.third_student.name, text)
        self.assertIn("Pas encore évalué", text)
        self.assertIn(fr_points(self.evaluation.mark) + " / 20", text)

    def test_recap_xlsx(self):
        """The workbook read back: a header and one row per candidate, the
        mark or NV, built by the PDF's data builder."""
        report = self.env.ref("gpme_e4.action_report_gpme_evaluation_recap_xlsx")
        records = self.evaluation | self.nv_evaluation
        content, kind = report.with_user(self.admin)._render_xlsx(
            report.report_name, records.ids, {}
        )
        self.assertEqual(kind, "xlsx")
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            strings = re.findall(
                r"<t[^>]*>([^<]*)</t>", book.read("xl/sharedStrings.xml").decode()
            )
            sheet = book.read("xl/worksheets/sheet1.xml").decode()
        # Header, four candidates, the indicative mention below.
        self.assertEqual(sheet.count("<row "), 5)
        self.assertIn(INDICATIVE, [html.unescape(x) for x in strings])
        self.assertIn(self.third_student.name, strings)
        self.assertIn(self.student.name, strings)
        self.assertIn(self.other_student.name, strings)
        self.assertIn("NV", strings)
        self.assertIn(fr_points(self.evaluation.mark) + " / 20", strings)
        # A member of another session cannot export this session's marks.
        with self.assertRaises(AccessError):
            report.with_user(self.other_jury)._render_xlsx(
                report.report_name, self.evaluation.ids, {}
            )

    def test_reader_rights(self):
        report = self.env.ref(REPORTS["proposal"])
        # Refused while reading the records (QWeb wraps the AccessError).
        for user in (self.student, self.other_jury):
            with self.assertRaises(QWebException) as caught:
                report.with_user(user)._render_qweb_html(
                    report.report_name, self.evaluation.ids
                )
            self.assertIsInstance(caught.exception.__cause__, AccessError)
        html = report.with_user(self.commission)._render_qweb_html(
            report.report_name, self.evaluation.ids
        )[0]
        self.assertIn(self.student.name, html.decode())

    def test_pdftotext_available(self):
        self.assertTrue(shutil.which("pdftotext"))
