from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import conformity

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
# the state buttons). Administrators may change everything; nobody else is
# listed for the states that are not here.
EDITABLE_FIELDS = {
    ("draft", "student"): CONTEXT_FIELDS
    + ("candidate_number", "company_id", "previous_dossier_id", "internship_ids"),
    ("draft", "teacher"): ("candidate_number", "company_id", "internship_ids"),
    ("submitted", "teacher"): ("candidate_number",),
    ("validated", "teacher"): ("candidate_number",),
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
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "E4 dossier"
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
    conformity_blocking_count = fields.Integer(
        string="Blocking findings", compute="_compute_conformity"
    )
    conformity_issue_count = fields.Integer(
        string="Findings", compute="_compute_conformity"
    )
    submitted_date = fields.Datetime(readonly=True, tracking=True)
    # --- A repeating student carries situations over ---
    previous_dossier_id = fields.Many2one(
        "gpme.dossier",
        string="Previous dossier",
        domain="[('student_id', '=', student_id), ('id', '!=', id)]",
        help="Dossier of an earlier session of the same student, whose "
        "situations may be carried over.",
    )
    carried_over = fields.Boolean(readonly=True)
    can_edit_context = fields.Boolean(
        compute="_compute_can_edit_context",
        help="Whether the current user may write the commercial context now.",
    )

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
    def _get_or_create_current(self, user=None):
        """The dossier of the user's current class, created on first need."""
        user = user or self.env.user
        if not user.gpme_cohort_id:
            return self.browse()
        dossier = self.search(
            [
                ("student_id", "=", user.id),
                ("exam_session_id", "=", user.gpme_cohort_id.exam_session_id.id),
            ],
            limit=1,
        )
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
        user = user or self.env.user
        dossier = self.sudo()
        roles = set()
        if user.has_group("gpme_e4.group_admin"):
            roles.add("admin")
        if dossier.student_id == user:
            roles.add("student")
        if user in dossier.cohort_id.teacher_ids:
            roles.add("teacher")
        if user in dossier.commission_user_ids:
            roles.add("commission")
        return roles

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_edit_context(self):
        for dossier in self:
            roles = dossier._gpme_roles()
            dossier.can_edit_context = "admin" in roles or (
                CONTEXT_FIELDS[0] in dossier._gpme_editable_fields(roles)
            )

    @api.model
    def _gpme_lock_exempt_fields(self):
        """Fields anyone allowed to write may change in any state (chatter)."""
        return {
            "message_main_attachment_id",
            "activity_ids",
            "message_follower_ids",
        }

    def _gpme_editable_fields(self, roles):
        self.ensure_one()
        allowed = set(self._gpme_lock_exempt_fields())
        for role in roles:
            allowed.update(EDITABLE_FIELDS.get((self.state, role), ()))
        return allowed

    def _gpme_check_write(self, vals):
        if self.env.su:
            return
        for dossier in self:
            roles = dossier._gpme_roles()
            if "admin" in roles:
                continue
            refused = set(vals) - dossier._gpme_editable_fields(roles)
            if refused:
                labels = sorted(
                    self._fields[f].get_description(self.env)["string"]
                    for f in refused
                    if f in self._fields
                )
                raise UserError(
                    _(
                        "You cannot change %(fields)s of the dossier « %(name)s » "
                        "in the state « %(state)s ».",
                        fields=", ".join(labels) or ", ".join(sorted(refused)),
                        name=dossier.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[dossier.state],
                    )
                )
        if vals.get("company_id"):
            self._gpme_check_company(vals["company_id"])

    def _gpme_check_company(self, company_id):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        if company_id not in self.env.user.company_ids.ids:
            raise AccessError(
                _(
                    "You can only present a company you have access to in the "
                    "training PGI."
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
        return super().create(vals_list)

    def write(self, vals):
        self._gpme_check_write(vals)
        # Last refresh of the evidence snapshots just before the dossier is
        # submitted; once locked they are never refreshed again.
        if vals.get("state") in LOCKED_STATES:
            opening = self.filtered(lambda d: not d.is_locked)
            if opening:
                self.env["gpme.evidence"].sudo().search(
                    [("dossier_id", "in", opening.ids)]
                )._take_snapshot()
        return super().write(vals)

    # ------------------------------------------------------------------
    # State buttons
    # ------------------------------------------------------------------
    def _gpme_transition(self, action):
        """Check the user may press the button, then move the dossiers on.

        The state is written as superuser because it is refused to every
        direct write; who may press which button is checked here instead.
        """
        source, target, roles_allowed = TRANSITIONS[action]
        state_labels = dict(self._fields["state"]._description_selection(self.env))
        for dossier in self:
            if dossier.state != source:
                raise UserError(
                    _(
                        "The dossier « %(name)s » is « %(state)s »: this step "
                        "needs it to be « %(needed)s ».",
                        name=dossier.name,
                        state=state_labels[dossier.state],
                        needed=state_labels[source],
                    )
                )
            roles = dossier._gpme_roles()
            if not self.env.su and "admin" not in roles and not roles & roles_allowed:
                raise AccessError(
                    _(
                        "You are not allowed to move the dossier « %(name)s » "
                        "to « %(target)s ».",
                        name=dossier.name,
                        target=state_labels[target],
                    )
                )
        return self.sudo().write({"state": target})

    def action_submit(self):
        """Submit: refused while a blocking finding remains; freezes the
        evidence snapshots and the indicators."""
        for dossier in self:
            if dossier.state != "draft":
                dossier._gpme_transition("submit")  # raises the state message
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
        # Check the rights before touching anything.
        for dossier in self:
            roles = dossier._gpme_roles()
            if not self.env.su and not roles & {"admin", "student"}:
                dossier._gpme_transition("submit")
        # The evidence takes its last snapshot as the state locks
        # (see write()), whatever path locks it.
        self._gpme_refresh_indicators()
        self._gpme_transition("submit")
        self.sudo().write(
            {"indicators_frozen": True, "submitted_date": fields.Datetime.now()}
        )
        return True

    def action_reset_draft(self):
        self._gpme_transition("reset_draft")
        return self.sudo().write({"indicators_frozen": False})

    def action_validate(self):
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
