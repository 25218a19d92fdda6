"""The whole dossier as p. 76 of the référentiel lists it, read in the
printed PDF: contents page with page numbers continuous across the parts,
the PGI presentation with its counts, the fiches' productions and the
attestations, « PROVISOIRE » on a draft and never on the handed-in version;
the hand-in warns (never blocks) on missing or unsigned attestations.
Real PDFs, rendered once each for the class."""

import base64
import hashlib
import io
import re
import subprocess
import tempfile
from datetime import date

from lxml import html as lxml_html
from reportlab.pdfgen import canvas

from odoo.tests import HttpCase, TransactionCase, tagged

from ..services import evaluation as rules
from .common import DossierFixtures, assert_styled_pdf, pdf_image_pages, styled_pdfs

PRODUCTION_MARK = "PRODUCTION-TABLEAU-CROISE-42"
CONTEXT = "Présentation du contexte commercial de la PME"
PGI = "Présentation synthétique de la base de données du PGI"


def pdf_pages(pdf, mode="-layout"):
    """The text of each page (pdftotext splits pages by form feeds); mode
    "-raw" keeps the order the text was drawn in (a row of the contents
    whole, whatever the « PROVISOIRE » watermark's letters cross)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(
            ["pdftotext", mode, f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def flat(text):
    return " ".join(text.split())


def one_page_pdf(text):
    buffer = io.BytesIO()
    can = canvas.Canvas(buffer)
    can.drawString(100, 700, text)
    can.showPage()
    can.save()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestDossierWhole(DossierFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()
        env = cls.env(su=True)
        cls.fiches = cls.dossier.situation_ids.sorted(lambda s: (s.sequence, s.id))
        cls.rework = cls.fiches[1]
        cls.rework.sudo().write({"state": "to_rework"})
        cls.dossier.sudo().write(
            {"pgi_presentation": "<p>Ma base : clients, devis et factures.</p>"}
        )
        cls.xlsx = env["ir.attachment"].create(
            {
                "name": "tableau-relances.xlsx",
                "raw": b"PK\x03\x04 spreadsheet",
                "res_model": "gpme.situation",
                "res_id": cls.fiches[0].id,
            }
        )
        cls.pdf_production = env["ir.attachment"].create(
            {
                "name": "courrier-client.pdf",
                "raw": one_page_pdf(PRODUCTION_MARK),
                "mimetype": "application/pdf",
                "res_model": "gpme.situation",
                "res_id": cls.fiches[0].id,
            }
        )
        # A file named .pdf that is none: listed, never appended, and the
        # dossier prints all the same.
        env["ir.attachment"].create(
            {
                "name": "casse.pdf",
                "raw": b"%PDF-1.4 not really",
                "res_model": "gpme.situation",
                "res_id": cls.fiches[0].id,
            }
        )
        Internship = env["gpme.internship"]
        cls.signed = Internship.create(
            {
                "dossier_id": cls.dossier.id,
                "employer": "Bureau Plus Lyon",
                "training_year": "1",
                "date_from": date(2026, 5, 11),
                "date_to": date(2026, 6, 19),
                "signed": True,
                "stamped": True,
            }
        )
        cls.unsigned = Internship.create(
            {
                "dossier_id": cls.dossier.id,
                "employer": "Papeterie Martin",
                "training_year": "2",
                "date_from": date(2026, 8, 31),
                "date_to": date(2026, 10, 9),
                "stamped": True,
            }
        )
        report = cls.env.ref("gpme_e4.action_report_gpme_dossier")
        cls.report = report
        with styled_pdfs(cls):
            pdf = (
                report.with_user(cls.teacher)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report.report_name, cls.dossier.ids)[0]
            )
        assert_styled_pdf(pdf)
        cls.image_pages = pdf_image_pages(pdf)
        cls.pages = pdf_pages(pdf)
        cls.contents_page = pdf_pages(pdf, "-raw")[1]

    def contents(self):
        """[(label, page)] of the contents page."""
        rows = []
        for line in self.contents_page.splitlines():
            match = re.match(r"^\s*(\S.*?)\s+p\. (\d+)\s*$", line)
            if match:
                rows.append((match.group(1).strip(), int(match.group(2))))
        return rows

    def page_of(self, label):
        return dict(self.contents())[label]

    def test_every_fiche_under_its_letterhead_logo(self):
        """The fiches print in one batch whose logos are given once, in the
        first fiche's header: the others' pages carry the logo all the same."""
        codes = tuple(self.fiches.mapped("code"))
        starts = [page for label, page in self.contents() if label.startswith(codes)]
        self.assertEqual(len(starts), len(self.fiches))
        self.assertLessEqual(set(starts), self.image_pages)

    def test_contents_pages_continuous_and_right(self):
        self.assertIn("Sommaire", self.pages[1])
        rows = self.contents()
        labels = [label for label, __ in rows]
        expected = [
            "Page de garde",
            "Sommaire",
            "Présentation du contexte commercial de la PME",
            "Présentation synthétique de la base de données du PGI",
            "Document synoptique (passeport professionnel)",
            "Fiches d'analyse de situations professionnelles",
            "Productions associées aux fiches",
            "Attestations de stage ou certificats de travail",
            "Annexe : les fichiers PDF des productions",
            "Intégrité du dossier",
        ]
        for label in expected:
            self.assertIn(label, labels)
        # In the order of p. 76, each part after the one before it.
        pages = [dict(rows)[label] for label in expected]
        self.assertEqual(pages, sorted(pages))
        self.assertEqual(pages[:2], [1, 2])
        total = len(self.pages)
        # Every page numbered once, continuously, across the parts.
        for number, text in enumerate(self.pages, 1):
            self.assertIn(f"Page {number} / {total}", text, number)
        # Each part is where the contents page says.
        where = {
            CONTEXT: "Rubrique ctx_market remplie",
            PGI: "Applications utilisées",
            "Document synoptique (passeport professionnel)": "passeport professionnel",
            "Fiches d'analyse de situations professionnelles": "FICHE D'ANALYSE",
            "Productions associées aux fiches": "tableau-relances.xlsx",
            "Attestations de stage ou certificats de travail": "Papeterie Martin",
            "Annexe : les fichiers PDF des productions": PRODUCTION_MARK,
            "Intégrité du dossier": "Intégrité des preuves",
        }
        for label, needle in where.items():
            self.assertIn(needle, self.pages[self.page_of(label) - 1], label)
        # One row per fiche, on the page where its fiche begins.
        for fiche in self.fiches:
            row = next(r for r in rows if r[0].startswith(fiche.code))
            self.assertIn(fiche.code, self.pages[row[1] - 1])
            self.assertIn("FICHE D'ANALYSE", self.pages[row[1] - 1])

    def test_pgi_presentation_counts(self):
        page = flat(
            self.pages[
                self.page_of("Présentation synthétique de la base de données du PGI")
                - 1
            ]
        )
        company = self.dossier.company_id
        customers = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count(
                [("customer_rank", ">", 0), ("company_id", "in", [False, company.id])]
            )
        )
        invoices = self.env["account.move"].search_count(
            [("move_type", "=", "out_invoice"), ("company_id", "=", company.id)]
        )
        self.assertIn("Ventes", page)  # an application in use
        self.assertRegex(page, rf"Contacts clients {customers} \d+ ")
        self.assertRegex(page, rf"Factures clients {invoices} 0 ")
        self.assertIn("Devis", page)
        self.assertIn("Ma base : clients, devis et factures.", page)

    def test_productions_and_attestations_listed_with_seals(self):
        page = flat(self.pages[self.page_of("Productions associées aux fiches") - 1])
        self.assertIn("tableau-relances.xlsx", page)
        self.assertIn("Tableur", page)
        self.assertIn("casse.pdf", page)
        for attachment in (self.xlsx, self.pdf_production):
            digest = hashlib.sha256(attachment.raw).hexdigest()
            self.assertIn(digest, page.replace(" ", ""), attachment.name)
        page = flat(
            self.pages[
                self.page_of("Attestations de stage ou certificats de travail") - 1
            ]
        )
        self.assertIn("Bureau Plus Lyon", page)
        self.assertIn("11/05/2026", page)
        self.assertIn("19/06/2026", page)
        self.assertIn("6,0", page)
        self.assertIn("12,0", page)  # the total
        self.assertIn("☐ non", page)  # Papeterie Martin is not signed

    def test_draft_is_provisional_and_unvalidated_fiche_says_so(self):
        for number, text in enumerate(self.pages, 1):
            self.assertIn("PROVISOIRE", text, number)
        start = next(r[1] for r in self.contents() if r[0].startswith(self.rework.code))
        self.assertIn("À retravailler", self.pages[start - 1])
        self.assertIn("(À retravailler)", self.pages[1])
        validated = self.fiches[0]
        start = next(r[1] for r in self.contents() if r[0].startswith(validated.code))
        self.assertNotIn("Fiche non validée", self.pages[start - 1])

    def test_hand_in_warns_never_blocks_and_the_version_is_final(self):
        warnings = self.dossier.with_user(self.student).handin_warnings
        self.assertIn("Papeterie Martin", warnings)
        self.assertNotIn("Bureau Plus Lyon", warnings)
        self.rework.sudo().write({"state": "validated"})
        self.dossier.with_user(self.student).action_submit()
        self.assertEqual(self.dossier.state, "submitted")
        note = self.dossier.message_ids.filtered(
            lambda m: "Papeterie Martin" in (m.body or "")
        )
        self.assertTrue(note, "the warning goes with the hand-in")
        self.dossier.with_context(force_report_rendering=True)._gpme_store_dossier_pdf()
        version = self.dossier.version_ids[:1]
        self.assertEqual(version.state, "done", version.error)
        pdf = base64.b64decode(version.pdf)
        assert_styled_pdf(pdf)
        pages = pdf_pages(pdf)
        text = "\n".join(pages)
        self.assertNotIn("PROVISOIRE", text)
        self.assertNotIn("À retravailler", text)
        self.assertIn(f"Page {len(pages)} / {len(pages)}", pages[-1])
        # Without attestation at all: warned too.
        other = self.make_dossier(self.other_student)
        self.assertIn(
            "Aucune attestation de stage",
            other.with_user(self.other_student).handin_warnings,
        )


@tagged("post_install", "-at_install")
class TestDemoAttestations(TransactionCase):
    def test_complete_dossier_carries_its_two_attestations(self):
        lea = self.env.ref("gpme_e4_demo.demo_dossier_student1")
        internships = lea.internship_ids
        self.assertEqual(len(internships), 2)
        self.assertTrue(all(i.signed and i.stamped for i in internships))
        self.assertEqual(sorted(internships.mapped("training_year")), ["1", "2"])
        self.assertEqual(sum(internships.mapped("weeks")), 12.0)
        values = [i._gpme_rule_value() for i in internships]
        self.assertEqual(rules.internship_shortfall(values), [])
        cases = rules.nv_cases(lea.submitted_date, None, values)
        self.assertNotIn(rules.NV_INTERNSHIP, cases)
        self.assertNotIn(rules.NV_UNSIGNED, cases)
        self.assertFalse(lea.handin_warnings)
        # Printed in her dossier (the attestations part, as HTML here).
        report = self.env.ref("gpme_e4.action_report_gpme_dossier_part")
        html = report._render_qweb_html(
            report.report_name, lea.ids, data={"part": "annexes"}
        )[0]
        text = flat(lxml_html.fromstring(html).text_content())
        self.assertIn("Attestations de stage ou certificats de travail", text)
        for internship in internships:
            self.assertIn(internship.date_from.strftime("%d/%m/%Y"), text)
            self.assertIn(internship.date_to.strftime("%d/%m/%Y"), text)
        self.assertNotIn("☐", text)
