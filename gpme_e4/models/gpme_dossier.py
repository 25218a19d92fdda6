import logging
from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from ..services import conformity, job_channels
from ..services.job_rows import read_committed_env
from ..services.toast import toast
from .gpme_dossier_context import CONTEXT_FIELDS
from .gpme_lock_mixin import ALL, ATTACH, CREATE, field_label

_logger = logging.getLogger(__name__)

DOSSIER_PDF_CHANNEL = job_channels.DOSSIER_PDF
# How long the kept dossier waits for its evidence PDFs before printing
# with what is sealed (the integrity page then says which are missing).
DOSSIER_PDF_WAIT = timedelta(days=1)

DOSSIER_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("validated", "Validated by the teaching team"),
    ("evaluation", "Under evaluation"),
    ("evaluated", "Evaluated"),
    ("archived", "Archived"),
]
# States from which the student's work is frozen (evidence snapshots included).
LOCKED_STATES = ("submitted", "validated", "evaluation", "evaluated", "archived")


# Who may change which dossier field in which state (besides the chatter and
# the state buttons, which write as superuser after their own check). The
# dossier is the candidate's own work: teachers never rewrite its text.
_ADMIN = {"admin": ALL}
LOCK_RULES = {
    "draft": dict(
        _ADMIN,
        # The header (candidate number, company presented) is the school's:
        # read-only for the student, on the form as here.
        student=CONTEXT_FIELDS
        + (
            "pgi_presentation",
            "previous_dossier_id",
            "internship_ids",
            CREATE,
            ATTACH,
        ),
        teacher=("candidate_number", "company_id", "internship_ids"),
    ),
    "submitted": dict(_ADMIN, teacher=("candidate_number",)),
    "validated": dict(_ADMIN, teacher=("candidate_number",)),
    "evaluation": _ADMIN,
    "evaluated": _ADMIN,
    "archived": _ADMIN,
}


