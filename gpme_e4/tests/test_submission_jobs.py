"""Handing in returns at once: the whole dossier is kept by a background job
that waits for the evidence PDFs of the submission."""

import io
import json
from datetime import timedelta
from unittest.mock import patch

from reportlab.pdfgen import canvas

from odoo import fields
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import DossierFixtures
from .jobs_common import run_job


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
                    # Said on the version, then queue_job tries again.
                    retried(evidence.last_snapshot_id._job_render_pdf)
                    self.assertIn(expected, evidence.last_snapshot_id.pdf_error)
                    self.assertEqual(self.dossier.evidence_pdf_pending, 1)
                    with self.assertRaises(RetryableJobError):
                        job.perform()
                    self.assertEqual(self.versions(), ["pending"])
                evidence.last_snapshot_id._job_render_pdf()  # the last try
                self.assertEqual(evidence.last_snapshot_id.pdf_state, "failed")
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


def retried(job_method):
    """Run a job's method that asks queue_job for a new try, keeping what it
    wrote as its commit does (Odoo's assertRaises would roll it back)."""
    try:
        job_method()
    except RetryableJobError:
        return
    raise AssertionError("the job must ask for a new try")


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


@tagged("post_install", "-at_install")
class TestDossierJobResult(DossierFixtures, TransactionCase):
    """The whole dossier's job, as queue_job's runner runs it: tried again as
    its retry pattern says, then its PDF or its failure in the dossier's
    chatter and in the inbox of the student who handed it in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()
        cls.student.notification_type = "inbox"

    def setUp(self):
        super().setUp()
        self.dossier.with_user(self.student).with_context(lang="fr_FR").action_submit()
        self.job = self.env["queue.job"].search(
            [("identity_key", "=like", f"gpme_dossier_pdf_{self.dossier.id}_%")]
        )
        self.version = self.dossier.version_ids
        # The hand-in's tracking is posted at its commit (one transaction
        # here): before the messages are counted.
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.seen = self.env["mail.message"].search([]).ids
        self.bus_seen = self.env["bus.bus"].search([]).ids

    def told(self):
        """The messages posted on the dossier since the hand-in."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "gpme.dossier"),
                ("res_id", "=", self.dossier.id),
                ("id", "not in", self.seen),
            ]
        )

    def assert_in_inbox(self, message):
        notif = message.notification_ids
        self.assertEqual(notif.res_partner_id, self.student.partner_id)
        self.assertEqual(notif.notification_type, "inbox")
        self.assertFalse(notif.is_read)

    def toasts(self):
        return [
            json.loads(bus.message)["payload"]
            for bus in self.env["bus.bus"].search(
                [("id", "not in", self.bus_seen)], order="id"
            )
            if json.loads(bus.message)["type"] == "simple_notification"
        ]

    def test_failed_print_tried_three_times_then_told(self):
        Dossier = type(self.env["gpme.dossier"])
        self.assertEqual(
            (self.job.channel, self.job.max_retries), ("root.gpme_dossier_pdf", 3)
        )

        def down(dossier):
            raise OSError("wkhtmltopdf a planté")

        with patch.object(Dossier, "_gpme_store_dossier_pdf", down):
            for attempt, wait in ((1, 120), (2, 240)):
                before = fields.Datetime.now()
                run_job(self.env, self.job)
                self.assertEqual((self.job.state, self.job.retry), ("pending", attempt))
                self.assertAlmostEqual(
                    (self.job.eta - before).total_seconds(), wait, delta=30
                )
                # Still being printed (the try rolled back, its job row says
                # why); nobody disturbed yet.
                self.assertEqual(self.version.state, "pending")
                self.assertIn("wkhtmltopdf a planté", self.job.result)
                self.assertFalse(self.told())
            run_job(self.env, self.job)
        self.assertEqual((self.job.state, self.job.retry), ("done", 3))
        self.assertEqual(self.version.state, "failed")
        self.assertIn("3/3", self.version.error)
        self.assertIn("wkhtmltopdf a planté", self.version.error)
        # Told in French, in the dossier's chatter and the student's inbox.
        message = self.told()
        self.assertEqual(len(message), 1)
        self.assertIn("n'a pas pu être imprimé après 3 essai(s)", message.body)
        self.assertIn("wkhtmltopdf a planté", message.body)
        self.assertFalse(message.attachment_ids)
        self.assert_in_inbox(message)
        (toast,) = self.toasts()
        self.assertEqual(toast["type"], "danger")
        self.assertEqual(toast["title"], "PDF du dossier complet : échec")

    def test_kept_pdf_in_chatter_and_inbox(self):
        Dossier = type(self.env["gpme.dossier"])
        Version = type(self.env["gpme.dossier.version"])

        pdf = tiny_pdf()

        def store(dossier):
            dossier.version_ids[:1]._gpme_seal(pdf)

        with (
            patch.object(Dossier, "_gpme_store_dossier_pdf", store),
            patch.object(Version, "_gpme_pdf_needles", lambda v: ["Bon"]),
        ):
            run_job(self.env, self.job)
        self.assertEqual(self.job.state, "done", self.job.exc_info)
        self.assertEqual(self.version.state, "done")
        message = self.told()
        self.assertEqual(len(message), 1)
        self.assertIn(self.version.pdf_sha256, message.body)
        # The sealed PDF itself, which the student downloads from there.
        attachment = message.attachment_ids.with_user(self.student)
        self.assertEqual(attachment.name, self.version.pdf_name)
        self.assertEqual(attachment.raw, pdf)
        self.assert_in_inbox(message)
        (toast,) = self.toasts()
        self.assertEqual(toast["type"], "success")
        # A second run keeps nothing twice.
        self.dossier.with_context(job_uuid=False)._job_store_dossier_pdf()
        self.assertEqual(len(self.told()), 1)
