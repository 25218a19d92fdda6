"""Evidence PDFs rendered in batches (issue 19): one wkhtmltopdf run for the
versions pending for the same report, split per record, each part checked
and sealed on its own."""

import base64
from unittest.mock import patch

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.tests.common import HttpCase, tagged
from odoo.tools import config

from .common import EvidenceFixture, assert_styled_pdf, pdf_text


@tagged("post_install", "-at_install")
class TestEvidenceBatch(EvidenceFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("gpme_e4.evidence_snapshot_pdf", "1")
        params.set_param("report.url", f"http://127.0.0.1:{config['http_port']}")
        cls.orders = cls.order | cls._make_order(cls.student1, 3)
        cls.orders |= cls._make_order(cls.student1, 5)

    def tag_and_run_first_job(self, trap, needles=None):
        """Tag the three orders, run only the first job; returns (snapshots,
        wkhtmltopdf runs, the other jobs)."""
        Report = type(self.env["ir.actions.report"])
        Snapshot = type(self.env["gpme.evidence.snapshot"])
        run = Report._run_wkhtmltopdf
        runs = []

        def counted(report, *args, **kwargs):
            runs.append(args)
            return run(report, *args, **kwargs)

        real_needles = Snapshot._gpme_pdf_needles
        with (
            patch.object(Report, "_run_wkhtmltopdf", counted),
            patch.object(
                Snapshot,
                "_gpme_pdf_needles",
                lambda snap: real_needles(snap) + (needles or {}).get(snap.id, []),
            ),
        ):
            evidences = self._tag(self.student1, self.orders, self.situation1)
            snapshots = evidences.last_snapshot_id.sorted("id")
            self.assertEqual(len(snapshots), 3)
            if needles is not None:
                needles[snapshots[1].id] = ["Texte absent de la page"]
            trap.assert_jobs_count(3)
            jobs = trap.enqueued_jobs[:]
            jobs[0].perform()
            self.env.invalidate_all()
        return snapshots, runs, jobs[1:]

    def test_one_run_for_the_batch_each_part_its_own_record(self):
        with trap_jobs() as trap:
            snapshots, runs, others = self.tag_and_run_first_job(trap)
            self.assertEqual(len(runs), 1, "one wkhtmltopdf run for three versions")
            # The other versions' own jobs find them done.
            for job in others:
                self.assertIn("déjà done", job.perform())
        self.assertEqual(set(snapshots.mapped("pdf_state")), {"done"})
        names = self.orders.mapped("name")
        for snap in snapshots:
            self.assertTrue(snap.evidence_id._verify_snapshot())
            pdf = base64.b64decode(snap.pdf)
            assert_styled_pdf(pdf)
            text = pdf_text(pdf)
            source = self.env["sale.order"].browse(snap.evidence_id.res_id)
            self.assertIn(source.name, text)
            self.assertIn(self.env.company.name, text, "company header printed")
            for other in set(names) - {source.name}:
                self.assertNotIn(other, text, "only its own record")

    def test_a_part_without_its_record_is_refused_alone(self):
        needles = {}
        with trap_jobs() as trap:
            snapshots, _runs, others = self.tag_and_run_first_job(trap, needles)
            # Not sealed, left to its own job (not a try of that job).
            self.assertEqual(snapshots.mapped("pdf_state"), ["done", "pending", "done"])
            self.assertFalse(snapshots[1].pdf)
            self.assertFalse(snapshots[1].pdf_attempts)
            # Its own job prints it again (alone): still refused, so
            # queue_job tries again as its retry pattern says.
            queued = len(trap.enqueued_jobs)
            # (Not assertRaises: its savepoint would undo what the try wrote.)
            with patch.object(
                type(snapshots),
                "_gpme_pdf_needles",
                lambda snap: ["Texte absent de la page"],
            ):
                try:
                    others[0].perform()
                    retried = False
                except RetryableJobError:
                    retried = True
            self.assertTrue(retried, "its job asks queue_job for another try")
            self.assertIn("déjà done", others[1].perform())
        self.assertEqual(snapshots[1].pdf_state, "pending")
        self.assertIn("Texte absent de la page", snapshots[1].pdf_error)
        self.assertIn("1/3", snapshots[1].pdf_error)
        self.assertFalse(snapshots[1].pdf)
        # No job of its own making: queue_job's retry, on the same row.
        self.assertEqual(len(trap.enqueued_jobs), queued)