class GpmeDossier(models.Model):
    _name = "gpme.dossier"
    _inherit = [
        "gpme.lock.mixin",
        "mail.thread",
        "mail.activity.mixin",
        # Moved out whole (issue 23): one dossier per student and session,
        # the commercial context, the checklist, the state buttons.
        "gpme.dossier.enrolment",
        "gpme.dossier.context",
        "gpme.dossier.checklist",
        "gpme.dossier.workflow",
    ]
    _description = "E4 dossier"
    _gpme_lock_rules = LOCK_RULES
    # Handed in: its files and messages stay as they are.
    _gpme_lock_frozen_states = LOCKED_STATES
    _order = "session_year desc, student_id"

    name = fields.Char(compute="_compute_name", store=True)
    student_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    cohort_id = fields.Many2one(
        "gpme.cohort",
        string="Class",
        required=True,
        index=True,
        default=lambda self: self.env.user.gpme_cohort_id,
        tracking=True,
    )
    exam_session_id = fields.Many2one(
        related="cohort_id.exam_session_id", store=True, index=True
    )
    session_year = fields.Integer(
        related="cohort_id.session_year", store=True, string="Session year"
    )
    session_name = fields.Char(related="cohort_id.session_name")
    teacher_ids = fields.Many2many(related="cohort_id.teacher_ids", string="Teachers")
    candidate_number = fields.Char(tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company presented",
        required=True,
        default=lambda self: self.env.company,
        help="Company of the training PGI whose commercial context the dossier "
        "presents; its accounting feeds the indicators.",
    )
    state = fields.Selection(
        DOSSIER_STATES, default="draft", required=True, tracking=True, index=True
    )
    is_locked = fields.Boolean(compute="_compute_is_locked")
    situation_ids = fields.One2many("gpme.situation", "dossier_id", string="Situations")
    situation_count = fields.Integer(compute="_compute_counts")
    review_ids = fields.One2many("gpme.review", "dossier_id", string="Progress reviews")
    internship_ids = fields.One2many(
        "gpme.internship", "dossier_id", string="Internship attestations"
    )
    commission_user_ids = fields.Many2many(
        "res.users",
        "gpme_dossier_commission_rel",
        "dossier_id",
        "user_id",
        string="Commission members",
        compute="_compute_commission_user_ids",
        store=True,
        readonly=False,
        # Commission members (a teacher may sit in one), never a student.
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("gpme_e4.group_commission").ids),
            ("share", "=", False),
        ],
        help="Members of the exam commission who examine this dossier: those "
        "of its exam session, unless an administrator adjusts them.",
    )
    # --- Indicators from the accounting ---
    indicator_ids = fields.One2many(
        "gpme.dossier.indicator", "dossier_id", string="Indicators", readonly=True
    )
    indicators_date = fields.Datetime(string="Indicators computed on", readonly=True)
    indicators_frozen = fields.Boolean(
        readonly=True, help="Frozen at submission: no longer refreshed."
    )
    submitted_date = fields.Datetime(readonly=True, tracking=True)
    evidence_pdf_pending = fields.Integer(
        string="Evidence PDFs in preparation",
        compute="_compute_evidence_pdf_pending",
        help="Snapshot PDFs still being rendered in the background (or to be "
        "tried again). The whole dossier is kept as submitted once they are all "
        "sealed.",
    )
    version_ids = fields.One2many(
        "gpme.dossier.version",
        "dossier_id",
        string="Handed-in versions",
        readonly=True,
    )
    can_edit_context = fields.Boolean(
        compute="_compute_can_edit_context",
        help="Whether the current user may write the commercial context now.",
    )

    _sql_constraints = [
        (
            "student_session_uniq",
            "unique(student_id, exam_session_id)",
            "A student has one E4 dossier per exam session.",
        )
    ]

    @api.depends("student_id.name", "session_year")
    def _compute_name(self):
        # Stored once for every reader: the exam's own (French) wording, not
        # the language of whoever happened to create the dossier.
        for dossier in self:
            student = dossier.student_id.name or ""
            dossier.name = f"Dossier E4 – {student} – session {dossier.session_year}"

    @api.depends("exam_session_id.member_ids.user_id")
    def _compute_commission_user_ids(self):
        for dossier in self:
            dossier.commission_user_ids = dossier.exam_session_id.member_ids.user_id

    @api.depends("state")
    def _compute_is_locked(self):
        for dossier in self:
            dossier.is_locked = dossier.state in LOCKED_STATES

    def _compute_counts(self):
        data = self.env["gpme.situation"].read_group(
            [("dossier_id", "in", self.ids)], ["dossier_id"], ["dossier_id"]
        )
        counts = {d["dossier_id"][0]: d["dossier_id_count"] for d in data}
        for dossier in self:
            dossier.situation_count = counts.get(dossier.id, 0)

    # ------------------------------------------------------------------
    # Roles and locks
    # ------------------------------------------------------------------
    def _gpme_roles(self, user=None):
        """Roles of the user on this dossier: student, teacher, commission, admin."""
        self.ensure_one()
        return self._gpme_roles_map(user)[self.id]

    def _gpme_roles_map(self, user=None):
        """The one definition of who is who, used by locks and buttons (the
        record rules of security/gpme_rules.xml say the same): a role needs
        the group AND the membership, and is never held on one's own work.

        - student: group student, the dossier's student;
        - teacher: group teacher, a teacher of the dossier's class;
        - commission: group commission, assigned to the dossier, once it is
          handed in;
        - admin: group E4 administrator.
        """
        user = user or self.env.user
        is_admin = user.has_group("gpme_e4.group_admin")
        is_student = user.has_group("gpme_e4.group_student")
        is_teacher = user.has_group("gpme_e4.group_teacher")
        is_commission = user.has_group("gpme_e4.group_commission")
        result = {}
        for dossier in self.sudo():
            roles = set()
            if is_admin:
                roles.add("admin")
            own = dossier.student_id == user
            if own and is_student:
                roles.add("student")
            if not own and is_teacher and user in dossier.cohort_id.teacher_ids:
                roles.add("teacher")
            if (
                not own
                and is_commission
                and dossier.state != "draft"
                and user in dossier.commission_user_ids
            ):
                roles.add("commission")
            result[dossier.id] = roles
        return result

    def _gpme_lock_state(self):
        return {dossier.id: dossier.state for dossier in self.sudo()}

    def _gpme_lock_roles(self):
        return self._gpme_roles_map()

    def _gpme_lock_state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env)).get(
            state, state
        )

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_edit_context(self):
        roles = self._gpme_roles_map()
        for dossier in self:
            dossier.can_edit_context = not dossier._gpme_lock_refused(
                dossier.state, roles[dossier.id], {CONTEXT_FIELDS[0]}
            )

    def _gpme_lock_rows(self):
        """Lock the dossier rows until the end of the transaction, and mark
        them changed: a concurrent transaction that locks them too (a fiche
        created, a document tagged, a submission) waits, then fails with a
        serialization error and is retried by the server on fresh data."""
        if self.ids:
            self.env.cr.execute(
                "UPDATE gpme_dossier SET write_date = write_date WHERE id IN %s",
                [tuple(self.ids)],
            )

    def _gpme_check_company(self, company_id):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        if company_id not in self.env.user.company_ids.ids:
            raise AccessError(
                _(
                    "« %(field)s »: you can only present a company you have "
                    "access to in the training PGI.",
                    field=field_label(self, self._fields["company_id"]),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            user = self.env.user
            for vals in vals_list:
                student = vals.get("student_id", user.id)
                cohort = vals.get("cohort_id", user.gpme_cohort_id.id)
                if student != user.id or cohort != user.gpme_cohort_id.id:
                    raise AccessError(
                        _(
                            "A student can only create their own dossier, in "
                            "their current class."
                        )
                    )
                if vals.get("state", "draft") != "draft" or vals.get(
                    "commission_user_ids"
                ):
                    raise AccessError(
                        _(
                            "A new dossier starts as a draft, without a "
                            "commission: only an administrator sets them."
                        )
                    )
                if vals.get("company_id"):
                    self._gpme_check_company(vals["company_id"])
        # After the role: a refusal says nothing of another student's dossier.
        opened = [self._gpme_opened_on_join(vals) for vals in vals_list]
        for vals, dossier in zip(vals_list, opened, strict=True):
            if not dossier and not vals.get("company_id") and vals.get("student_id"):
                vals["company_id"] = self._gpme_student_company(
                    self.env["res.users"].sudo().browse(vals["student_id"]),
                    self.env["gpme.cohort"].sudo().browse(vals.get("cohort_id")),
                ).id
        self._gpme_check_new_sessions(
            [
                vals
                for vals, dossier in zip(vals_list, opened, strict=True)
                if not dossier
            ]
        )
        if not any(opened):
            return super().create(vals_list)
        self.check_access_rights("create")
        created = iter(
            super().create(
                [
                    vals
                    for vals, dossier in zip(vals_list, opened, strict=True)
                    if not dossier
                ]
            )
        )
        result = self.browse()
        for vals, dossier in zip(vals_list, opened, strict=True):
            if dossier:
                # Checked as a creation above, as a write of what it fills in
                # here: then written as the system did it.
                dossier._gpme_check_sizes(vals, create=True)
                dossier._gpme_lock_check(set(vals) - {"student_id", "cohort_id"})
                dossier.sudo().write(dict(vals, opened_on_join=False))
                result |= dossier
            else:
                result |= next(created)
        return result

    @api.model
    def _gpme_student_company(self, student, cohort):
        """The company a dossier presents: the class's when the student works
        in it, otherwise her own (a training database with a company per
        student or per group), so that the context and the indicators come
        from the books she keeps."""
        company = cohort.company_id
        if student.company_id and company not in student.company_ids:
            return student.company_id
        return company or student.company_id or self.env.company

    def write(self, vals):
        if vals.get("company_id"):
            self._gpme_check_company(vals["company_id"])
        # At submission, a version is added to the evidence whose source
        # changed since its last version; earlier versions stay untouched and
        # the PDFs are rendered by background jobs.
        if vals.get("state") in LOCKED_STATES:
            opening = self.filtered(lambda d: not d.is_locked)
            if opening:
                self.env["gpme.evidence"].sudo().search(
                    [("dossier_id", "in", opening.ids)]
                )._take_snapshot("submission", only_changed=True)
        return super().write(vals)

    def _gpme_pdf_marks(self):
        """The marks the whole dossier's PDF carries on every page: its
        page number, and « PROVISOIRE » while the dossier is a draft (call
        with the student's language)."""
        self.ensure_one()
        marks = {
            "page_label": _("Page %(page)s / %(total)s") % {"page": "%s", "total": "%s"}
        }
        if self.state == "draft":
            marks["watermark"] = _("PROVISIONAL")
            marks["banner"] = _("PROVISIONAL – dossier not handed in")
        return marks

    def action_submit(self):
        """Submit: refused while a blocking finding remains; freezes the
        evidence snapshots and the indicators."""
        # Rights and state first, then hold the rows: a fiche or a tag
        # arriving meanwhile waits and is then refused (see _gpme_lock_rows).
        self._gpme_transition_check("submit")
        self._gpme_lock_rows()
        findings = self._gpme_conformity_findings()
        errors = []
        for dossier in self:
            blocking = conformity.blocking(findings[dossier.id])
            if blocking:
                errors.append(
                    _("The dossier « %s » cannot be submitted yet:", dossier.name)
                )
                errors += [f"- {f.message or f.name}" for f in blocking]
        if errors:
            raise UserError("\n".join(errors))
        # Warned, never blocking: said in the chatter with the hand-in.
        for dossier_id, messages in self._gpme_handin_warnings().items():
            if messages:
                self.browse(dossier_id).sudo().message_post(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        _("Handed in with warnings:"),
                        Markup("").join(Markup("<li>%s</li>") % m for m in messages),
                    ),
                    author_id=self.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )
        # The evidence takes its last snapshot as the state locks
        # (see write()), whatever path locks it.
        self._gpme_refresh_indicators()
        self._gpme_transition("submit")
        self.sudo().write(
            {"indicators_frozen": True, "submitted_date": fields.Datetime.now()}
        )
        # Each hand-in its own version: an earlier one stays as it was.
        self.env["gpme.dossier.version"]._gpme_new(self)
        self._gpme_queue_dossier_pdf()
        return toast(_("Dossier handed in: it is frozen now, your teachers review it."))

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

    def _gpme_queue_dossier_pdf(self):
        # A background job, not the hand-in request: a whole dossier with its
        # annex takes seconds to print, and its evidence PDFs are still being
        # rendered by their own jobs at this point.
        for dossier in self:
            dossier.with_delay(
                channel=DOSSIER_PDF_CHANNEL,
                max_retries=job_channels.JOBS[DOSSIER_PDF_CHANNEL]["max_retries"],
                description=_("E4 whole dossier PDF: %s", dossier.name),
                identity_key=f"gpme_dossier_pdf_{dossier.id}_{dossier.submitted_date}",
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
                "in; tell your teacher.",
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

    def unlink(self):
        self._gpme_check_deletion_reason(self.filtered("is_locked"))
        # Every dossier deleted leaves its entry (locked ones were logged
        # with their reason just above).
        self.env["gpme.journal"]._gpme_log(
            self.env.context.get("gpme_journal_event", "delete"),
            self.filtered(lambda d: not d.is_locked),
            reason=self.env.context.get("gpme_deletion_reason"),
        )
        # Through the ORM: their PDFs are attachments, which the database's
        # cascade would leave behind.
        self.sudo().version_ids.unlink()
        return super().unlink()

    def _gpme_check_deletion_reason(self, dossiers, what=None, records=None):
        """Nothing of a submitted dossier disappears without a logged reason,
        administrators included: the caller passes it in the context."""
        if not dossiers:
            return
        reason = (self.env.context.get("gpme_deletion_reason") or "").strip()
        if not reason:
            raise UserError(
                _(
                    "The dossier « %s » has been submitted: give the reason for "
                    "the deletion (it is kept in the E4 journal).",
                    dossiers[0].name,
                )
            )
        # Said in the chatter of the dossier that stays (a fiche or a piece
        # of evidence deleted), never on the dossier being deleted: its
        # messages go with it, the journal keeps the reason.
        deleted = records if records is not None else dossiers
        kept = dossiers - deleted if deleted._name == self._name else dossiers
        for dossier in kept:
            dossier.sudo().message_post(
                body=_(
                    "Deleted by %(user)s: %(what)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    what=what or dossier.name,
                    reason=reason,
                )
            )
        # The chatter goes with the record: the journal keeps the reason.
        self.env["gpme.journal"]._gpme_log(
            self.env.context.get("gpme_journal_event", "delete"),
            records if records is not None else dossiers,
            reason=reason,
        )
