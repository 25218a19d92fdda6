"""The handed-in dossier is a sealed version, never a file found by its
name: a PDF a student uploads under the dossier's name is never served, and
each hand-in keeps its own version (real PDFs, rendered once per hand-in)."""

import base64
import importlib.util
from pathlib import Path
from unittest.mock import patch
from xmlrpc.client import Fault

from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.tests import HttpCase, tagged

from .common import DossierFixtures, RpcAsUser, assert_styled_pdf

FORGED = b"%PDF-1.4\n% forged one-page dossier\n%%EOF\n"
MIGRATION = (
    Path(__file__).parents[1] / "migrations" / "16.0.2.2.0" / "post-dossier-versions.py"
)


def load_migration():
    spec = importlib.util.spec_from_file_location("post_dossier_versions", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestDossierVersion(RpcAsUser, DossierFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()

    def keep(self):
        """What the hand-in job does once the evidence PDFs are sealed."""
        self.dossier.with_context(force_report_rendering=True)._gpme_store_dossier_pdf()
        self.dossier.invalidate_recordset()
        return self.dossier.version_ids[:1]

    def served(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open(
            f"/report/pdf/gpme_e4.report_dossier/{self.dossier.id}"
        )
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_upload_then_hand_in_is_not_served_and_versions_are_kept(self):
        student = self.student
        name = f"Dossier E4 - {student.name}.pdf"
        # The forgery: a file under the dossier's name, then the hand-in.
        self.rpc(
            student,
            "ir.attachment",
            "create",
            {
                "name": name,
                "datas": base64.b64encode(FORGED).decode(),
                "res_model": "gpme.dossier",
                "res_id": self.dossier.id,
                "mimetype": "application/pdf",
            },
        )
        self.rpc(student, "gpme.dossier", "action_submit", [self.dossier.id])
        first = self.keep()
        self.assertEqual(first.version, 1)
        self.assertEqual(first.state, "done", first.error)
        sealed = base64.b64decode(first.pdf)
        self.assertTrue(sealed.startswith(b"%PDF"))
        assert_styled_pdf(sealed)
        self.assertEqual(len(first.pdf_sha256), 64)
        entry = self.env["gpme.journal"].search(
            [("event", "=", "dossier_sealed"), ("dossier_ref", "=", self.dossier.id)]
        )
        self.assertIn(first.pdf_sha256, entry.details)
        # The teacher, the commission member and the administrator get the
        # sealed version, never the uploaded file.
        for user in (self.teacher, self.commission, self.admin):
            content = self.served(user)
            self.assertNotEqual(content, FORGED, user.login)
            self.assertEqual(content, sealed, user.login)
        # Nobody writes a version over RPC, the student least of all.
        with self.assertRaises(Fault):
            self.rpc(
                student, "gpme.dossier.version", "write", first.ids, {"pdf": False}
            )
        with self.assertRaises(Fault):
            self.rpc(
                student,
                "gpme.dossier.version",
                "create",
                {"dossier_id": self.dossier.id, "version": 9},
            )
        # Reopened then handed in again: a new version, the first one kept.
        self.rpc(self.teacher, "gpme.dossier", "action_reset_draft", [self.dossier.id])
        self.assertEqual(self.dossier.state, "draft")
        self.rpc(student, "gpme.dossier", "action_submit", [self.dossier.id])
        second = self.keep()
        self.assertEqual(second.version, 2)
        self.assertEqual(second.state, "done", second.error)
        self.assertEqual(self.dossier.version_ids, second | first)
        self.assertEqual(base64.b64decode(first.pdf), sealed)
        self.assertNotEqual(second.pdf_sha256, first.pdf_sha256)
        self.assertEqual(self.served(self.commission), base64.b64decode(second.pdf))
        # The integrity page lists both versions, the first one verified.
        page = self.env["report.gpme_e4.report_dossier_integrity"]
        rows = page._gpme_version_rows(self.dossier)[self.dossier.id]
        self.assertEqual(
            [(r["version"], r["state"]) for r in rows], [(1, "ok"), (2, "ok")]
        )

    def test_a_pdf_missing_the_fiches_is_not_sealed(self):
        self.dossier.with_user(self.student).action_submit()
        version = self.dossier.version_ids
        fiche = self.dossier.situation_ids[0]
        self.assertFalse(version._gpme_seal(FORGED))
        self.assertEqual(version.state, "failed")
        self.assertIn(fiche.code, version.error)
        self.assertFalse(self.dossier._gpme_sealed_versions())

    def test_dossiers_ready_together_print_in_the_same_runs(self):
        """The deadline evening: dossiers whose evidence is sealed print
        together (each part one wkhtmltopdf run for them all), each version
        checked and sealed with its own candidate's PDF."""
        Report = type(self.env["ir.actions.report"])
        other = self.make_full_dossier(self.other_student)
        for dossier in self.dossier | other:
            dossier.with_user(dossier.student_id).action_submit()
        runs = []
        real = Report._run_wkhtmltopdf

        def counted(report, *args, **kwargs):
            runs.append(args)
            return real(report, *args, **kwargs)

        with patch.object(Report, "_run_wkhtmltopdf", counted):
            self.keep()
            together = len(runs)
            # The other dossier's own job finds it printed.
            other.with_context(force_report_rendering=True)._gpme_store_dossier_pdf()
            self.assertEqual(len(runs), together)
            # One dossier alone, for comparison: reopened, handed in again.
            self.dossier.with_user(self.teacher).action_reset_draft()
            self.dossier.with_user(self.student).action_submit()
            self.keep()
            alone = len(runs) - together
        # Every part is one run for both, the candidates' own parts
        # (context, productions) included: as many runs as for one alone.
        self.assertEqual(together, alone, (together, alone))
        Snapshot = self.env["gpme.evidence.snapshot"]
        for dossier, stranger in ((self.dossier, other), (other, self.dossier)):
            version = dossier.version_ids[-1:]  # the batch's version
            self.assertEqual(version.state, "done", version.error)
            pdf = base64.b64decode(version.pdf)
            assert_styled_pdf(pdf)
            text = Snapshot._gpme_pdf_text(pdf)
            self.assertIn(dossier.student_id.name, text)
            self.assertNotIn(stranger.student_id.name, text)

    def test_migration_versions_the_dossiers_handed_in_before(self):
        """16.0.2.2.0: a dossier handed in before the versions existed gets
        its version 1, dated by its hand-in, and the job that seals it; a
        draft gets none, and a second run adds nothing."""
        self.dossier.with_user(self.student).action_submit()
        submitted = self.dossier.submitted_date
        self.env.flush_all()
        # As the former version left it: no version at all.
        self.env.cr.execute(
            "DELETE FROM gpme_dossier_version WHERE dossier_id = %s", [self.dossier.id]
        )
        self.env.invalidate_all()
        self.assertFalse(self.dossier.version_ids)
        migration = load_migration()
        with trap_jobs() as trap:
            migration.migrate(self.env.cr, "16.0.2.1.0")
            migration.migrate(self.env.cr, "16.0.2.1.0")
            self.env.invalidate_all()
            version = self.dossier.version_ids
            self.assertEqual(len(version), 1)
            self.assertEqual(
                (version.version, version.state, version.submitted_date),
                (1, "pending", submitted),
            )
            trap.assert_jobs_count(1, only=self.dossier._job_store_dossier_pdf)
        drafts = self.env["gpme.dossier"].search([("state", "=", "draft")])
        self.assertTrue(drafts)
        self.assertFalse(drafts.version_ids)
        # The job then prints, checks and seals that version, served from then on.
        self.assertEqual(self.keep(), version)
        self.assertEqual(version.state, "done", version.error)
        self.assertEqual(self.served(self.commission), base64.b64decode(version.pdf))
