import logging
from datetime import timedelta

import psycopg2
from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from ..services import conformity, job_channels
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

# The 12 sections of the commercial context (domain reference §3), in order.
CONTEXT_SECTIONS = [
    ("ctx_identity", "Identity card of the company"),
    ("ctx_market", "Market and main trends"),
    ("ctx_turnover", "Turnover and its evolution"),
    ("ctx_customers", "Customer types, breakdown, segmentation"),
    ("ctx_competition", "Competition (prices, strengths, position of the company)"),
    ("ctx_process", "Purchase and sales process, including accounting activities"),
    ("ctx_suppliers", "Supplier types by purchase and their bargaining power"),
    ("ctx_payment_terms", "Customer and supplier payment terms"),
    ("ctx_communication", "Communication policy"),
    ("ctx_pricing", "General pricing principles"),
    ("ctx_sales_org", "Organisation of the sales function"),
    ("ctx_technology", "Technological resources available"),
]
CONTEXT_FIELDS = tuple(name for name, __ in CONTEXT_SECTIONS)

# Who may change which dossier field in which state (besides the chatter and
# the state buttons, which write as superuser after their own check). The
# dossier is the candidate's own work: teachers never rewrite its text.
_ADMIN = {"admin": ALL}
LOCK_RULES = {
    "draft": dict(
        _ADMIN,
        student=CONTEXT_FIELDS
        + (
            "pgi_presentation",
            "candidate_number",
            "company_id",
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
# State buttons: from which state, to which state, which roles may press them.
TRANSITIONS = {
    "submit": ("draft", "submitted", {"student"}),
    "reset_draft": ("submitted", "draft", {"teacher"}),
    "validate": ("submitted", "validated", {"teacher"}),
    "start_evaluation": ("validated", "evaluation", {"commission"}),
    "mark_evaluated": ("evaluation", "evaluated", {"commission"}),
    "archive": ("evaluated", "archived", set()),
}


class GpmeDossier(models.Model):
    _name = "gpme.dossier"
    _inherit = ["gpme.lock.mixin", "mail.thread", "mail.activity.mixin"]
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
    # --- Commercial context (the 12 sections) ---
    ctx_identity = fields.Html(string="Identity card of the company")
    ctx_market = fields.Html(string="Market and main trends")
    ctx_turnover = fields.Html(string="Turnover and its evolution")
    ctx_customers = fields.Html(string="Customer types, breakdown, segmentation")
    ctx_competition = fields.Html(string="Competition")
    ctx_process = fields.Html(string="Purchase and sales process")
    ctx_suppliers = fields.Html(string="Supplier types and bargaining power")
    ctx_payment_terms = fields.Html(string="Customer and supplier payment terms")
    ctx_communication = fields.Html(string="Communication policy")
    ctx_pricing = fields.Html(string="General pricing principles")
    ctx_sales_org = fields.Html(string="Organisation of the sales function")
    ctx_technology = fields.Html(string="Technological resources available")
    pgi_presentation = fields.Html(
        string="Presentation of the PGI database",
        help="The candidate's synthetic presentation of the PGI database "
        "(référentiel p. 76): the work done in it. The printed dossier puts "
        "it after what the PGI holds (applications, document types and "
        "counts, screens).",
    )
    # --- Warned at hand-in, never blocking (the commission judges) ---
    handin_warnings = fields.Text(
        string="Hand-in warnings", compute="_compute_handin_warnings"
    )
    handin_warning_count = fields.Integer(compute="_compute_handin_warnings")
    # --- Indicators from the accounting ---
    indicator_ids = fields.One2many(
        "gpme.dossier.indicator", "dossier_id", string="Indicators", readonly=True
    )
    indicators_date = fields.Datetime(string="Indicators computed on", readonly=True)
    indicators_frozen = fields.Boolean(
        readonly=True, help="Frozen at submission: no longer refreshed."
    )
    indicator_html_turnover = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    indicator_html_customers = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    indicator_html_suppliers = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    indicator_html_payment_terms = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    # --- Conformity checklist (recomputed at each read) ---
    conformity_html = fields.Html(
        string="Checklist", compute="_compute_conformity", sanitize=False
    )
    synoptic_html = fields.Html(
        string="Synoptic document", compute="_compute_synoptic_html", sanitize=False
    )
    conformity_blocking_count = fields.Integer(
        string="Blocking findings", compute="_compute_conformity"
    )
    conformity_issue_count = fields.Integer(
        string="Findings", compute="_compute_conformity"
    )
    submitted_date = fields.Datetime(readonly=True, tracking=True)
    evidence_pdf_pending = fields.Integer(
        string="Evidence PDFs in preparation",
        compute="_compute_evidence_pdf_pending",
        help="Snapshot PDFs still being rendered in the background (or to be "
        "tried again). The whole dossier is kept as submitted once they are all "
        "sealed.",
    )
    # --- A repeating student carries situations over ---
    previous_dossier_id = fields.Many2one(
        "gpme.dossier",
        string="Previous dossier",
        domain="[('student_id', '=', student_id), ('id', '!=', id)]",
        help="Dossier of an earlier session of the same student, whose "
        "situations may be carried over.",
    )
    carried_over = fields.Boolean(readonly=True)
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

    @api.model
    def _get_current(self, user=None):
        """The dossier of the user's current class and session, if any."""
        user = user or self.env.user
        if not user.gpme_cohort_id:
            return self.browse()
        return self.search(
            [
                ("student_id", "=", user.id),
                ("exam_session_id", "=", user.gpme_cohort_id.exam_session_id.id),
            ],
            limit=1,
        )

    @api.model
    def _get_or_create_current(self, user=None):
        """The dossier of the user's current class, created on first need."""
        user = user or self.env.user
        if not user.gpme_cohort_id:
            return self.browse()
        dossier = self._get_current(user)
        if not dossier:
            dossier = self.create(
                {"student_id": user.id, "cohort_id": user.gpme_cohort_id.id}
            )
        return dossier

    @api.model
    def _action_open_my_dossier(self):
        dossier = self._get_or_create_current()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gpme_e4.gpme_dossier_action"
        )
        if dossier:
            action.update(
                {"res_id": dossier.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("student_id", "=", self.env.uid)]
        return action

    # ------------------------------------------------------------------
    # One dossier per student and session
    # ------------------------------------------------------------------
    @api.constrains("student_id", "cohort_id")
    def _check_one_per_session(self):
        data = (
            self.sudo()
            .with_context(active_test=False)
            .read_group(
                [
                    ("student_id", "in", self.student_id.ids),
                    ("exam_session_id", "in", self.exam_session_id.ids),
                ],
                ["student_id", "exam_session_id"],
                ["student_id", "exam_session_id"],
                lazy=False,
            )
        )
        for row in data:
            if row["__count"] > 1:
                student = self.env["res.users"].sudo().browse(row["student_id"][0])
                session = (
                    self.env["gpme.exam.session"]
                    .sudo()
                    .browse(row["exam_session_id"][0])
                )
                raise ValidationError(
                    _(
                        "%(student)s already has an E4 dossier for the %(year)s "
                        "session: a student has one dossier per exam session.",
                        student=student.name,
                        year=session.year,
                    )
                )

    @api.model
    def _gpme_check_new_sessions(self, vals_list):
        """The clear message before the unique constraint's technical one."""
        user = self.env.user
        for vals in vals_list:
            student = (
                self.env["res.users"].sudo().browse(vals.get("student_id", user.id))
            )
            cohort = (
                self.env["gpme.cohort"]
                .sudo()
                .browse(vals.get("cohort_id", user.gpme_cohort_id.id))
            )
            if cohort.exam_session_id and self.sudo().search_count(
                [
                    ("student_id", "=", student.id),
                    ("exam_session_id", "=", cohort.exam_session_id.id),
                ]
            ):
                self._check_one_per_session_message(student, cohort.session_year)

    def _check_one_per_session_message(self, student, year):
        raise ValidationError(
            _(
                "%(student)s already has an E4 dossier for the %(year)s "
                "session: a student has one dossier per exam session.",
                student=student.name,
                year=year,
            )
        )

    @api.constrains("previous_dossier_id", "student_id", "session_year")
    def _check_previous_dossier(self):
        for dossier in self.filtered("previous_dossier_id"):
            previous = dossier.previous_dossier_id.sudo()
            if (
                previous.student_id != dossier.student_id
                or previous.session_year >= dossier.session_year
            ):
                raise ValidationError(
                    _(
                        "The previous dossier must be a dossier of the same "
                        "student for an earlier exam session."
                    )
                )

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
        self._gpme_check_new_sessions(vals_list)
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
        return super().create(vals_list)

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

    # ------------------------------------------------------------------
    # State buttons
    # ------------------------------------------------------------------
    def _gpme_transition(self, action):
        """Check the user may press the button, then move the dossiers on.

        The state is written as superuser because it is refused to every
        direct write; who may press which button is checked here instead.
        """
        target = self._gpme_transition_check(action)
        res = self.sudo().write({"state": target})
        self.env["gpme.journal"]._gpme_log(
            f"dossier_{action}",
            self,
            reason=self.env.context.get("gpme_reason"),
            details={"from": TRANSITIONS[action][0], "to": target},
        )
        self._gpme_notify_student(action)
        return res

    def _gpme_notify_student(self, action):
        """The teaching team's decisions reach the student in her inbox."""
        if action == "validate":
            body = _("Your dossier has been validated by %s.", self.env.user.name)
        elif action == "reset_draft":
            body = _(
                "Your dossier has been returned to you by %s: it is a draft "
                "again, to be completed and submitted.",
                self.env.user.name,
            )
        else:
            return
        for dossier in self.sudo():
            dossier.message_post(
                body=body,
                partner_ids=dossier.student_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _gpme_transition_check(self, action):
        """Refuse first on the role (naming nothing), then on the state."""
        source, target, roles_allowed = TRANSITIONS[action]
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        roles = self._gpme_roles_map()
        for dossier in self:
            if not self.env.su and not roles[dossier.id] & (roles_allowed | {"admin"}):
                raise AccessError(
                    _(
                        "You are not allowed to move this dossier to « %(target)s ».",
                        target=state_labels[target],
                    )
                )
            if dossier.state != source:
                raise UserError(
                    _(
                        "The dossier is « %(state)s »: this step needs it to be "
                        "« %(needed)s ».",
                        state=state_labels[dossier.state],
                        needed=state_labels[source],
                    )
                )
        return target

    @api.depends(
        "internship_ids.signed", "internship_ids.stamped", "internship_ids.employer"
    )
    def _compute_handin_warnings(self):
        warnings = self._gpme_handin_warnings()
        for dossier in self:
            dossier.handin_warnings = "\n".join(warnings.get(dossier.id, []))
            dossier.handin_warning_count = len(warnings.get(dossier.id, []))

    def _gpme_handin_warnings(self):
        """{dossier id: [message]}: what the commission may hold against
        the dossier at hand-in (attestations de stage missing, unsigned or
        unstamped: « documents non visés ou non signés », a case of NV).
        Warned, never blocking: the paper attestation may still come."""
        result = {}
        for dossier in self:
            messages = []
            internships = dossier.sudo().internship_ids
            if not internships:
                messages.append(
                    _(
                        "No internship attestation is recorded: the commission "
                        "may declare the dossier non-conforming (NV)."
                    )
                )
            for internship in internships:
                if not internship.signed and not internship.stamped:
                    message = _(
                        "The attestation of « %s » is recorded neither signed "
                        "nor stamped by the company."
                    )
                elif not internship.signed:
                    message = _("The attestation of « %s » is not recorded as signed.")
                elif not internship.stamped:
                    message = _(
                        "The attestation of « %s » is not recorded as stamped by "
                        "the company."
                    )
                else:
                    continue
                messages.append(message % internship.employer)
            result[dossier.id] = messages
        return result

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
        return True

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
        self.env["gpme.job.result"]._gpme_post(
            self, self.env.user, title, body, attachment, failed=bool(error)
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
                if pdf and member._gpme_seal(pdf):
                    continue
                # Alone when the batch could not tell it apart.
                pdf = renderer._gpme_render_pdf_committed(
                    report.report_name, member.dossier_id.ids
                )[0]
                member._gpme_seal(pdf)

    def _gpme_sealed_versions(self):
        """{dossier id: its last hand-in's version} for the dossiers handed
        in whose last version is sealed and still verifies."""
        result = {}
        for dossier in self.sudo():
            version = dossier.version_ids[:1]
            if dossier.state != "draft" and version and version._gpme_raw() is not None:
                result[dossier.id] = version
        return result

    def action_reset_draft(self, reason=None):
        """Back to draft (the reason, when given, goes to the E4 journal)."""
        dossiers = self.with_context(gpme_reason=reason) if reason else self
        dossiers._gpme_transition("reset_draft")
        return self.sudo().write({"indicators_frozen": False})

    def action_validate(self):
        """The teaching team validates a dossier whose fiches are all validated."""
        self._gpme_transition_check("validate")
        open_fiches = self.sudo().situation_ids.filtered(
            lambda s: s.state != "validated"
        )
        if open_fiches:
            states = dict(open_fiches._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "The dossier cannot be validated: the fiche « %(fiche)s » is "
                    "« %(state)s », every fiche must be validated first.",
                    fiche=open_fiches[0].code or open_fiches[0].name,
                    state=states[open_fiches[0].state],
                )
            )
        return self._gpme_transition("validate")

    def action_start_evaluation(self):
        return self._gpme_transition("start_evaluation")

    def action_mark_evaluated(self):
        return self._gpme_transition("mark_evaluated")

    def action_open_evaluation(self):
        """The commission's screen for this candidate (created on first use)."""
        self.ensure_one()
        return self.env["gpme.evaluation"]._gpme_open_for_dossier(self).action_open()

    def action_archive_dossier(self):
        return self._gpme_transition("archive")

    # ------------------------------------------------------------------
    # Carry-over for a repeating student
    # ------------------------------------------------------------------
    def action_carry_over(self):
        """Copy the situations (and their evidence) of the previous dossier.

        The copies start as drafts: the teaching team validates them again.
        """
        for dossier in self:
            if not dossier.previous_dossier_id:
                raise UserError(_("Choose the previous dossier first."))
            if dossier.carried_over:
                raise UserError(
                    _(
                        "The situations of the previous dossier were already "
                        "carried over."
                    )
                )
            roles = dossier._gpme_roles()
            if dossier.state != "draft" or not roles & {"student", "admin"}:
                raise AccessError(
                    _(
                        "Only the student, while the dossier is a draft, can "
                        "carry situations over."
                    )
                )
            previous = dossier.previous_dossier_id.sudo()
            # Evidence whose document is gone stays in the previous dossier
            # only (its snapshot is there): a new one needs a live document.
            live = set()
            evidence = previous.situation_ids.evidence_ids
            for model in set(evidence.mapped("res_model")):
                if model in self.env:
                    ids = evidence.filtered(lambda e, m=model: e.res_model == m)
                    found = self.env[model].sudo().with_context(active_test=False)
                    live |= {
                        (model, rid)
                        for rid in found.browse(ids.mapped("res_id")).exists().ids
                    }
            for situation in previous.situation_ids:
                copy = situation.copy(
                    {"dossier_id": dossier.id, "state": "draft", "code": False}
                )
                for item in situation.evidence_ids:
                    if (item.res_model, item.res_id) in live:
                        item.copy({"situation_id": copy.id})
            dossier.sudo().write({"carried_over": True})
            dossier.message_post(
                body=_(
                    "%(count)s situation(s) carried over from %(previous)s.",
                    count=len(previous.situation_ids),
                    previous=previous.name,
                )
            )
        return True

    # ------------------------------------------------------------------
    # Conformity checklist (the rules and their glue: gpme.conformity.rule)
    # ------------------------------------------------------------------
    @api.model
    def _gpme_context_sections(self):
        return [
            (name, self._fields[name].get_description(self.env)["string"])
            for name in CONTEXT_FIELDS
        ]

    def _gpme_conformity_findings(self):
        """{dossier id: [conformity.Finding]} for the dossiers in self."""
        return self.env["gpme.conformity.rule"]._gpme_findings(self)

    @api.depends_context("lang")
    def _compute_synoptic_html(self):
        # The same matrix as the printed synoptic; each code opens its fiche.
        real = self.filtered("id")
        data = self.env["report.gpme_e4.report_synoptic"]._synoptic_data(real)
        for dossier in self:
            dossier.synoptic_html = dossier.id in data and self.env["ir.qweb"]._render(
                "gpme_e4.synoptic_matrix",
                {"syn": data[dossier.id], "link_fiches": True},
            )

    @api.depends_context("lang")
    def _compute_conformity(self):
        Rule = self.env["gpme.conformity.rule"]
        real = self.filtered("id")
        findings = Rule._gpme_findings(real) if real else {}
        rows = Rule._gpme_checklist_rows(findings)
        for dossier in self:
            dossier_findings = findings.get(dossier.id, [])
            dossier.conformity_blocking_count = len(
                conformity.blocking(dossier_findings)
            )
            dossier.conformity_issue_count = len(conformity.failed(dossier_findings))
            dossier.conformity_html = self.env["ir.qweb"]._render(
                "gpme_e4.conformity_checklist",
                {"rows": rows.get(dossier.id, [])},
            )

    # ------------------------------------------------------------------
    # Indicators from the accounting (computed by gpme.indicator.builder)
    # ------------------------------------------------------------------
    @api.depends_context("lang")
    def _compute_indicator_html(self):
        by_section = {}
        real = self.filtered("id")
        if real:
            for indicator in self.env["gpme.dossier.indicator"].search(
                [("dossier_id", "in", real.ids)]
            ):
                by_section.setdefault(
                    (indicator.dossier_id.id, indicator.section), []
                ).append(indicator._gpme_table())
        for dossier in self:
            for section in ("turnover", "customers", "suppliers", "payment_terms"):
                tables = by_section.get((dossier.id, "ctx_" + section))
                dossier["indicator_html_" + section] = tables and self.env[
                    "ir.qweb"
                ]._render("gpme_e4.indicator_tables", {"indicators": tables})

    def action_refresh_indicators(self):
        for dossier in self:
            roles = dossier._gpme_roles()
            if not self.env.su and not roles & {"student", "teacher", "admin"}:
                raise AccessError(
                    _("You are not allowed to refresh the indicators of this dossier.")
                )
        self._gpme_refresh_indicators()
        return True

    def _gpme_refresh_indicators(self):
        for dossier in self:
            if dossier.indicators_frozen or dossier.state != "draft":
                raise UserError(
                    _(
                        "The indicators of the dossier « %s » were frozen at its "
                        "submission.",
                        dossier.name,
                    )
                )
        Indicator = self.env["gpme.dossier.indicator"].sudo()
        Builder = self.env["gpme.indicator.builder"]
        now = fields.Datetime.now()
        for dossier in self:
            Indicator.search([("dossier_id", "=", dossier.id)]).unlink()
            values = Builder._get_indicators(dossier.company_id)
            Indicator.create(
                [
                    dict(
                        vals,
                        dossier_id=dossier.id,
                        company_id=dossier.company_id.id,
                        sequence=seq,
                        computed_on=now,
                    )
                    for seq, vals in enumerate(values)
                ]
            )
            dossier.sudo().write({"indicators_date": now})

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
                    "the deletion (it is kept in the chatter).",
                    dossiers[0].name,
                )
            )
        for dossier in dossiers:
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

    def _gpme_verify_seals(self):
        """{dossier id: [row]} every version's seal recomputed."""
        snaps = (
            self.env["gpme.evidence.snapshot"]
            .sudo()
            .search(
                [("dossier_id", "in", self.ids)],
                order="dossier_id, evidence_id, version",
            )
        )
        checks = snaps._gpme_verify()
        states = dict(snaps._fields["pdf_state"]._description_selection(self.env))
        result = {dossier.id: [] for dossier in self}
        for snap in snaps:
            ok, problem = checks[snap.id]
            result[snap.dossier_id.id].append(
                {
                    "fiche": snap.evidence_id.situation_id.display_name,
                    "document": snap.evidence_id.name,
                    "version": snap.version,
                    "pdf_state": states.get(snap.pdf_state),
                    "seal": snap.seal,
                    "ok": ok,
                    "problem": problem,
                }
            )
        return result

    def action_verify_evidence_seals(self):
        self.check_access_rights("read")
        self.check_access_rule("read")
        return self.env.ref("gpme_e4.action_report_evidence_integrity").report_action(
            self
        )
