"""Handing in returns at once: the whole dossier is kept by a background job
that waits for the evidence PDFs of the submission."""

import io
from datetime import timedelta
from unittest.mock import patch

from reportlab.pdfgen import canvas

from odoo import fields
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import DossierFixtures


@tagged("post_install", "-at_install")
class TestSubmissionJobs(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()
        cls.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )
        cls.report = cls.env.ref("gpme_e4.action_report_gpme_dossier")

    def kept(self):
        """The sealed version the dossier report would serve (none: False)."""
        return self.dossier._gpme_sealed_versions().get(self.dossier.id, False)

    def versions(self):
        self.dossier.invalidate_recordset()
        return self.dossier.version_ids.mapped("state")

    def forced(self, job):
        """The trapped job, printing for real as in production (Odoo's test
        mode renders HTML only and the job would keep nothing)."""
        job.recordset = job.recordset.with_context(force_report_rendering=True)
        return job

    def test_hand_in_queues_the_dossier_after_its_evidence_pdfs(self):
        Report = type(self.env["ir.actions.report"])
        Snapshot = type(self.env["gpme.evidence.snapshot"])
        order = self.env["purchase.order"].create(
            {"partner_id": self.evidence_partners[0].id}
        )
        with trap_jobs() as trap:
            # A correction by an administrator: logged, the fiche stays validated.
            evidence = self.env["gpme.evidence"].create(
                {
                    "situation_id": self.dossier.situation_ids[0].id,
                    "res_model": "purchase.order",
                    "res_id": order.id,
                }
            )
            self.assertEqual(evidence.snapshot_pdf_state, "pending")
            # Nothing printed in the request, even where printing is real.
            self.dossier.with_user(self.student).with_context(
                force_report_rendering=True
            ).action_submit()
            self.assertEqual(self.dossier.state, "submitted")
            jobs = [
                j for j in trap.enqueued_jobs if j.channel == "root.gpme_dossier_pdf"
            ]
            self.assertEqual(len(jobs), 1)
            self.assertEqual(self.dossier.evidence_pdf_pending, 1)
            self.assertFalse(self.kept(), "nothing kept while a PDF is pending")
            # The hand-in's version waits for its print.
            self.assertEqual(self.versions(), ["pending"])
            job = self.forced(jobs[0])
            # The evidence PDF is not there yet: try again in a minute.
            with self.assertRaises(RetryableJobError):
                job.perform()
            self.assertEqual(self.versions(), ["pending"])
            # Its render fails once: retried later, still waited for.
            with patch.object(
                Snapshot, "_gpme_render_pdf", side_effect=UserError("down")
            ):
                for expected in ("1/3", "2/3"):
                    evidence.last_snapshot_id._job_render_pdf()
                    self.assertIn(expected, evidence.last_snapshot_id.pdf_error)
                    self.assertEqual(self.dossier.evidence_pdf_pending, 1)
                    with self.assertRaises(RetryableJobError):
                        job.perform()
                    self.assertEqual(self.versions(), ["pending"])
                evidence.last_snapshot_id._job_render_pdf()
            # Given up after three attempts (the integrity page says it):
            # the dossier is kept with what is sealed. wkhtmltopdf stands
            # aside (a one-page PDF showing what the check looks for).
            self.dossier.invalidate_recordset(["evidence_pdf_pending"])
            self.assertEqual(self.dossier.evidence_pdf_pending, 0)
            pdf = tiny_pdf(*self.dossier.version_ids._gpme_pdf_needles())
            # (Other dossiers ready at the same time, the demo's, print alone.)
            with (
                patch.object(Report, "_gpme_render_pdfs_committed", lambda *a: {}),
                patch.object(
                    Report, "_gpme_render_pdf_committed", lambda *a, **k: [pdf]
                ),
            ):
                job.perform()
        self.assertEqual(self.versions(), ["done"])
        self.assertEqual(self.dossier.version_ids.mapped("version"), [1])
        self.assertEqual(self.kept(), self.dossier.version_ids)
        self.assertEqual(self.kept()._gpme_raw(), pdf)

    def test_back_to_draft_job_does_nothing(self):
        with trap_jobs() as trap:
            self.dossier.with_user(self.student).action_submit()
            self.dossier.sudo().state = "draft"
            for job in trap.enqueued_jobs:
                if job.channel == "root.gpme_dossier_pdf":
                    self.forced(job)
            trap.perform_enqueued_jobs()
        self.assertEqual(self.versions(), ["pending"])
        self.assertFalse(self.dossier.version_ids.pdf)

    def test_last_sealed_evidence_pdf_wakes_the_dossier_job(self):
        """The dossier's job waits a minute between looks; the evidence job
        that seals the last PDF runs it at once instead (deadline evening)."""
        Snapshot = type(self.env["gpme.evidence.snapshot"])
        order = self.env["purchase.order"].create(
            {"partner_id": self.evidence_partners[0].id}
        )
        evidence = self.env["gpme.evidence"].create(
            {
                "situation_id": self.dossier.situation_ids[0].id,
                "res_model": "purchase.order",
                "res_id": order.id,
            }
        )
        self.dossier.with_user(self.student).action_submit()
        job = self.env["queue.job"].search(
            [("identity_key", "=like", f"gpme_dossier_pdf_{self.dossier.id}_%")]
        )
        self.assertEqual(len(job), 1)
        # This version alone (a batch would take the database's others along).
        self.env["ir.config_parameter"].set_param("gpme_e4.evidence_pdf_batch", "1")
        later = fields.Datetime.now() + timedelta(minutes=1)
        job.eta = later  # as after its first look found a PDF to come
        # Woken too early (a PDF still pending): it keeps its minute.
        self.dossier._gpme_wake_dossier_pdf()
        self.assertEqual(job.eta, later)
        with (
            patch.object(Snapshot, "_gpme_render_pdf", lambda snap: tiny_pdf()),
            patch.object(Snapshot, "_gpme_pdf_needles", lambda snap: ["Bon"]),
        ):
            evidence.last_snapshot_id._job_render_pdf()
        snapshot = evidence.last_snapshot_id
        self.assertEqual(snapshot.pdf_state, "done", snapshot.pdf_error)
        self.assertFalse(job.eta, "the dossier job runs now")
        self.assertEqual(job.state, "pending")


def tiny_pdf(*lines):
    """A one-page PDF saying « Bon de commande » or the given lines (reportlab
    ships with Odoo)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for i, line in enumerate(lines or ["Bon de commande"]):
        page.drawString(72, 720 - 20 * i, line)
    page.save()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestDossierJobTakenByAnother(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()

    def test_dossier_printed_by_another_job_is_retried_not_failed(self):
        """A dossier another job's batch is printing: its own job looks again
        later (the other one may fail), it never ends « failed »."""
        Version = type(self.env["gpme.dossier.version"])
        self.dossier.with_user(self.student).action_submit()
        self.assertFalse(self.dossier.evidence_pdf_pending)
        with (
            patch.object(Version, "_gpme_claim_batch", lambda v: v.browse()),
            self.assertRaises(RetryableJobError),
        ):
            self.dossier.with_context(
                force_report_rendering=True
            )._job_store_dossier_pdf()
        self.assertEqual(self.dossier.version_ids.state, "pending")
