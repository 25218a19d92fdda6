"""Background PDFs followed and recovered in the browser (issue 22), as the
demo's student: « nouvel essai à HH:MM » while queue_job has a try left, a
French sentence and « Relancer » once the tries ran out, for an evidence PDF
and for the whole dossier; the commission reads both failures without it.

The job rows are put in those states here, as queue_job's runner leaves
them (tests/jobs_common.py runs the same steps for real in the job tests):
nothing is printed in the tour's requests."""

from datetime import datetime

from odoo.tests import HttpCase, tagged

from .jobs_common import jobs_of
from .tour_common import AxeTourMixin

# The next try's time, far ahead whatever the day the test runs (the note
# never shows a time already past): 13:37 UTC is 14:37 in Paris in January.
NEXT_TRY = datetime(2099, 1, 15, 13, 37)
FAILED = "Attempt 3/3: wkhtmltopdf a planté (wkhtmltopdf 0.12.6 (with patched qt))"


@tagged("post_install", "-at_install")
class TestPdfRecoveryTours(AxeTourMixin, HttpCase):
    def setUp(self):
        super().setUp()
        self.warm_assets("eleve1")
        self.student = self.env["res.users"].search([("login", "=", "eleve1")])
        self.student.tz = "Europe/Paris"
        self.dossier = self.env["gpme.dossier"].search(
            [("student_id", "=", self.student.id), ("state", "=", "submitted")]
        )
        self.assertEqual(len(self.dossier), 1, "the demo's handed-in dossier")
        evidences = self.env["gpme.evidence"].search(
            [("dossier_id", "=", self.dossier.id)], order="id"
        )
        snapshots = evidences.mapped("last_snapshot_id")
        self.assertGreaterEqual(len(snapshots), 2, "its evidence has versions")
        self.waiting, self.failed = snapshots[:2]
        # Whatever an earlier test left them in (printed, or not yet): both
        # still to print, rolled back with the test.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gpme_evidence_snapshot SET pdf_state = 'pending',"
            " pdf_error = NULL, pdf_attempts = 0 WHERE id IN %s",
            [tuple(snapshots[:2].ids)],
        )
        self.env.invalidate_all()

        # A try failed, one left: queue_job postponed the job (its try was
        # rolled back: the version is still « pending », without error).
        job = self.job(self.waiting)
        job.write({"state": "pending", "retry": 1, "eta": NEXT_TRY})
        # The last try failed: the version says why, its job is over.
        self.job(self.failed).write({"state": "done"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gpme_evidence_snapshot SET pdf_state = 'failed',"
            " pdf_attempts = 3, pdf_error = %s WHERE id = %s",
            [FAILED, self.failed.id],
        )
        # The whole dossier's print failed for good too.
        self.job(self.dossier).write({"state": "done"})
        self.dossier.version_ids[:1].sudo().write({"state": "failed", "error": FAILED})
        self.env.invalidate_all()

    def job(self, record):
        """The record's PDF job, as queued (a database whose demo was built
        before the jobs had an identity key: queued now, the same way)."""
        dossier = record._name == "gpme.dossier"
        key = record._gpme_dossier_pdf_job_key() if dossier else record._gpme_job_key()
        if not jobs_of(self.env, key):
            if dossier:
                record._gpme_queue_dossier_pdf()
            else:
                record._gpme_queue_pdf()
        # The newest (a reused database may keep older ones, over).
        return jobs_of(self.env, key)[:1]

    def url(self, record):
        return f"/web#model={record._name}&id={record.id}&view_type=form"

    def test_student_follows_and_relaunches_background_pdfs(self):
        counts = self.run_axe_tour(
            self.url(self.waiting.evidence_id),
            "gpme_e4_evidence_pdf_new_attempt",
            "eleve1",
            ["evidence PDF, new attempt"],
        )
        # The commission reads why the evidence PDF failed, without the
        # button (the student's, the teachers' and the E4 admin's).
        counts.update(
            self.run_axe_tour(
                self.url(self.failed.evidence_id),
                "gpme_e4_evidence_pdf_failed_reader",
                "jury",
                ["evidence PDF failed, commission"],
            )
        )
        self.env.invalidate_all()
        self.assertEqual(self.failed.pdf_state, "failed")
        counts.update(
            self.run_axe_tour(
                self.url(self.failed.evidence_id),
                "gpme_e4_evidence_pdf_relaunch",
                "eleve1",
                ["evidence PDF, failed", "evidence PDF, relaunched"],
            )
        )
        # Queued again, once.
        self.env.invalidate_all()
        self.assertEqual(self.failed.pdf_state, "pending")
        jobs = jobs_of(self.env, self.failed._gpme_job_key())
        self.assertEqual(jobs.mapped("state").count("pending"), 1)

        # The commission reads why, without the button.
        counts.update(
            self.run_axe_tour(
                self.url(self.dossier),
                "gpme_e4_dossier_pdf_failed_reader",
                "jury",
                ["dossier print failed, commission"],
            )
        )
        counts.update(
            self.run_axe_tour(
                self.url(self.dossier),
                "gpme_e4_dossier_pdf_relaunch",
                "eleve1",
                ["dossier print failed"],
            )
        )
        self.env.invalidate_all()
        self.assertEqual(self.dossier.version_ids[:1].state, "pending")
        jobs = jobs_of(self.env, self.dossier._gpme_dossier_pdf_job_key())
        self.assertEqual(jobs.mapped("state").count("pending"), 1)
        self.assertIn(
            "impression relancée à la demande de",
            self.dossier.message_ids[:1].body,
        )
        self.assertEqual(len(counts), 6)
