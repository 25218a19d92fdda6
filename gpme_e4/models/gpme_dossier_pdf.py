import logging
import re
from datetime import timedelta

import psycopg2

from odoo import _, api, fields, models, tools
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools.misc import format_datetime

from ..services import job_channels
from ..services.job_rows import read_committed_env
from ..services.toast import toast

_logger = logging.getLogger(__name__)

DOSSIER_PDF_CHANNEL = job_channels.DOSSIER_PDF
# How long the kept dossier waits for its evidence PDFs before printing
# with what is sealed (the integrity page then says which are missing).
DOSSIER_PDF_WAIT = timedelta(days=1)
# Who may ask again for a PDF of the dossier whose preparation failed for good
# (the whole dossier's print, or an evidence's PDF): those who answer for it.
# The commission reads the failure and who can ask again, without the button.
PDF_RETRY_ROLES = frozenset({"student", "teacher", "admin"})


class GpmeDossierPdf(models.AbstractModel):
    """The whole dossier kept at each hand-in: its background job, the
    batches of dossiers printed together and sealed in their versions, the
    result told to the student (moved whole out of gpme.dossier, issue 23)."""

    _name = "gpme.dossier.pdf"
    _description = "E4 dossier: the whole dossier kept at hand-in"

    # What the dossier form says of the last hand-in's print (issue 22): in
    # preparation (with the time of the job's next try), or failed for good
    # with the reason and « Retry » for those who may print it again.
    dossier_pdf_status = fields.Selection(
        [("pending", "Being printed"), ("failed", "Failed")],
        string="Whole dossier PDF",
        compute="_compute_dossier_pdf_status",
    )
    dossier_pdf_note = fields.Char(
        string="Whole dossier PDF message", compute="_compute_dossier_pdf_status"
    )
    can_retry_dossier_pdf = fields.Boolean(compute="_compute_dossier_pdf_status")

    def _compute_evidence_pdf_pending(self):
        Snapshot = self.env["gpme.evidence.snapshot"].sudo()
        groups = Snapshot.read_group(
            [("dossier_id", "in", self.ids)] + Snapshot._gpme_pdf_to_come_domain(),
            ["dossier_id"],
            ["dossier_id"],
            lazy=False,
        )
        counts = {g["dossier_id"][0]: g["__count"] for g in groups}
        for dossier in self:
            dossier.evidence_pdf_pending = counts.get(dossier.id, 0)

    def _gpme_dossier_pdf_job_key(self):
        self.ensure_one()
        return f"gpme_dossier_pdf_{self.id}_{self.submitted_date}"

    def _gpme_dossier_pdf_jobs(self):
        """{dossier id: the newest job of its last hand-in's print}."""
        keys = {d._gpme_dossier_pdf_job_key(): d.id for d in self if d.submitted_date}
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search([("identity_key", "in", list(keys))], order="id desc")
        )
        result = {}
        for job in jobs:
            result.setdefault(keys[job.identity_key], job)
        return result

    @api.depends("state", "version_ids.state", "version_ids.error")
    @api.depends_context("uid")
    def _compute_dossier_pdf_status(self):
        dossiers = self.filtered("id")
        allowed = dossiers._gpme_may_retry_pdf()
        jobs = dossiers.sudo()._gpme_dossier_pdf_jobs() if dossiers else {}
        now = fields.Datetime.now()
        for dossier in self:
            version = dossier.sudo().version_ids[:1]
            job = jobs.get(dossier.id)
            status = note = reason = False
            if dossier.state != "draft" and version.state == "failed":
                status = "failed"
                # The job's message starts with its attempt count.
                reason = re.sub(r"^[^:]*\d+/\d+\s*:\s*", "", version.error or "")
            elif dossier.state != "draft" and version.state == "pending":
                status = "pending"
                if job and job.state == "failed":
                    # Stopped by an error of its own: failed for good too.
                    status = "failed"
                    reason = job.exc_message or job.exc_name
            may_retry = status == "failed" and allowed.get(dossier.id, False)
            if may_retry:
                note = _(
                    "The whole dossier as handed in (version %(version)s) could "
                    "not be printed: %(reason)s. « Retry » prints it again.",
                    version=version.version,
                    reason=reason or _("unknown error"),
                )
            elif status == "failed":
                # Said without the button to those who may not press it.
                note = _(
                    "The whole dossier as handed in (version %(version)s) could "
                    "not be printed: %(reason)s. The student or the teachers of "
                    "the class can print it again.",
                    version=version.version,
                    reason=reason or _("unknown error"),
                )
            elif status == "pending" and job and job.state == "pending" and job.retry:
                note = _(
                    "Whole dossier PDF being prepared, new attempt at %s",
                    format_datetime(
                        self.env, max(job.eta or now, now), dt_format="HH:mm"
                    ),
                )
            elif status == "pending":
                note = _("Whole dossier PDF being prepared")
            dossier.dossier_pdf_status = status
            dossier.dossier_pdf_note = note
            dossier.can_retry_dossier_pdf = may_retry

    def _gpme_may_retry_pdf(self):
        """{dossier id: whether the user may ask again for its failed PDFs}
        (PDF_RETRY_ROLES): the whole dossier's, and its evidence's."""
        roles = self._gpme_roles_map() if self.ids else {}
        return {key: bool(held & PDF_RETRY_ROLES) for key, held in roles.items()}

    def _gpme_check_retry_pdf(self):
        """Refuse « Retry » on these dossiers' PDFs to whoever is not in
        PDF_RETRY_ROLES on every one, before anything is read or said."""
        if not all(self._gpme_may_retry_pdf().values()):
            raise AccessError(_("You are not allowed to prepare this PDF again."))

    def action_retry_dossier_pdf(self):
        """« Retry »: print again the whole dossier whose last hand-in could
        not be printed. Once per failure: a second click (or a stale screen)
        finds the print queued and queues nothing more."""
        self._gpme_check_retry_pdf()
        self.invalidate_recordset(["dossier_pdf_status"])
        failed = self.filtered(lambda d: d.dossier_pdf_status == "failed")
        for dossier in failed.sudo():
            version = dossier.version_ids[:1]
            version.write({"state": "pending", "error": False})
            dossier._gpme_queue_dossier_pdf()
            dossier.message_post(
                body=_(
                    "Whole dossier PDF (version %(version)s): printed again at "
                    "the request of %(user)s.",
                    version=version.version,
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        if not failed:
            return toast(
                _("The whole dossier is already being printed, or is kept."),
                kind="info",
            )
        return toast(
            _("The whole dossier is being printed again: you will be told here."),
            title=_("Whole dossier PDF"),
        )

    def _gpme_queue_dossier_pdf(self):
        # A background job, not the hand-in request: a whole dossier with its
        # annex takes seconds to print, and its evidence PDFs are still being
        # rendered by their own jobs at this point.
        for dossier in self:
            dossier.with_delay(
                channel=DOSSIER_PDF_CHANNEL,
                max_retries=job_channels.JOBS[DOSSIER_PDF_CHANNEL]["max_retries"],
                description=_("E4 whole dossier PDF: %s", dossier.name),
                identity_key=dossier._gpme_dossier_pdf_job_key(),
            )._job_store_dossier_pdf()

    def _gpme_wake_dossier_pdf(self):
        """Run now the whole-dossier jobs of the handed-in dossiers whose
        evidence PDFs are all sealed, rather than at their next minute of
        waiting (called by the evidence job that sealed the last one)."""
        # Counted afresh: the versions were sealed in this transaction.
        self.invalidate_recordset(["evidence_pdf_pending"])
        dossiers = self.sudo().filtered(
            lambda d: (
                d.state != "draft" and d.submitted_date and not d.evidence_pdf_pending
            )
        )
        if not dossiers:
            return
        keys = [f"gpme_dossier_pdf_{d.id}_{d.submitted_date}" for d in dossiers]
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search([("identity_key", "in", keys), ("state", "=", "pending")])
        )
        # queue_job's runner is notified of the row's change and runs it.
        jobs.filtered("eta").write({"eta": False})

    def _job_store_dossier_pdf(self):
        """Keep the whole dossier as submitted once every evidence PDF is
        sealed; until then, look again a minute later (not a try). A failed
        print is tried again by queue_job (retry_pattern, max_retries); the
        kept PDF, or the failure after the last try, reaches the user who
        handed in through the dossier's chatter and inbox."""
        self.ensure_one()
        # Read and written in a read-committed cursor of its own: a dossier
        # prints for seconds before it seals, and in the job's own snapshot
        # the seal's journal entry would conflict with every seal committed
        # meanwhile (queue_job would then print the whole batch again).
        with read_committed_env(self.env) as env:
            return self.with_env(env)._gpme_job_store_dossier_pdf()

    def _gpme_job_store_dossier_pdf(self):
        dossier = self.sudo()
        if dossier.state == "draft":
            return _("Nothing to do: the dossier is back in draft.")
        pending = dossier.evidence_pdf_pending
        waited = fields.Datetime.now() - (
            dossier.submitted_date or fields.Datetime.now()
        )
        if pending and waited < DOSSIER_PDF_WAIT:
            raise RetryableJobError(
                _("%s evidence PDF(s) still in preparation.", pending),
                seconds=60,
                ignore_retry=True,
            )
        version = dossier.version_ids[:1]
        if version.state == "done":
            return _("Nothing to do: the hand-in is kept already.")
        error = False
        try:
            dossier._gpme_store_dossier_pdf()
        except RetryableJobError:
            raise  # printed by another job's batch: look again later
        except psycopg2.OperationalError as exc:
            if exc.pgcode in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise  # queue_job runs it again on fresh data
            raise UserError(str(exc)) from exc
        except Exception as exc:  # pylint: disable=broad-except
            error = str(exc) or exc.__class__.__name__
        if version.state == "done":
            dossier._gpme_dossier_pdf_result(version)
        elif error or version.state == "failed":
            # The failure says which renderer was used.
            error = _(
                "%(error)s (%(binary)s)",
                error=error or version.error,
                binary=self.env["ir.actions.report"]._gpme_wkhtmltopdf_label(),
            )
            Result = self.env["gpme.job.result"]
            attempt, allowed = Result._gpme_attempt(
                0, job_channels.JOBS[DOSSIER_PDF_CHANNEL]["max_retries"]
            )
            last = 0 < allowed <= attempt
            version.write(
                {
                    # A try left: still being printed, the reason kept.
                    "state": "failed" if last else "pending",
                    "error": _(
                        "Attempt %(n)s/%(max)s: %(error)s",
                        n=attempt,
                        max=allowed,
                        error=error,
                    ),
                }
            )
            if not last:
                # queue_job tries again (retry_pattern): this transaction is
                # rolled back, the job row keeps the reason.
                raise RetryableJobError(error)
            dossier._gpme_dossier_pdf_result(version, error, attempt)
            return error
        return _("Whole dossier PDF kept as submitted.")

    def _gpme_dossier_pdf_result(self, version, error=None, attempts=0):
        """The kept dossier (or why it could not be printed) in the dossier's
        chatter and the inbox of the user who handed it in."""
        self.ensure_one()
        if error:
            title = _("Whole dossier PDF: failed")
            body = _(
                "The whole dossier as handed in (version %(version)s) could not "
                "be printed after %(n)s attempt(s): %(reason)s. It stays handed "
                "in; « Retry » on the dossier prints it again.",
                version=version.version,
                n=attempts,
                reason=error,
            )
            attachment = None
        else:
            title = _("Whole dossier PDF: kept")
            body = _(
                "The whole dossier as handed in (version %(version)s) is kept, "
                "sealed by its SHA-256 %(sha)s.",
                version=version.version,
                sha=version.pdf_sha256,
            )
            attachment = (version.pdf_name, version._gpme_raw())
        # The student who handed it in (the batch may be another's job).
        self.env["gpme.job.result"]._gpme_post(
            self, self.sudo().student_id, title, body, attachment, failed=bool(error)
        )

    def _gpme_store_dossier_pdf(self):
        """Print the whole dossier once, as submitted, into its hand-in
        version (checked and sealed there); the report serves that version
        afterwards, never a file found by its name."""
        if tools.config["test_enable"] and not self.env.context.get(
            "force_report_rendering"
        ):
            return  # Odoo's test mode renders HTML only: nothing to keep.
        report = self.env.ref("gpme_e4.action_report_gpme_dossier").sudo()
        # From its job: in a cursor of its own once the report assets are
        # committed (queue_job forbids the commit Odoo would do).
        renderer = report.with_context(gpme_dossier_fresh=True)
        for dossier in self:
            version = dossier.sudo().version_ids.filtered(lambda v: v.state != "done")[
                :1
            ]
            if not version or version != dossier.sudo().version_ids[:1]:
                continue  # nothing to keep: the last hand-in is sealed already
            # Other dossiers ready at the same time print in the same runs
            # (each part of the dossier is one wkhtmltopdf run for them all).
            batch = version._gpme_claim_batch()
            if not batch:
                raise RetryableJobError(
                    _("The dossier is being printed by another job."),
                    seconds=30,
                    ignore_retry=True,
                )
            parts = {}
            if len(batch) > 1:
                try:
                    parts = renderer._gpme_render_pdfs_committed(
                        report.report_name, batch.dossier_id.ids
                    )
                except Exception as exc:  # pylint: disable=broad-except
                    _logger.warning("E4 dossier PDF batch failed: %s", exc)
            for member in batch:
                pdf = parts.get(member.dossier_id.id)
                if not (pdf and member._gpme_seal(pdf)):
                    # Alone when the batch could not tell it apart.
                    pdf = renderer._gpme_render_pdf_committed(
                        report.report_name, member.dossier_id.ids
                    )[0]
                    member._gpme_seal(pdf)
                if member.dossier_id != dossier and member.state == "done":
                    # Its own job will find it kept: its student is told now.
                    member.dossier_id._gpme_dossier_pdf_result(member)

    def _gpme_sealed_versions(self):
        """{dossier id: its last hand-in's version} for the dossiers handed
        in whose last version is sealed and still verifies."""
        result = {}
        for dossier in self.sudo():
            version = dossier.version_ids[:1]
            if dossier.state != "draft" and version and version._gpme_raw() is not None:
                result[dossier.id] = version
        return result
