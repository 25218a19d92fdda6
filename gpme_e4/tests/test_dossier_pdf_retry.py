"""« Relancer » on a whole dossier whose print failed for good: the dossier
form says what failed, in French, and offers the button to those who may
print it again; one click queues one new job, a second click none.

The same rule for an evidence PDF that failed for good (one definition,
gpme.dossier.pdf's PDF_RETRY_ROLES): the student, the class's teachers and
the E4 admin get « Relancer »; the commission reads what failed and who can
ask again, without the button, and is refused if it calls it."""

from unittest.mock import patch

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import format_datetime

from .common import DossierFixtures
from .jobs_common import jobs_of, run_job
from .test_submission_jobs import tiny_pdf


def down(dossier):
    raise OSError("wkhtmltopdf a planté")


@tagged("post_install", "-at_install")
class TestDossierPdfRetry(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.dossier = cls.make_full_dossier()
        cls.dossier.commission_user_ids = cls.commission
        cls.dossier.with_user(cls.student).with_context(lang="fr_FR").action_submit()
        cls.key = cls.dossier._gpme_dossier_pdf_job_key()
        cls.version = cls.dossier.version_ids
        Dossier = type(cls.env["gpme.dossier"])
        cls.tz = "Europe/Paris"
        (cls.student | cls.teacher).tz = cls.tz
        # Three tries, as queue_job's runner makes them (retry_pattern).
        with patch.object(Dossier, "_gpme_store_dossier_pdf", down):
            job = jobs_of(cls.env, cls.key)
            run_job(cls.env, job)
            # While a try is left, the time of the next one, from the job row.
            cls.next_try = job.eta
            cls.note_retry_left = cls.read_as(cls.student).dossier_pdf_note
            run_job(cls.env, job)
            run_job(cls.env, job)
        cls.first_job = job
        # An evidence PDF whose tries ran out, as its last job leaves it
        # (tests/test_evidence_snapshot.py runs those tries for real).
        cls.evidence = cls.dossier.sudo().situation_ids.evidence_ids[:1]
        cls.snap = cls.evidence.last_snapshot_id
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE gpme_evidence_snapshot SET pdf_state = 'failed',"
            " pdf_attempts = 3, pdf_error = %s WHERE id = %s",
            ["Attempt 3/3: wkhtmltopdf a planté (wkhtmltopdf 0.12.6)", cls.snap.id],
        )
        cls.env.invalidate_all()

    @classmethod
    def read_as(cls, user):
        dossier = cls.dossier.with_user(user).with_context(lang="fr_FR")
        dossier.invalidate_recordset()
        return dossier

    def pending_jobs(self):
        return jobs_of(self.env, self.key).filtered(lambda j: j.state == "pending")

    def retry_lines(self):
        return self.dossier.message_ids.filtered(
            lambda m: "impression relancée" in (m.body or "")
        )

    def test_new_attempt_time_comes_from_the_job(self):
        at = format_datetime(self.env, self.next_try, tz=self.tz, dt_format="HH:mm")
        self.assertEqual(
            self.note_retry_left,
            f"PDF du dossier complet en préparation, nouvel essai à {at}",
        )

    def test_failure_said_in_french_relancer_offered_to_student_and_teacher(self):
        self.assertEqual((self.first_job.state, self.version.state), ("done", "failed"))
        for user in (self.student, self.teacher):
            dossier = self.read_as(user)
            self.assertEqual(dossier.dossier_pdf_status, "failed")
            self.assertIn("n'a pas pu être imprimé", dossier.dossier_pdf_note)
            self.assertIn("wkhtmltopdf a planté", dossier.dossier_pdf_note)
            self.assertIn("« Relancer »", dossier.dossier_pdf_note)
            self.assertNotIn("3/3", dossier.dossier_pdf_note)
            self.assertTrue(dossier.can_retry_dossier_pdf, user.login)
        # The student was told where to print it again.
        told = self.dossier.message_ids.filtered(
            lambda m: "après 3 essai(s)" in (m.body or "")
        )
        self.assertIn("« Relancer » sur le dossier", told.body)
        # The commission reads the failure, without the button.
        jury = self.read_as(self.commission)
        self.assertEqual(jury.dossier_pdf_status, "failed")
        self.assertFalse(jury.can_retry_dossier_pdf)
        self.assertIn("n'a pas pu être imprimé", jury.dossier_pdf_note)
        self.assertNotIn("Relancer", jury.dossier_pdf_note)
        self.assertIn("enseignants de la classe", jury.dossier_pdf_note)

    def test_student_retries_once_then_kept(self):
        dossier = self.read_as(self.student)
        action = dossier.action_retry_dossier_pdf()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("imprimé à nouveau", action["params"]["message"])
        (job,) = self.pending_jobs()
        self.assertNotEqual(job, self.first_job)
        self.assertEqual((job.channel, job.retry), ("root.gpme_dossier_pdf", 0))
        self.assertEqual(self.version.state, "pending")
        self.assertEqual(len(self.retry_lines()), 1)
        self.assertIn(self.student.name, self.retry_lines().body)
        dossier = self.read_as(self.student)
        self.assertEqual(dossier.dossier_pdf_status, "pending")
        self.assertEqual(
            dossier.dossier_pdf_note, "PDF du dossier complet en préparation"
        )
        self.assertFalse(dossier.can_retry_dossier_pdf)
        # A double click (or a screen left open): nothing queued twice.
        again = dossier.action_retry_dossier_pdf()
        self.assertEqual(again["params"]["type"], "info")
        self.assertEqual(self.pending_jobs(), job)
        self.assertEqual(len(self.retry_lines()), 1)
        # The new job prints it: kept, nothing left to retry.
        Dossier = type(self.env["gpme.dossier"])
        Version = type(self.env["gpme.dossier.version"])

        def store(record):
            record.version_ids[:1]._gpme_seal(tiny_pdf())

        with (
            patch.object(Dossier, "_gpme_store_dossier_pdf", store),
            patch.object(Version, "_gpme_pdf_needles", lambda v: ["Bon"]),
        ):
            run_job(self.env, job)
        self.assertEqual(job.state, "done", job.exc_info)
        self.assertEqual(self.version.state, "done")
        dossier = self.read_as(self.student)
        self.assertFalse(dossier.dossier_pdf_status)
        self.assertFalse(dossier.dossier_pdf_note)

    def test_teacher_retries(self):
        self.read_as(self.teacher).action_retry_dossier_pdf()
        self.assertEqual(len(self.pending_jobs()), 1)
        self.assertIn(self.teacher.name, self.retry_lines().body)

    def test_others_refused_without_naming_the_dossier(self):
        for user in (self.other_student, self.other_teacher, self.commission):
            dossier = self.dossier.with_user(user)
            dossier.invalidate_recordset()
            with self.assertRaises(AccessError) as refused:
                dossier.action_retry_dossier_pdf()
            message = str(refused.exception)
            self.assertNotIn(self.student.name, message)
            self.assertNotIn(self.dossier.name, message)
        self.assertFalse(self.pending_jobs())
        self.assertEqual(self.version.state, "failed")
        self.assertFalse(self.retry_lines())

    def test_job_stopped_by_its_own_error_is_failed_too(self):
        """A job queue_job marked failed (an error outside the print) leaves
        the version « being printed »: it is a failure all the same."""
        self.version.sudo().write({"state": "pending", "error": False})
        self.first_job.write({"state": "failed", "exc_message": "mémoire épuisée"})
        dossier = self.read_as(self.student)
        self.assertEqual(dossier.dossier_pdf_status, "failed")
        self.assertIn("mémoire épuisée", dossier.dossier_pdf_note)
        dossier.action_retry_dossier_pdf()
        self.assertEqual(len(self.pending_jobs()), 1)

    # --- an evidence PDF failed for good: the same rule -----------------------
    def evidence_as(self, user):
        evidence = self.evidence.with_user(user).with_context(lang="fr_FR")
        evidence.env.invalidate_all()
        return evidence

    def evidence_jobs(self):
        return jobs_of(self.env, self.snap._gpme_job_key()).filtered(
            lambda j: j.state == "pending"
        )

    def test_evidence_failure_relancer_for_student_teachers_and_admin(self):
        for user in (self.student, self.teacher, self.admin):
            evidence = self.evidence_as(user)
            self.assertEqual(evidence.snapshot_pdf_status, "failed")
            self.assertTrue(evidence.can_retry_pdf, user.login)
            self.assertIn(
                "n'a pas pu être préparé après 3 essais", evidence.snapshot_note
            )
            self.assertIn("wkhtmltopdf a planté", evidence.snapshot_note)
            self.assertIn("« Relancer »", evidence.snapshot_note)
            # The Versions tab's row says and offers the same.
            version = evidence.snapshot_ids[-1:]
            self.assertEqual(version, self.snap.with_user(user))
            self.assertTrue(version.can_retry_pdf, user.login)
            self.assertEqual(version.pdf_status_note, evidence.snapshot_note)
            # The fiche's evidence list too.
            row = evidence.situation_id.evidence_ids.filtered(
                lambda e: e.id == self.evidence.id
            )
            self.assertTrue(row.can_retry_pdf, user.login)

    def test_evidence_failure_read_by_the_commission_without_the_button(self):
        evidence = self.evidence_as(self.commission)
        self.assertEqual(evidence.snapshot_pdf_status, "failed")
        self.assertFalse(evidence.can_retry_pdf)
        self.assertFalse(evidence.snapshot_ids[-1:].can_retry_pdf)
        self.assertEqual(
            evidence.snapshot_note,
            "Le PDF n'a pas pu être préparé après 3 essais : wkhtmltopdf a planté "
            "(wkhtmltopdf 0.12.6). L'élève ou les enseignants de la classe "
            "peuvent le relancer.",
        )
        self.assertEqual(
            evidence.snapshot_ids[-1:].pdf_status_note, evidence.snapshot_note
        )
        # Read by the student in the same transaction: her own sentence.
        self.assertTrue(self.evidence_as(self.student).can_retry_pdf)

    def test_evidence_buttons_shown_by_can_retry_pdf(self):
        """Every « Relancer » of an evidence PDF (the form's alert and its
        snapshot tab, the Versions list, the evidence list, the fiche's
        evidence list) is hidden by can_retry_pdf, not by the status."""
        views = [
            ("gpme.evidence", "form"),
            ("gpme.evidence", "tree"),
            ("gpme.situation", "form"),
        ]
        buttons = []
        for model, kind in views:
            arch = self.env[model].with_user(self.commission).get_view(view_type=kind)
            buttons += etree.fromstring(arch["arch"]).xpath(
                "//button[@name='action_retry_pdf']"
            )
        self.assertEqual(len(buttons), 5)
        for button in buttons:
            self.assertIn("can_retry_pdf", button.get("modifiers"))
            self.assertNotIn("status", button.get("modifiers"))

    def test_student_retries_evidence_once(self):
        evidence = self.evidence_as(self.student)
        evidence.action_retry_pdf()
        (job,) = self.evidence_jobs()
        self.assertEqual(job.channel, "root.gpme_evidence_pdf")
        self.assertEqual((self.snap.pdf_state, self.snap.pdf_attempts), ("pending", 0))
        self.assertFalse(self.snap.pdf_error)
        evidence = self.evidence_as(self.student)
        self.assertEqual(evidence.snapshot_note, "PDF en préparation")
        self.assertFalse(evidence.can_retry_pdf)
        # A double click, or a screen left open (on the evidence or on its
        # version): nothing queued twice.
        evidence.action_retry_pdf()
        evidence.snapshot_ids[-1:].action_retry_pdf()
        self.assertEqual(self.evidence_jobs(), job)

    def test_teacher_retries_evidence_from_its_version(self):
        self.evidence_as(self.teacher).snapshot_ids[-1:].action_retry_pdf()
        self.assertEqual(len(self.evidence_jobs()), 1)
        self.assertEqual(self.snap.pdf_state, "pending")

    def test_evidence_retry_refused_to_others_naming_nothing(self):
        secrets = [self.student.name, self.dossier.name, self.evidence.name]
        for user in (self.commission, self.other_student, self.other_teacher):
            for target in (self.evidence, self.snap):
                record = target.with_user(user).with_context(lang="fr_FR")
                record.env.invalidate_all()
                with self.assertRaises(AccessError, msg=user.login) as refused:
                    record.action_retry_pdf()
                for secret in secrets:
                    self.assertNotIn(secret, str(refused.exception))
        # Those outside the class do not even read it.
        for user in (self.other_student, self.other_teacher):
            evidence = self.evidence.with_user(user)
            evidence.invalidate_recordset()
            with self.assertRaises(AccessError):
                evidence.read(["snapshot_note"])
        self.assertFalse(self.evidence_jobs())
        self.assertEqual(self.snap.pdf_state, "failed")
