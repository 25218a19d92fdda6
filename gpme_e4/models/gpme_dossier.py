import logging

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services import conformity
from ..services.toast import toast
from .gpme_dossier_context import CONTEXT_FIELDS
from .gpme_lock_mixin import ALL, ATTACH, CREATE, field_label

_logger = logging.getLogger(__name__)


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
        "gpme.dossier.pdf",
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
