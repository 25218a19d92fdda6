import base64
import html as html_lib
import io
import json
import re
import subprocess
import tempfile
import zipfile
from xml.etree import ElementTree

from lxml import html as lxml_html

from odoo import Command
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user
from odoo.tools import config

from .common import (
    EvidenceFixture,
    assert_styled_pdf,
    exam_session,
    pdf_image_pages,
    styled_pdfs,
)

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def pdf_text(pdf):
    """(page count, text) of a PDF, through poppler's pdftotext/pdfinfo."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        info = subprocess.run(
            ["pdfinfo", f.name], capture_output=True, text=True, check=True
        ).stdout
        text = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1)), text


def page_text(pdf, page):
    """The text of one page of a PDF, words separated by single spaces."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(out.split())


def assert_letterhead(test, pdf, company, body_word, pages=(1,)):
    """The whole letterhead on each page: the company's name and address
    within the sheet (drawn off its top edge, pdftotext does not find them),
    both above the body's first word `body_word` (not over the body)."""
    words = pdf_words(pdf)
    for page in pages:
        test.assertIn(company.name, page_text(pdf, page), f"page {page}")

        def top(word, page=page):
            return min(y for w, _x, y, p in words if p == page and w == word)

        name_y, address_y = top(company.name.split()[0]), top(company.street.split()[0])
        test.assertGreater(name_y, 0)
        test.assertLess(name_y, address_y)
        test.assertLess(address_y, top(body_word), f"page {page}")


