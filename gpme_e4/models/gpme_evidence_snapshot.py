import base64
import io
import json
import logging
import re
import shutil
import subprocess
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime
from odoo.tools.pdf import OdooPdfFileReader

from ..services import job_channels, reference_date
from ..services.evidence_snapshot import (
    pdf_missing_texts,
    seal_document,
    sha256_hex,
    values_hash,
)
from ..services.job_rows import claim_row
from .gpme_evidence_mixin import document_kind_selection

_logger = logging.getLogger(__name__)

# Renders tried, and the waits between them, are queue_job's (max_retries,
# retry_pattern), declared in services/job_channels.py.
JOB = job_channels.JOBS[job_channels.EVIDENCE_PDF]
# Versions one job renders in one wkhtmltopdf run (same report): each run
# costs seconds to start and to load the styles, whatever it prints.
PDF_BATCH = 10
JOB_CHANNEL = job_channels.EVIDENCE_PDF
PDF_STATES = [
    ("none", "No PDF"),
    ("pending", "PDF being prepared"),
    ("done", "PDF sealed"),
    ("failed", "PDF failed"),
]


class GpmeEvidenceSnapshot(models.Model):
    """One sealed version of an evidence: never rewritten once sealed.

    The version taken at tagging is kept forever; a refresh or the submission
    adds one. Values are sealed at once; the PDF is rendered by a queue_job
    job that completes the seal when the PDF shows its record.
    """

    _name = "gpme.evidence.snapshot"
    _description = "E4 evidence snapshot version"
    _order = "evidence_id, version"
    _rec_name = "display_label"

    evidence_id = fields.Many2one(
        "gpme.evidence", required=True, index=True, ondelete="cascade", readonly=True
    )
    # Cascade as its evidence does: a "set null" here would update rows that
    # the same DELETE removes (a dossier purged with its snapshots).
    dossier_id = fields.Many2one(
        related="evidence_id.dossier_id",
        store=True,
        ondelete="cascade",
        precompute=True,
    )
    student_id = fields.Many2one(
        related="evidence_id.student_id", store=True, precompute=True
    )
    cohort_id = fields.Many2one(
        related="evidence_id.cohort_id", store=True, precompute=True
    )
    version = fields.Integer(required=True, readonly=True)
    reason = fields.Selection(
        [
            ("tagging", "Tagging"),
            ("refresh", "Refresh"),
            ("submission", "Submission"),
            ("migration", "Before version history"),
        ],
        required=True,
        readonly=True,
    )
    taken_date = fields.Datetime(required=True, readonly=True)
    kind = fields.Selection(
        document_kind_selection, string="Document kind", readonly=True
    )
    source_create_uid = fields.Many2one(
        "res.users", string="Source created by", readonly=True
    )
    frozen_values = fields.Text(string="Frozen values", readonly=True)
    values_hash = fields.Char(readonly=True)
    pdf = fields.Binary(string="PDF", attachment=True, readonly=True)
    pdf_name = fields.Char(readonly=True)
    pdf_sha256 = fields.Char(string="PDF SHA-256", readonly=True)
    pdf_state = fields.Selection(
        PDF_STATES,
        string="PDF status",
        default="none",
        required=True,
        readonly=True,
    )
    pdf_attempts = fields.Integer(readonly=True)
    pdf_error = fields.Char(string="PDF problem", readonly=True)
    seal_json = fields.Text(string="Seal document", readonly=True)
    seal = fields.Char(string="Seal (SHA-256)", readonly=True)
    display_label = fields.Char(compute="_compute_display_label")
    # What the user is told (the job's own state stays as the job writes it):
    # a failed render with an attempt left is still « being prepared ».
    pdf_status = fields.Selection(
        PDF_STATES, string="PDF progress", compute="_compute_pdf_status"
    )
    pdf_status_note = fields.Char(string="PDF message", compute="_compute_pdf_status")
    # « Retry » on a failed PDF: the dossier's rule (PDF_RETRY_ROLES); the
    # others read who can ask again.
    can_retry_pdf = fields.Boolean(
        string="Can retry the PDF", compute="_compute_pdf_status"
    )

    _sql_constraints = [
        (
            "evidence_version_uniq",
            "unique(evidence_id, version)",
            "An evidence cannot have two snapshots with the same version.",
        )
    ]

    def _compute_display_label(self):
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        for snap in self:
            snap.display_label = _(
                "Version %(version)s (%(reason)s)",
                version=snap.version,
                reason=reasons.get(snap.reason, ""),
            )

    @api.depends("pdf_state", "pdf_attempts", "pdf_error")
    @api.depends_context("uid")
    def _compute_pdf_status(self):
        # A failed try with one left stays « pending » (its job postponed).
        pending = self.filtered(lambda s: s.pdf_state == "pending")
        next_tries = pending._gpme_next_tries() if pending else {}
        failed = self.filtered(lambda s: s.pdf_state == "failed")
        allowed = failed._gpme_may_retry_pdf() if failed else {}
        for snap in self:
            snap.pdf_status = snap.pdf_state
            snap.can_retry_pdf = allowed.get(snap.id, False)
            if snap.id in next_tries:
                snap.pdf_status_note = _(
                    "PDF being prepared, new attempt at %s",
                    format_datetime(self.env, next_tries[snap.id], dt_format="HH:mm"),
                )
            elif snap.pdf_state == "failed":
                # The job's message starts with its attempt count.
                reason = re.sub(r"^[^:]*\d+/\d+\s*:\s*", "", snap.pdf_error or "")
                if snap.can_retry_pdf:
                    snap.pdf_status_note = _(
                        "The PDF could not be prepared after %(max)s attempts: "
                        "%(reason)s. « Retry » prepares it again.",
                        max=snap.pdf_attempts or 1,
                        reason=reason or _("unknown error"),
                    )
                else:
                    # Said without the button to those who may not press it.
                    snap.pdf_status_note = _(
                        "The PDF could not be prepared after %(max)s attempts: "
                        "%(reason)s. The student or the teachers of the class "
                        "can prepare it again.",
                        max=snap.pdf_attempts or 1,
                        reason=reason or _("unknown error"),
                    )
            elif snap.pdf_state == "pending":
                snap.pdf_status_note = _("PDF being prepared")
            else:
                snap.pdf_status_note = False

    def _gpme_next_tries(self):
        """{id: when queue_job tries the PDF again} of the versions whose
        job failed a try: its ETA (a job already due: now)."""
        jobs = (
            self.env["queue.job"]
            .sudo()
            .search(
                [
                    ("identity_key", "in", [s._gpme_job_key() for s in self]),
                    ("state", "=", "pending"),
                    ("retry", ">", 0),
                ]
            )
        )
        etas = {job.identity_key: job.eta for job in jobs}
        now = fields.Datetime.now()
        result = {}
        for snap in self:
            key = snap._gpme_job_key()
            if key in etas:
                result[snap.id] = max(etas[key] or now, now)
            elif snap.pdf_error:
                # Run outside the runner (no postponed row): as its pattern says.
                wait = JOB["retry_pattern"].get(snap.pdf_attempts, 0)
                result[snap.id] = (snap.write_date or now) + timedelta(seconds=wait)
        return result

    # --- never rewritten ----------------------------------------------------
    def write(self, vals):
        # Only the PDF job (sudo) completes a pending version; a sealed
        # version never changes, whoever asks.
        if not self.env.context.get("gpme_snapshot_job"):
            raise UserError(_("A sealed evidence snapshot cannot be modified."))
        if self.filtered(lambda s: s.pdf_state in ("none", "done")):
            raise UserError(_("A sealed evidence snapshot cannot be modified."))
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get("gpme_evidence_unlink"):
            raise UserError(
                _("A snapshot is deleted only with its evidence, for a logged reason.")
            )
        return super().unlink()

    # --- creation (values sealed at once) ------------------------------------
    @api.model
    def _gpme_take(self, evidences, reason):
        """Add a version to each evidence whose source still exists; PDFs are
        queued. Runs as superuser (rights checked by the caller)."""
        evidences = evidences.sudo()
        sources = evidences._gpme_sources()
        values_by_key, kinds, creators = {}, {}, {}
        printable = {}
        by_model = evidences._gpme_sources_by_model(sources)
        pdf_on = self.env["gpme.evidence"]._snapshot_pdf_enabled()
        for model, records in by_model.items():
            for res_id, vals in records._gpme_evidence_values().items():
                values_by_key[(model, res_id)] = vals
            for record in records:
                kinds[(model, record.id)] = record._gpme_evidence_kind_key()
                creators[(model, record.id)] = record.create_uid.id
            if pdf_on and records._gpme_evidence_report:
                for record in records._gpme_evidence_report_applies():
                    printable[(model, record.id)] = True
        # Evidence being tagged has no version yet: no query for it.
        last = (
            {}
            if reason == "tagging"
            else {
                row["evidence_id"][0]: row["version"]
                for row in self.sudo().read_group(
                    [("evidence_id", "in", evidences.ids)],
                    ["evidence_id", "version:max"],
                    ["evidence_id"],
                )
            }
        )
        now = reference_date.now()
        vals_list = []
        for evidence in evidences:
            key = (evidence.res_model, evidence.res_id)
            if sources.get(evidence.id) is None or key not in values_by_key:
                continue
            values = values_by_key[key]
            version = last.get(evidence.id, 0) + 1
            context = {
                "evidence": evidence.id,
                "version": version,
                "reason": reason,
                "taken": fields.Datetime.to_string(now),
                "fiche": evidence.situation_id.display_name,
                "fiche_id": evidence.situation_id.id,
                "student": evidence.student_id.name,
                "tagged_by": evidence.tagged_by_id.name,
                "tagged_by_login": evidence.tagged_by_id.login,
                "tagged_date": fields.Datetime.to_string(evidence.tagged_date),
                "source_created_by": self.env["res.users"]
                .browse(creators.get(key))
                .name
                or None,
            }
            seal_json = seal_document(context, values)
            vals_list.append(
                {
                    "evidence_id": evidence.id,
                    "version": version,
                    "reason": reason,
                    "taken_date": now,
                    "kind": kinds.get(key),
                    "source_create_uid": creators.get(key),
                    "frozen_values": json.dumps(
                        values, sort_keys=True, ensure_ascii=False, indent=1
                    ),
                    "values_hash": values_hash(values),
                    "pdf_state": "pending" if key in printable else "none",
                    "seal_json": seal_json,
                    "seal": sha256_hex(seal_json.encode("utf-8")),
                }
            )
        snapshots = self.sudo().create(vals_list)
        snapshots.filtered(lambda s: s.pdf_state == "pending")._gpme_queue_pdf(
            fresh=True
        )
        return snapshots

    @api.model
    def _gpme_pdf_to_come_domain(self):
        """Versions whose PDF is still to come (a failed try with one left
        stays pending: queue_job tries it again)."""
        return [("pdf_state", "=", "pending")]

    def _gpme_job_key(self):
        return f"gpme_evidence_pdf_{self.id}"

    def _gpme_queue_pdf(self, fresh=False):
        # One job per version (its identity key finds it for the « new
        # attempt at » note); queue_job tries it again as its retry pattern
        # says, and a second run finds it done and does nothing.
        # Versions just created (fresh) cannot have a job yet: rather than
        # queue_job looking for one per version (a query each, 60 at a
        # hand-in), their keys are written in one query once queued.
        keys = {}
        for snap in self:
            key = snap._gpme_job_key()
            job = snap.with_delay(
                channel=JOB_CHANNEL,
                max_retries=JOB["max_retries"],
                identity_key=None if fresh else key,
                description=_("E4 evidence PDF: %s", snap.evidence_id.name),
            )._job_render_pdf()
            if fresh and getattr(job, "uuid", None):
                keys[job.uuid] = key
        if keys:
            self.env["queue.job"].flush_model()
            rows = ", ".join(["(%s, %s)"] * len(keys))
            self.env.cr.execute(
                f"UPDATE queue_job SET identity_key = v.key FROM (VALUES {rows})"
                " AS v(uuid, key) WHERE queue_job.uuid = v.uuid",
                [value for pair in keys.items() for value in pair],
            )
            self.env["queue.job"].invalidate_model(["identity_key"])

    # --- the PDF job ------------------------------------------------------------
    def _job_render_pdf(self):
        """Render, check the PDF shows its record, then complete the seal.

        The job takes along other versions still pending for the same report
        (up to PDF_BATCH): one wkhtmltopdf run for all, split per record, each
        part checked and sealed on its own. Their own jobs then find them done.
        A failed try is tried again by queue_job (retry_pattern, up to the
        job's max_retries; the student reads the time of the next one from the
        job's row); the last one is written on the version. Never sealed.
        """
        self.ensure_one()
        snap = self.sudo().with_context(gpme_snapshot_job=True)
        if snap.pdf_state not in ("pending", "failed"):
            return _("Nothing to do: the PDF is already %s.", snap.pdf_state)
        batch = snap._gpme_claim_batch()
        if not batch:
            # In another job's batch: this job looks again once that one is
            # over (and retries the version if that one failed it).
            raise RetryableJobError(
                _("The PDF is being rendered by another job."),
                seconds=30,
                ignore_retry=True,
            )
        results = batch._gpme_render_pdfs()
        attempt = self.env["gpme.job.result"]._gpme_attempt(
            snap.pdf_attempts, JOB["max_retries"]
        )
        own = snap._gpme_seal_or_fail(results[snap.id], attempt)
        for other in batch - snap:
            # A failure is left to its own job, still to run.
            other._gpme_seal_or_fail(results[other.id])
        batch.dossier_id._gpme_wake_dossier_pdf()
        if snap.pdf_state == "pending":
            # A try left: queue_job tries again as its retry pattern says.
            # This transaction is rolled back (a version the batch sealed is
            # sealed again by its own job); the job row keeps the reason.
            raise RetryableJobError(own)
        if snap.pdf_state == "failed":
            return own  # the last try: the version says what failed
        if len(batch) > 1:
            return _(
                "%(own)s (with %(count)s other version(s))",
                own=own,
                count=len(batch) - 1,
            )
        return own

    def _gpme_claim_batch(self):
        """This version and up to PDF_BATCH - 1 others pending for the same
        model, locked for this job (SKIP LOCKED: those another job renders
        are left to it). Empty when this one is locked by another job."""
        cr = self.env.cr
        mine = self._gpme_lock_row()
        if not mine:
            return self.browse()
        # gpme_e4.evidence_pdf_batch: 1 renders one by one (the baseline of
        # scripts/bench_evidence.py).
        size = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.evidence_pdf_batch", PDF_BATCH)
        )
        if size <= 1:
            return self
        cr.execute(
            """
            SELECT s.id
              FROM gpme_evidence_snapshot s
              JOIN gpme_evidence e ON e.id = s.evidence_id
             WHERE e.res_model = %s AND s.pdf_state = 'pending' AND s.id != %s
             ORDER BY s.id
             LIMIT %s
            """,
            [self.evidence_id.res_model, self.id, 2 * size],
        )
        claimed = self
        for (snap_id,) in cr.fetchall():
            if len(claimed) >= size:
                break
            other = self.browse(snap_id)
            if other._gpme_lock_row():
                claimed |= other
        return claimed

    def _gpme_lock_row(self):
        """Lock this version's row for this job (see services.job_rows)."""
        return claim_row(
            self.env.cr,
            "gpme_evidence_snapshot",
            self.id,
            "pdf_state IN ('pending', 'failed')",
        )

    def _gpme_render_pdfs(self):
        """{snapshot id: PDF bytes or the exception}: one wkhtmltopdf run for
        the batch when it has several versions, else (and for what the split
        could not tell apart) one run each."""
        results = {}
        if len(self) > 1:
            sources = {}
            for snap in self:
                evidence = snap.evidence_id
                source = evidence._gpme_sources().get(evidence.id)
                if source:
                    sources[snap.id] = source
            reports = {src._gpme_evidence_report for src in sources.values()}
            if len(reports) == 1 and self._gpme_renderer_ok():
                report = self.env.ref(reports.pop())
                try:
                    parts = (
                        self.env["ir.actions.report"]
                        .sudo()
                        ._gpme_render_pdfs_committed(
                            report.id, [src.id for src in sources.values()]
                        )
                    )
                except Exception as exc:  # pylint: disable=broad-except
                    _logger.warning("E4 evidence PDF batch failed: %s", exc)
                    parts = {}
                for snap_id, source in sources.items():
                    if parts.get(source.id):
                        results[snap_id] = parts[source.id]
        for snap in self:
            if snap.id not in results:
                try:
                    results[snap.id] = snap._gpme_render_pdf()
                except Exception as exc:  # pylint: disable=broad-except
                    _logger.warning("E4 evidence PDF failed for %s: %s", snap.id, exc)
                    results[snap.id] = exc
        return results

    def _gpme_renderer_ok(self):
        Report = self.env["ir.actions.report"].sudo()
        return Report.get_wkhtmltopdf_state() in ("ok", "upgrade")

    def _gpme_seal_or_fail(self, pdf, attempt=None):
        """Check the PDF (bytes, or the exception its rendering raised) shows
        the record, then seal it; else say why on the version: « failed »
        after the last try (attempt: (this try, tries allowed) of its own
        job; None for a version rendered in another's batch, whose failure
        is left to its own job)."""
        snap = self
        error = False
        if isinstance(pdf, Exception):
            error = str(pdf) or pdf.__class__.__name__
        else:
            missing = pdf_missing_texts(
                self._gpme_pdf_text(pdf), snap._gpme_pdf_needles()
            )
            if missing:
                error = _(
                    "the PDF does not show %s (blank page or missing styles?)",
                    ", ".join(f"« {m} »" for m in missing),
                )
        attempts, allowed = attempt or (snap.pdf_attempts + 1, 0)
        if error:
            # Which renderer failed: a wrong binary is the usual cause.
            error = (
                f"{error} ({self.env['ir.actions.report']._gpme_wkhtmltopdf_label()})"
            )
            if attempt is None:
                _logger.warning("E4 PDF %s left to its job: %s", snap.id, error)
                return error
            snap.write(
                {
                    # max_retries 0: queue_job tries for ever.
                    "pdf_state": "failed" if 0 < allowed <= attempts else "pending",
                    "pdf_attempts": attempts,
                    "pdf_error": _(
                        "Attempt %(n)s/%(max)s: %(error)s",
                        n=attempts,
                        max=allowed,
                        error=error,
                    ),
                }
            )
            return error
        digest = sha256_hex(pdf)
        doc = json.loads(snap.seal_json)
        seal_json = seal_document(doc["context"], doc["values"], digest)
        values = json.loads(snap.frozen_values)
        snap.write(
            {
                "pdf": base64.b64encode(pdf),
                "pdf_name": f"{values.get('display_name') or snap.evidence_id.name}"
                f"-v{snap.version}.pdf".replace("/", "_"),
                "pdf_sha256": digest,
                "pdf_attempts": attempts,
                "pdf_error": False,
                "seal_json": seal_json,
                "seal": sha256_hex(seal_json.encode("utf-8")),
                "pdf_state": "done",
            }
        )
        return _("PDF sealed: %s", digest)

    def _gpme_render_pdf(self):
        """The record's standard report, rendered in a transaction of its own
        once the report assets are committed."""
        evidence = self.evidence_id
        source = evidence._gpme_sources().get(evidence.id)
        if not source:
            raise UserError(_("the document has been deleted"))
        report = self.env.ref(source._gpme_evidence_report)
        Report = self.env["ir.actions.report"].sudo()
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            raise UserError(_("wkhtmltopdf is not available on the server"))
        # Forced rendering: never the invoice's own stored attachment, always
        # the record as it is now; in a cursor of its own, after the report
        # bundles are committed (else wkhtmltopdf gets no styles).
        pdf, _fmt = Report._gpme_render_pdf_committed(report.id, source.ids)
        return pdf

    def _gpme_pdf_needles(self):
        """Texts the PDF must show: reference, partner, total amount."""
        values = json.loads(self.frozen_values)
        needles = [values.get("name") or values.get("display_name")]
        partner = values.get("partner_id")
        if isinstance(partner, str):
            # The report prints the commercial name, the snapshot may hold
            # "Company, Contact": the first part is enough.
            needles.append(partner.split(",")[0])
        company = values.get("company_id")
        if isinstance(company, str):
            # The layout's header: missing when the page came out unstyled.
            needles.append(company)
        amount = values.get("amount_total", values.get("amount"))
        if isinstance(amount, (int, float)) and amount:
            needles.append(f"{abs(amount):.2f}")
        return [n for n in needles if n and n != "/"]

    @api.model
    def _gpme_pdf_text(self, pdf):
        """The PDF's text, by pdftotext (poppler) or PyPDF2 without it."""
        if shutil.which("pdftotext"):
            proc = subprocess.run(
                ["pdftotext", "-layout", "-", "-"],
                input=pdf,
                capture_output=True,
                check=False,
                timeout=60,
            )
            return proc.stdout.decode("utf-8", "replace")

        reader = OdooPdfFileReader(io.BytesIO(pdf), strict=False)
        return "\n".join(page.extractText() for page in reader.pages)

    def _gpme_may_retry_pdf(self):
        """{version id: whether the user may ask again for its failed PDF}:
        the rule of its dossier's PDFs (gpme.dossier.pdf, PDF_RETRY_ROLES)."""
        snaps = self.sudo()
        allowed = snaps.dossier_id.with_env(self.env)._gpme_may_retry_pdf()
        return {snap.id: allowed.get(snap.dossier_id.id, False) for snap in snaps}

    def action_retry_pdf(self):
        """« Retry »: a new render of a PDF that failed for good, for those
        who may ask again (the commission is refused, naming nothing). Once
        per failure: a second click (or a stale screen) finds it pending and
        queues nothing more."""
        self.sudo().dossier_id.with_env(self.env)._gpme_check_retry_pdf()
        failed = self.sudo().filtered(lambda s: s.pdf_state == "failed")
        failed.with_context(gpme_snapshot_job=True).write(
            {"pdf_state": "pending", "pdf_error": False, "pdf_attempts": 0}
        )
        failed._gpme_queue_pdf()
        return True

    # --- verification ---------------------------------------------------------
    def _gpme_verify(self):
        """{id: (ok, problem)}: the seal recomputed from what is stored."""
        result = {}
        for snap in self.sudo():
            problems = []
            try:
                doc = json.loads(snap.seal_json or "null") or {}
            except ValueError:
                doc = {}
            if sha256_hex((snap.seal_json or "").encode("utf-8")) != snap.seal:
                problems.append(_("the seal document does not give the seal"))
            values = json.loads(snap.frozen_values or "null")
            if doc.get("values") != values or values_hash(values) != snap.values_hash:
                problems.append(_("the frozen values differ from the sealed ones"))
            pdf = base64.b64decode(snap.pdf) if snap.pdf else None
            if snap.pdf_state == "done":
                digest = sha256_hex(pdf) if pdf else None
                if digest != snap.pdf_sha256 or doc.get("pdf_sha256") != digest:
                    problems.append(_("the PDF differs from the sealed one"))
            elif pdf or doc.get("pdf_sha256"):
                problems.append(_("a PDF is stored that was never sealed"))
            result[snap.id] = (not problems, "; ".join(problems))
        return result
