"""A wrong wkhtmltopdf is named, never silent (issue 19): Debian's build
(0.12.6, unpatched Qt) exits as if all went well and leaves an empty PDF.
Here a fake one, first on the server's PATH, does the same."""

import html
import json
import os
import re
import shutil
import stat
import tempfile
from unittest.mock import patch
from urllib.parse import urlencode

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import EvidenceFixture, assert_styled_pdf, pdf_text
from .jobs_common import jobs_of, run_job

FAKE_WKHTMLTOPDF = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "wkhtmltopdf 0.12.6"; exit 0; fi
for last in "$@"; do :; done
: > "$last"
echo "qt.qpa.xcb: could not connect to display" >&2
exit 1
"""

# Records the arguments, then runs the real binary.
RECORDING_WKHTMLTOPDF = """#!/bin/sh
echo "$@" >> "{log}"
exec "{real}" "$@"
"""


@tagged("post_install", "-at_install")
class TestPdfRenderer(EvidenceFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        tmp = tempfile.TemporaryDirectory(prefix="gpme-fake-wkhtmltopdf-")
        cls.addClassCleanup(tmp.cleanup)
        cls.fake = os.path.join(tmp.name, "wkhtmltopdf")
        with open(cls.fake, "w", encoding="utf-8") as script:
            script.write(FAKE_WKHTMLTOPDF)
        os.chmod(cls.fake, stat.S_IRWXU)

    def setUp(self):
        super().setUp()
        path = f"{os.path.dirname(self.fake)}{os.pathsep}{os.environ.get('PATH', '')}"
        patcher = patch.dict(os.environ, {"PATH": path})
        patcher.start()
        self.addCleanup(patcher.stop)

    def french(self, text):
        return "Qt patché" in text and self.fake in text

    def test_settings_banner_names_it_in_french(self):
        settings = self.env["res.config.settings"].with_context(lang="fr_FR").create({})
        warning = settings.gpme_wkhtmltopdf_warning
        self.assertTrue(self.french(warning), warning)
        self.assertIn("scripts/run.sh", warning)
        self.assertIn("« wkhtmltopdf 0.12.6 »", warning)

    def test_e4_settings_banner_from_the_first_load(self):
        # As the web client opens the page: one onchange on a new record,
        # before anything is saved.
        settings = self.env["gpme.settings"].with_context(lang="fr_FR")
        spec = dict.fromkeys(("letterhead", "wkhtmltopdf_warning"), "")
        result = settings.onchange({}, [], spec)
        warning = result["value"].get("wkhtmltopdf_warning")
        self.assertTrue(warning and self.french(warning), result["value"])

    def test_print_answers_a_french_error_not_an_empty_pdf(self):
        self.teacher.lang = "fr_FR"
        self.authenticate("ev_teacher", "ev_teacher")
        context = json.dumps({"force_report_rendering": True, "lang": "fr_FR"})
        fiche = self.situation1
        # One record, as the form's Print menu fetches it.
        response = self.url_open(
            f"/report/pdf/gpme_e4.report_fiche/{fiche.id}?context={context}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(response.content.startswith(b"%PDF"))
        self.assertTrue(self.french(response.text), response.text[:500])
        # Several records, as the list's Print menu downloads them.
        ids = f"{self.situation1.id},{self.situation1b.id}"
        data = json.dumps([f"/report/pdf/gpme_e4.report_fiche/{ids}", "qweb-pdf"])
        query = urlencode({"data": data, "context": context, "token": "x"})
        response = self.url_open(f"/report/download?{query}")
        # Odoo answers a failed download with the error as (escaped) JSON,
        # which the web client shows in a dialog.
        self.assertFalse(response.content.startswith(b"%PDF"))
        self.assertNotIn("EmptyFileError", response.text)
        body = json.loads(html.unescape(response.text))
        self.assertEqual(body["data"]["name"], "odoo.exceptions.UserError")
        self.assertTrue(self.french(body["data"]["message"]), body["data"]["message"])

    def test_jobs_name_the_binary_and_the_class_print_tells_the_teachers(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )
        evidence = self.env["gpme.evidence"].create(
            {
                "situation_id": self.situation1.id,
                "res_model": "sale.order",
                "res_id": self.order.id,
            }
        )
        snapshot = evidence.last_snapshot_id
        job = jobs_of(self.env, f"gpme_evidence_pdf_{snapshot.id}")
        for _try in range(3):  # queue_job's tries (retry_pattern)
            run_job(self.env, job)
        self.assertEqual(snapshot.pdf_state, "failed")
        self.assertIn(f"{self.fake} (wkhtmltopdf 0.12.6)", snapshot.pdf_error)
        # The class print: the job fails, the teachers are told why.
        cohort = self.cohort.with_user(self.teacher)
        try:
            cohort._job_print_class("synoptic")
        except UserError as exc:
            self.assertIn(self.fake, str(exc))
        else:
            self.fail("the class print must fail with an empty PDF")
        message = self.env["mail.message"].search(
            [
                ("model", "=", "gpme.cohort"),
                ("res_id", "=", self.cohort.id),
                ("partner_ids", "in", self.teacher.partner_id.ids),
            ]
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.fake, message.body)

    def test_e4_documents_do_not_sleep_odoo_print_delay(self):
        """E4 documents skip Odoo's 1 s JavaScript delay (slept for the
        bodies, the header and the footer of each run), yet the footer's page
        numbers, written by the header's script at load, are there; Odoo's own
        reports keep their delay."""
        fake_dir = os.path.dirname(self.fake)
        real = shutil.which(
            "wkhtmltopdf", path=os.environ["PATH"].replace(fake_dir + os.pathsep, "")
        )
        self.assertTrue(real and real != self.fake, "a real wkhtmltopdf")
        rec_dir = os.path.join(fake_dir, "recording")
        os.makedirs(rec_dir, exist_ok=True)
        log = os.path.join(rec_dir, "args.log")
        recorder = os.path.join(rec_dir, "wkhtmltopdf")
        with open(recorder, "w", encoding="utf-8") as script:
            script.write(RECORDING_WKHTMLTOPDF.format(log=log, real=real))
        os.chmod(recorder, stat.S_IRWXU)
        path = f"{rec_dir}{os.pathsep}{os.environ['PATH']}"
        report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with patch.dict(os.environ, {"PATH": path}):
            fiche_pdf = report._render_qweb_pdf(
                "gpme_e4.report_fiche", self.situation1.ids
            )[0]
            report._render_qweb_pdf("sale.action_report_saleorder", self.order.ids)
        with open(log, encoding="utf-8") as lines:
            delays = [
                re.search(r"--javascript-delay (\d+)", line).group(1) for line in lines
            ]
        # The E4 fiche, then Odoo's quotation (the time is in the benchmark).
        self.assertEqual(delays, ["50", "1000"])
        assert_styled_pdf(fiche_pdf)
        self.assertRegex(pdf_text(fiche_pdf), r"Page 1 / \d")