def pdf_words(pdf):
    """[(word, x, y, page)] of a PDF, through pdftotext -bbox."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-bbox", f.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    words = []
    for page, body in enumerate(out.split("<page ")[1:], start=1):
        for x, y, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', body
        ):
            words.append((html_lib.unescape(word), float(x), float(y), page))
    return words


def xlsx_book(content):
    """{sheet name: {"cells": {"A1": (type, text)}, "merged": [ranges],
    "setup": pageSetup attributes, "fit": fitToPage flag}, "_names": defined
    names} read back from the file's XML (no openpyxl in the venv)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(
            "m:si", NS
        )
    ]
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]
    result = {
        "_names": {
            n.get("name"): n.text for n in workbook.iter(f"{{{NS['m']}}}definedName")
        }
    }
    for index, name in enumerate(names, start=1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{index}.xml"))
        cells = {}
        for cell in root.iter(f"{{{NS['m']}}}c"):
            value = cell.find("m:v", NS)
            if value is None:
                continue
            kind = cell.get("t") or "n"
            text = shared[int(value.text)] if kind == "s" else value.text
            cells[cell.get("r")] = (kind, text)
        setup = root.find("m:pageSetup", NS)
        page_pr = root.find("m:sheetPr/m:pageSetUpPr", NS)
        result[name] = {
            "cells": cells,
            "merged": [m.get("ref") for m in root.iter(f"{{{NS['m']}}}mergeCell")],
            "setup": dict(setup.attrib) if setup is not None else {},
            "fit": page_pr is not None and page_pr.get("fitToPage") == "1",
        }
    return result


def xlsx_sheets(content):
    """{sheet name: [[cell text…] per row]} read back without openpyxl."""
    book = zipfile.ZipFile(io.BytesIO(content))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(
            "m:si", NS
        )
    ]
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]
    sheets = {}
    for index, name in enumerate(names, start=1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{index}.xml"))
        rows = []
        for row in root.iter(f"{{{NS['m']}}}row"):
            cells = []
            for cell in row.findall("m:c", NS):
                value = cell.find("m:v", NS)
                text = value.text if value is not None else ""
                if cell.get("t") == "s":
                    text = shared[int(text)]
                cells.append(text)
            rows.append(cells)
        sheets[name] = rows
    return sheets


@tagged("post_install", "-at_install")
class TestDocuments(EvidenceFixture, HttpCase):
    """Synoptic, fiche V-4 and workbooks: data, real PDFs, XLSX, access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        env = cls.env
        cls.jury = new_test_user(env, "doc_jury", groups="gpme_e4.group_commission")
        cls.jury2 = new_test_user(env, "doc_jury2", groups="gpme_e4.group_commission")
        cls.teacher_b = new_test_user(env, "doc_prof_b", groups="gpme_e4.group_teacher")
        env["gpme.cohort"].create(
            {
                "name": "Autre classe",
                "exam_session_id": exam_session(env, 2027).id,
                "teacher_ids": [Command.set(cls.teacher_b.ids)],
            }
        )
        cls.dossier1.write(
            {
                "candidate_number": "0271234",
                "commission_user_ids": [Command.set(cls.jury.ids)],
            }
        )
        cls.cohort.school = "Lycée Colbert"
        t = env.ref
        cls.situation1.write(
            {
                "is_grcf": True,
                "modality_id": t("gpme_e4.modality_sme").id,
                "period_date": "2026-03-15",
                "condition_id": t("gpme_e4.condition_autonomy").id,
                "task_ids": [
                    Command.set((t("gpme_e4.task_1_2_1") | t("gpme_e4.task_1_2_4")).ids)
                ],
                "analysis": "J'ai établi le devis dans le PGI.",
                "software_line_ids": [
                    Command.create(
                        {
                            "tool_id": t("gpme_e4.tool_erp_sales").id,
                            "software_name": "Odoo",
                            "version": "16",
                            "functions": "Devis, bons de commande",
                        }
                    )
                ],
            }
        )
        cls.situation1b.write(
            {
                "is_written": True,
                "modality_id": t("gpme_e4.modality_school").id,
                "period_date": "2025-11-02",
                "task_ids": [Command.set(t("gpme_e4.task_1_2_1").ids)],
            }
        )
        # A real snapshot PDF, to be annexed to the whole dossier; wkhtmltopdf
        # fetches its styles from this test server.
        env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )
        env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        # Its PDF job runs at once (queue_job's test switch), with the server
        # in test mode as in a test method: wkhtmltopdf's requests for the
        # styles then see this transaction (else the page comes out unstyled
        # and the job rightly refuses to seal it).
        with styled_pdfs(cls):
            cls.evidence = (
                cls.env["gpme.evidence"]
                .with_context(queue_job__no_delay=True)
                .create(
                    {
                        "situation_id": cls.situation1.id,
                        "res_model": "sale.order",
                        "res_id": cls.order.id,
                        "task_ids": [Command.set(t("gpme_e4.task_1_2_1").ids)],
                    }
                )
            )
        if cls.evidence.snapshot_pdf_state != "done":
            raise AssertionError(cls.evidence.last_snapshot_id.pdf_error)
        assert_styled_pdf(base64.b64decode(cls.evidence.snapshot_pdf))
        # Validated by the teacher: only validated fiches cover a task (the
        # draft SP2 is listed but shades nothing).
        cls.situation1.state = "validated"
        synoptic = t("gpme_e4.action_report_gpme_synoptic")
        fiche = t("gpme_e4.action_report_gpme_fiche")
        # Each PDF is rendered once for the whole class, as the teacher,
        # styled as a user gets it.
        with styled_pdfs(cls):
            cls.synoptic_pdf = (
                synoptic.with_user(cls.teacher)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(synoptic.report_name, cls.dossier1.ids)[0]
            )
            cls.fiche_pdf = (
                fiche.with_user(cls.teacher)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(fiche.report_name, cls.situation1.ids)[0]
            )
        assert_styled_pdf(cls.synoptic_pdf)
        assert_styled_pdf(cls.fiche_pdf)

        xlsx = t("gpme_e4.action_report_gpme_synoptic_xlsx")
        cls.synoptic_xlsx = xlsx.with_user(cls.student1)._render_xlsx(
            xlsx.report_name, cls.dossier1.ids, {}
        )

    def _synoptic(self, user=None):
        report = self.env["report.gpme_e4.report_synoptic"]
        if user:
            report = report.with_user(user)
        dossier = self.dossier1.with_env(report.env)
        return report._synoptic_data(dossier)[self.dossier1.id]

    def _task(self, syn, code):
        return next(
            t for a in syn["activities"] for t in a["tasks"] if t["code"] == code
        )

    def test_synoptic_data(self):
        syn = self._synoptic(self.student1)
        self.assertEqual(syn["task_count"], 29)
        self.assertEqual(len(syn["activities"]), 6)
        self.assertEqual(syn["candidate_number"], "0271234")
        self.assertEqual(syn["school"], "Lycée Colbert")
        self.assertEqual(
            [c["label"] for c in syn["columns"]],
            [
                "Avant la formation",
                "Pendant la formation en établissement",
                "Pendant la formation dans une PME",
                "Pendant la formation dans une organisation",
            ],
        )
        quote = self._task(syn, "1.2.1")
        code1, code1b = self.situation1.code, self.situation1b.code
        self.assertEqual([s["code"] for s in quote["cells"][2]], [code1])
        self.assertEqual(quote["cells"][2][0]["period"], "03/2026")
        self.assertEqual(
            quote["cells"][1][0],
            {"id": self.situation1b.id, "code": code1b, "period": "11/2025"},
        )
        self.assertTrue(quote["covered"])
        self.assertIn("Odoo 16 — Devis, bons de commande", quote["software"])
        # The evidence by what it is (a draft order: a quotation).
        self.assertIn("PGI – Devis", quote["software"])
        self.assertFalse(self._task(syn, "1.6.1")["covered"])
        self.assertEqual(syn["covered_count"], 2)
        # Back to draft, SP1 is still listed but covers nothing.
        self.situation1.state = "draft"
        syn = self._synoptic(self.student1)
        quote = self._task(syn, "1.2.1")
        self.assertEqual([s["code"] for s in quote["cells"][1]], [code1b])
        self.assertEqual([s["code"] for s in quote["cells"][2]], [code1])
        self.assertFalse(quote["covered"])
        self.assertEqual(syn["covered_count"], 0)
        self.assertTrue(
            any(t["is_communication"] for a in syn["activities"] for t in a["tasks"])
        )
        # The same matrix on screen, each code opening its fiche.
        html = str(self.dossier1.with_user(self.student1).synoptic_html)
        self.assertIn(f"id={self.situation1.id}", html)
        self.assertIn("Pendant la formation dans une PME", html)
        self.assertIn("DOMAINE D’ACTIVITÉS 1", html)

    def test_synoptic_pdf(self):
        pages, text = pdf_text(self.synoptic_pdf)
        # The 29 tasks on one A4 landscape page, as the passport's sheet.
        self.assertEqual(pages, 1)
        assert_letterhead(self, self.synoptic_pdf, self.dossier1.company_id, "NOM")
        flat = " ".join(text.split())
        for words in (
            "BTS GESTION DE LA PME - SESSION 2027 - PASSEPORT PROFESSIONNEL",
            "NOM et Prénom du titulaire du passeport : Alice Élève",
            "Numéro du candidat : 0271234",
            "L'équipe pédagogique représentée par les enseignants, en lycée ou "
            "centre de formation :",
            "Signatures des enseignants de l'équipe pédagogique",
            "SITUATIONS VÉCUES OU",
            "Périodes (Situations Professionnelles)",
            "DOMAINE D’ACTIVITÉS 1 : GÉRER LA RELATION AVEC LES CLIENTS ET LES "
            "FOURNISSEURS DE LA PME",
            "T.1.2.1. Préparation de propositions commerciales",
            f"{self.situation1.code} (03/2026)",
            "Lycée Colbert",
            "Page 1 /",
        ):
            self.assertIn(words, flat)
        # Wrapped in their cells: the attestation, the passport's wording of
        # competence 1.2 and task 1.2.2, the software column. Read in the
        # order the cells are drawn (-raw): by lines across the page, the
        # next cell's lines interleave.
        words = pdf_words(self.synoptic_pdf)
        tokens = [w[0] for w in words]
        raw = subprocess.run(
            ["pdftotext", "-raw", "-", "-"],
            input=self.synoptic_pdf,
            capture_output=True,
            check=True,
        ).stdout.decode()
        joined = " ".join(raw.split())
        for phrase in (
            "atteste que le titulaire de ce passeport professionnel a bien effectué,",
            "éventuels impayés)",
            "contrats de sous-traitance, etc.)",
            "PGI – Devis",
            "Activité 1.2. Administration des ventes de la PME",
        ):
            self.assertIn(phrase, joined)

        # The columns in the passport's order, left to right.
        def x_of(word, below=0.0):
            return next(x for w, x, y, _p in words if w == word and y > below)

        y_head = next(y for w, x, y, _p in words if w == "Avant")
        order = [
            x_of("ACTIVITÉS"),
            x_of("COMPÉTENCES"),
            x_of("Avant", y_head - 1),
            x_of("établissement", y_head - 1),
            x_of("PME", y_head - 1),
            x_of("organisation", y_head - 1),
            x_of("Tâches", y_head - 1),
            x_of("Solutions", y_head - 1),
        ]
        self.assertEqual(order, sorted(order), order)
        # The four situation columns each read « Pendant la formation… » but
        # the first.
        self.assertEqual(tokens.count("Pendant"), 3)

    def test_fiche_pdf(self):
        pages, text = pdf_text(self.fiche_pdf)
        self.assertGreaterEqual(pages, 2)
        assert_letterhead(self, self.fiche_pdf, self.dossier1.company_id, "ANNEXE")
        self.assertIn("FICHE D'ANALYSE DE SITUATION PROFESSIONNELLE", text)
        self.assertIn("☒ GRCF", text)
        self.assertIn("☐ Communication orale", text)
        self.assertIn("☒ Pendant la formation en PME/Organisation", text)
        self.assertIn("☒ Autonomie", text)
        # As the national form: each activity by its name, the verso's hints.
        self.assertIn("☒ 1.2 Administration des ventes de la PME", text)
        self.assertIn("☐ 1.1 Recherche de clientèle et contact", text)
        self.assertIn("Qu'avez-vous appris", text)
        self.assertIn("ANALYSE", text)
        self.assertIn("J'ai établi le devis dans le PGI.", text)
        self.assertIn(self.order.name, text)
        self.assertIn(self.evidence.snapshot_hash[:12], text.replace("\n", ""))
        # Box 9 in full, with its three columns, as the official fiche.
        joined = " ".join(w[0] for w in pdf_words(self.fiche_pdf))
        self.assertIn(
            "9. Problème de gestion soulevé et enjeux de la situation", joined
        )
        self.assertIn(
            "De gestion De communication orale De communication écrite", joined
        )
        # The evidence typed by what it is: a quotation, not « Bon de commande ».
        (line,) = [row for row in text.splitlines() if self.order.name in row]
        self.assertIn("Devis", line)
        self.assertNotIn("Bon de commande", line)

    def test_fiche_data_ticks(self):
        data = self.env["report.gpme_e4.report_fiche"]._fiche_data(self.situation1)
        fiche = data[self.situation1.id]
        self.assertEqual(len(fiche["modalities"]), 3)
        self.assertEqual(
            [label for label, ticked in fiche["modalities"] if ticked],
            ["Pendant la formation en PME/Organisation"],
        )
        self.assertEqual(
            [c for c, ticked in fiche["conditions"] if ticked], ["Autonomie"]
        )
        self.assertEqual(
            [a.code for a, ticked in fiche["activities"] if ticked], ["1.2"]
        )
        (row,) = fiche["evidences"]
        self.assertEqual(row["partner"], "Client Dupont SARL")
        self.assertEqual(row["amount"], self.order.amount_total)
        self.assertEqual(row["sha256"], self.evidence.snapshot_hash)

    def test_synoptic_xlsx(self):
        content, kind = self.synoptic_xlsx
        self.assertEqual(kind, "xlsx")
        book = xlsx_book(content)
        (name,) = [n for n in book if n != "_names"]
        sheet = book[name]
        cells = sheet["cells"]

        def text(ref):
            return cells.get(ref, ("", ""))[1]

        self.assertEqual(
            text("A1"),
            "BTS GESTION DE LA PME - SESSION 2027 - PASSEPORT PROFESSIONNEL",
        )
        self.assertEqual(text("A2"), "NOM et Prénom du titulaire du passeport :")
        self.assertEqual(text("B2"), "Alice Élève")
        self.assertEqual(text("G2"), "Numéro du candidat :")
        # The candidate number is text: its leading zero stays.
        self.assertEqual(cells["H2"], ("s", "0271234"))
        attestation = text("A3")
        self.assertIn(
            "L'équipe pédagogique représentée par les enseignants, en lycée ou "
            "centre de formation :",
            attestation,
        )
        self.assertIn("Lycée Colbert", attestation)
        self.assertIn(
            "atteste que le titulaire de ce passeport professionnel a bien "
            "effectué, en formation, les activités et missions présentées dans ce "
            "tableau.",
            attestation,
        )
        self.assertEqual(
            text("G3"),
            "Signatures des enseignants de l'équipe pédagogique et cachet de "
            "l'établissement",
        )
        self.assertIn("G3:H4", sheet["merged"])
        # Headers in the passport's order.
        self.assertEqual(
            [text(f"{c}6") for c in "BCDEFGH"],
            [
                "SITUATIONS VÉCUES OU OBSERVÉES →",
                "Avant la formation",
                "Pendant la formation en établissement",
                "Pendant la formation dans une PME",
                "Pendant la formation dans une organisation",
                "Tâches des activités",
                "Solutions logicielles choisies et fonctionnalités mobilisées",
            ],
        )
        self.assertEqual(
            [text("A7"), text("B7"), text("C7")],
            ["ACTIVITÉS ↓", "COMPÉTENCES ↓", "Périodes (Situations Professionnelles)"],
        )
        self.assertIn("C7:F7", sheet["merged"])
        self.assertEqual(
            text("A8"),
            "DOMAINE D’ACTIVITÉS 1 : GÉRER LA RELATION AVEC LES CLIENTS ET LES "
            "FOURNISSEURS DE LA PME",
        )
        # 29 task rows; each activity and its competence merged over its tasks.
        tasks = {
            int(ref[1:]): value
            for ref, (_k, value) in cells.items()
            if ref[0] == "G" and value.startswith("T.")
        }
        self.assertEqual(len(tasks), 29)
        self.assertEqual(min(tasks), 9)
        row = next(r for r, v in tasks.items() if v.startswith("T.1.2.1. "))
        self.assertEqual(text(f"E{row}"), f"{self.situation1.code} (03/2026)")
        self.assertEqual(text(f"D{row}"), f"{self.situation1b.code} (11/2025)")
        self.assertIn("PGI – Devis", text(f"H{row}"))
        sales = next(
            r for r in range(9, 40) if text(f"A{r}").startswith("Activité 1.2.")
        )
        self.assertIn(f"A{sales}:A{sales + 6}", sheet["merged"])
        self.assertIn("éventuels impayés", text(f"B{sales}"))
        self.assertIn(f"B{sales}:B{sales + 6}", sheet["merged"])
        self.assertEqual(
            tasks[sales + 1],
            "T.1.2.2. Préparation des contrats commerciaux (commandes, contrats de "
            "maintenance, garanties complémentaires, contrats de sous-traitance, etc.)",
        )
        # The coverage as numbers, not text.
        self.assertEqual(cells["B39"], ("n", "2"))
        self.assertEqual(cells["C39"], ("n", "29"))
        # A4 landscape, one page wide, the table's header on every page.
        self.assertEqual(sheet["setup"].get("orientation"), "landscape")
        self.assertEqual(sheet["setup"].get("paperSize"), "9")
        self.assertEqual(sheet["setup"].get("fitToWidth", "1"), "1")
        self.assertEqual(sheet["setup"].get("fitToHeight"), "0")
        self.assertTrue(sheet["fit"])
        self.assertIn("$6:$7", book["_names"]["_xlnm.Print_Titles"])

    def test_fiche_evidence_kinds(self):
        # Each document by its kind, not by the model that stores it (no
        # snapshot PDF: only the frozen values matter here).
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "0"
        )
        invoice = self._make_move("out_invoice", self.customer)
        documents = [
            invoice,
            self._make_move("out_refund", self.customer),
            self._make_move("in_invoice", self.vendor),
        ]
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 10.0,
            }
        )
        payment.action_post()
        documents.append(payment)
        order = self._make_order(self.student1)
        order.action_confirm()
        documents.append(order)
        for record in documents:
            self.env["gpme.evidence"].create(
                {
                    "situation_id": self.situation1.id,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        fiche = self.env["report.gpme_e4.report_fiche"]._fiche_data(self.situation1)
        types = {
            row["reference"]: row["type"]
            for row in fiche[self.situation1.id]["evidences"]
        }
        self.assertEqual(types[self.evidence.name], "Devis")
        by_record = {
            (e.res_model, e.res_id): types[e.name]
            for e in self.env["gpme.evidence"].search(
                [("situation_id", "=", self.situation1.id)]
            )
        }
        self.assertEqual(
            [by_record[r._name, r.id] for r in documents],
            [
                "Facture client",
                "Avoir client",
                "Facture fournisseur",
                "Paiement client",
                "Bon de commande",
            ],
        )

    def test_cohort_xlsx_overview(self):
        report = self.env.ref("gpme_e4.action_report_gpme_cohort_xlsx")
        content = report.with_user(self.teacher)._render_xlsx(
            report.report_name, self.cohort.ids, {}
        )[0]
        sheets = xlsx_sheets(content)
        self.assertEqual(len(sheets), 3)  # overview + one per student
        overview = sheets["Synthèse"]
        self.assertEqual(
            overview[0][:3], ["Étudiant", "Numéro de candidat", "Tâches couvertes"]
        )
        self.assertEqual(len(overview[0]), 3 + 4 + 2 + 29)
        # The quotas of the référentiel (at least 2 fiches of each kind).
        self.assertEqual(
            overview[0][3:8],
            [
                "Fiches validées (min. 6)",
                "GRCF (min. 2)",
                "Oral (min. 2)",
                "Écrit (min. 2)",
                "Conformité",
            ],
        )
        alice = next(r for r in overview if r[0] == "Alice Élève")
        # Her validated GRCF fiche counts; the draft written one does not.
        self.assertEqual(alice[1:7], ["0271234", "2 / 29", "1", "1", "0", "0"])
        # Before the hand-in a gap is to complete, never « non conforme ».
        self.assertEqual(alice[7], "À compléter")
        with self.assertRaises(AccessError):
            report.with_user(self.teacher_b)._render_xlsx(
                report.report_name, self.cohort.ids, {}
            )

    def test_cohort_xlsx_queries_do_not_grow(self):
        report = self.env.ref("gpme_e4.action_report_gpme_cohort_xlsx")
        cohort = self.cohort
        report._render_xlsx(report.report_name, cohort.ids, {})  # warm the caches
        queries = []
        for extra in range(2):
            if extra:
                for i in range(3):
                    student = new_test_user(
                        self.env,
                        f"doc_more{i}",
                        groups="gpme_e4.group_student",
                        gpme_cohort_id=cohort.id,
                    )
                    dossier = self.env["gpme.dossier"].create(
                        {"student_id": student.id, "cohort_id": cohort.id}
                    )
                    self.env["gpme.situation"].create(
                        {
                            "dossier_id": dossier.id,
                            "name": "S",
                            "is_grcf": True,
                            "task_ids": [
                                Command.set(self.env.ref("gpme_e4.task_1_2_1").ids)
                            ],
                        }
                    )
                # New accounts clear the registry's caches (their groups):
                # warm them again, the count compared is the render's own.
                report._render_xlsx(report.report_name, cohort.ids, {})
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            report._render_xlsx(report.report_name, cohort.ids, {})
            queries.append(self.cr.sql_log_count - start)
        self.assertEqual(queries[0], queries[1], queries)

    def _get(self, login, url):
        self.authenticate(login, login)
        return self.url_open(url, timeout=180)

    def test_access_by_url(self):
        pdf = f"/report/html/gpme_e4.report_synoptic/{self.dossier1.id}"
        fiche = f"/report/html/gpme_e4.report_fiche/{self.situation1.id}"
        xlsx = f"/report/xlsx/gpme_e4.synoptic_xlsx/{self.dossier1.id}"
        # The commission reads a dossier once it is handed in.
        self.dossier1.sudo().state = "submitted"
        # Every role over the XLSX URL (fast); the HTML pages cost seconds
        # each, so one allowed and one refused.
        for login in ("ev_student1", "ev_teacher", "doc_jury"):
            response = self._get(login, xlsx)
            self.assertEqual(response.status_code, 200, (login, xlsx))
            self.assertTrue(response.content.startswith(b"PK"))
        response = self._get("ev_student1", fiche)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Alice", response.text)
        for login, url in (
            ("ev_student2", pdf),
            ("ev_student2", xlsx),
            ("doc_prof_b", xlsx),
            ("doc_jury2", xlsx),
        ):
            response = self._get(login, url)
            self.assertNotEqual(response.status_code, 200, (login, url))
            self.assertNotIn("Alice", response.text)
            self.assertNotIn("0271234", response.text)

    def test_access_per_role(self):
        synoptic = self.env.ref("gpme_e4.action_report_gpme_synoptic")
        # Not yet handed in: not the commission's to read.
        with self.assertRaises(AccessError):
            synoptic.with_user(self.jury)._render_qweb_html(
                synoptic.report_name, self.dossier1.ids
            )
        self.dossier1.sudo().state = "submitted"
        for user in (self.student1, self.teacher, self.jury):
            html = synoptic.with_user(user)._render_qweb_html(
                synoptic.report_name, self.dossier1.ids
            )[0]
            self.assertIn(b"0271234", html)
        for user in (self.student2, self.teacher_b, self.jury2):
            with self.assertRaises(AccessError):
                synoptic.with_user(user)._render_qweb_html(
                    synoptic.report_name, self.dossier1.ids
                )

    def _header(self, xmlid, ids, user):
        """Text of the letterhead of each page of a document (HTML render)."""
        report = self.env.ref(xmlid).with_user(user)
        html = report._render_qweb_html(report.report_name, ids)[0]
        root = lxml_html.fromstring(html)
        return [
            " ".join(h.text_content().split())
            for h in root.xpath("//div[contains(@class, 'o_gpme_e4_header')]")
        ]

    def test_letterhead_company_or_school(self):
        school = self.env["res.partner"].create(
            {"name": "Lycée Jean Moulin", "is_company": True, "city": "Béziers"}
        )
        company = self.dossier1.company_id.name
        documents = (
            ("gpme_e4.action_report_gpme_synoptic", self.dossier1.ids),
            ("gpme_e4.action_report_gpme_fiche", self.situation1.ids),
            ("gpme_e4.action_report_gpme_dossier", self.dossier1.ids),
        )
        # By default: the company the dossier presents.
        for xmlid, ids in documents:
            (header,) = self._header(xmlid, ids, self.teacher)
            self.assertIn(company, header, xmlid)
            self.assertNotIn("Jean Moulin", header, xmlid)
        # The administrator picks the school, set once in the settings.
        self.env["res.config.settings"].create(
            {"gpme_letterhead": "school", "gpme_school_partner_id": school.id}
        ).execute()
        for xmlid, ids in documents:
            (header,) = self._header(xmlid, ids, self.student1)
            self.assertIn("Lycée Jean Moulin", header, xmlid)
            self.assertIn("Béziers", header, xmlid)
            self.assertNotIn(company, header, xmlid)

    def test_letterhead_logo_once_per_batch(self):
        # wkhtmltopdf loads every header of a batch on each page: the logo is
        # given once, each header points at it.
        self.assertTrue(self.dossier1.company_id.logo)
        report = self.env.ref("gpme_e4.action_report_gpme_synoptic")
        dossiers = self.dossier1 | self.dossier2
        html = report._render_qweb_html(report.report_name, dossiers.ids)[0]
        root = lxml_html.fromstring(html)
        headers = root.xpath("//div[contains(@class, 'o_gpme_e4_header')]")
        self.assertEqual(len(headers), 2)
        key = f"o_gpme_logo_company_{self.dossier1.company_id.id}"
        for header in headers:
            self.assertTrue(header.xpath(f".//div[contains(@class, '{key}')]"))
        self.assertEqual(html.count(b"data:image/"), 1)

    def test_class_print_in_background(self):
        cohort = self.cohort
        # Students, teachers of other classes and the commission may not.
        for user in (self.student1, self.teacher_b, self.jury):
            with trap_jobs() as trap, self.assertRaises(AccessError) as refused:
                cohort.with_user(user).action_print_class_synoptics()
            trap.assert_jobs_count(0)
            self.assertNotIn(cohort.name, str(refused.exception))
        # A class without dossiers is said at the click, not by a failed job.
        empty = self.env["gpme.cohort"].create(
            {
                "name": "Classe vide",
                "exam_session_id": cohort.exam_session_id.id,
                "teacher_ids": [(6, 0, self.teacher.ids)],
            }
        )
        with trap_jobs() as trap, self.assertRaisesRegex(UserError, "Classe vide"):
            empty.with_user(self.teacher).action_print_class_synoptics()
        trap.assert_jobs_count(0)
        # The teacher's click only queues the job.
        with trap_jobs() as trap:
            action = cohort.with_user(self.teacher).action_print_class_synoptics()
            self.assertEqual(action["tag"], "display_notification")
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.gpme_class_print")
            self.assertFalse(cohort.sudo().print_synoptic_pdf)
            trap.perform_enqueued_jobs()
        pdf = base64.b64decode(cohort.with_user(self.teacher).print_synoptic_pdf)
        assert_styled_pdf(pdf)
        pages, text = pdf_text(pdf)
        # Every student's synoptic in one PDF, one page each as printed alone.
        one_page_each, _text = pdf_text(self.synoptic_pdf)
        self.assertEqual(pages, 2 * one_page_each)
        # Each student's page under the whole letterhead, logo included.
        company = self.dossier1.company_id
        self.assertEqual(self.dossier2.company_id, company)
        assert_letterhead(self, pdf, company, "NOM", pages=(1, 2))
        self.assertEqual(pdf_image_pages(pdf), {1, 2})
        self.assertIn("Alice Élève", text)
        self.assertIn("Bruno Élève", text)
        self.assertIn(f"{self.situation1.code} (03/2026)", text)
        # In the class's chatter with the PDF attached, the teacher who
        # asked told in his inbox and by a green toast (nothing to reload).
        (note,) = self.env["mail.message"].search(
            [
                ("model", "=", "gpme.cohort"),
                ("res_id", "=", cohort.id),
                ("attachment_ids", "!=", False),
            ]
        )
        self.assertEqual(note.partner_ids, self.teacher.partner_id)
        self.assertEqual(note.notification_ids.notification_type, "inbox")
        self.assertEqual(note.attachment_ids.with_user(self.teacher).raw, pdf)
        toasts = [
            json.loads(bus.message)["payload"]
            for bus in self.env["bus.bus"].search([])
            if json.loads(bus.message)["type"] == "simple_notification"
        ]
        self.assertEqual([t["type"] for t in toasts], ["success"])
        # Students read their class, never its prints.
        with self.assertRaises(AccessError):
            note.attachment_ids.with_user(self.student1).read(["datas"])
        url = f"/web/content/gpme.cohort/{cohort.id}/print_synoptic_pdf"
        response = self._get("ev_teacher", url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"%PDF"))
        # The class's other readers never get the other students' work.
        with self.assertRaises(AccessError):
            cohort.with_user(self.student1).read(["print_synoptic_pdf"])
        self.assertNotEqual(self._get("ev_student1", url).status_code, 200)
        # The whole dossiers go the same way.
        with trap_jobs() as trap:
            cohort.with_user(self.teacher).action_print_class_dossiers()
            trap.assert_enqueued_job(cohort._job_print_class, args=("dossier",))

    def test_whole_dossier_pdf_stored_once_submitted(self):
        self.assertTrue(self.evidence.snapshot_pdf)
        report = self.env.ref("gpme_e4.action_report_gpme_dossier")
        printer = report.with_user(self.teacher).with_context(
            force_report_rendering=True
        )
        pdf = printer._render_qweb_pdf(report.report_name, self.dossier1.ids)[0]
        assert_styled_pdf(pdf)
        pages, text = pdf_text(pdf)
        _fiche_pages, _fiche = pdf_text(self.fiche_pdf)
        # cover + context, synoptic, 2 fiches, the snapshot annex, integrity.
        self.assertGreaterEqual(pages, 2 + 1 + _fiche_pages + 1 + 1)
        self.assertIn("Présentation du contexte commercial", text)
        self.assertIn("passeport professionnel", text)
        self.assertIn("FICHE D'ANALYSE", text)
        self.assertIn(self.order.name, text)  # the annexed snapshot
        self.assertIn("Intégrité des preuves", text)
        self.assertIn("Vérifié", text)
        self.assertNotIn("NON vérifié", text)
        self.assertIn(self.evidence.snapshot_hash[:16], text.replace("\n", ""))
        # Draft: nothing kept. Handed in: printed once into its sealed
        # version, then served from it.
        self.assertFalse(self.dossier1.version_ids)
        self.dossier1.sudo().with_context(force_report_rendering=True).write(
            {"state": "submitted"}
        )
        self.env["gpme.dossier.version"]._gpme_new(self.dossier1)
        self.dossier1.with_context(
            force_report_rendering=True
        )._gpme_store_dossier_pdf()
        kept = self.dossier1.version_ids
        self.assertEqual(kept.state, "done", kept.error)
        assert_styled_pdf(base64.b64decode(kept.pdf))
        again = printer._render_qweb_pdf(report.report_name, self.dossier1.ids)[0]
        self.assertEqual(again, base64.b64decode(kept.pdf))
        # Other people get nothing.
        with self.assertRaises(AccessError):
            report.with_user(self.student2)._render_qweb_html(
                report.report_name, self.dossier1.ids
            )
