from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

from ..services import conformity, indicators

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


def _share_rows(items):
    """Table rows (label, amount, share) of an indicator breakdown."""
    return [
        [i["label"], {"t": "amount", "v": i["amount"]}, {"t": "pct", "v": i["share"]}]
        for i in items
    ]


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
    session_year = fields.Integer(
        related="cohort_id.session_year", store=True, string="Exam session"
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
        help="Members of the exam commission who examine this dossier.",
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
                ("session_year", "=", user.gpme_cohort_id.session_year),
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
                    ("session_year", "in", list(set(self.mapped("session_year")))),
                ],
                ["student_id", "session_year"],
                ["student_id", "session_year"],
                lazy=False,
            )
        )
        for row in data:
            if row["__count"] > 1:
                student = self.env["res.users"].sudo().browse(row["student_id"][0])
                raise ValidationError(
                    _(
                        "%(student)s already has an E4 dossier for the %(year)s "
                        "session: a student has one dossier per exam session.",
                        student=student.name,
                        year=row["session_year"],
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
        # (gpme_dossier_evidence.py), whatever path locks it.
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
    # Conformity checklist
    # ------------------------------------------------------------------
    @api.model
    def _gpme_multi_kind_counts(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.multi_kind_counts", "several")
        )
        return value != "one"

    def _gpme_conformity_facts(self):
        """{dossier id: conformity.Facts}, in a constant number of queries."""
        env = self.env(su=True)
        activities = env["gpme.activity"].search([])
        activity_codes = {a.id: a.code for a in activities}
        situations = env["gpme.situation"].search_read(
            [("dossier_id", "in", self.ids)],
            [
                "dossier_id",
                "code",
                "name",
                "is_grcf",
                "is_oral",
                "is_written",
                "with_customer",
                "state",
                "e4_activity_ids",
            ],
            load=None,
        )
        evidence = env["gpme.evidence"].read_group(
            [("dossier_id", "in", self.ids)], ["situation_id"], ["situation_id"]
        )
        evidence_counts = {
            row["situation_id"][0]: row["situation_id_count"] for row in evidence
        }
        by_dossier = {dossier_id: [] for dossier_id in self.ids}
        for row in situations:
            kinds = {
                kind
                for kind, flag in (
                    ("grcf", row["is_grcf"]),
                    ("oral", row["is_oral"]),
                    ("written", row["is_written"]),
                )
                if flag
            }
            by_dossier[row["dossier_id"]].append(
                conformity.Situation(
                    code=row["code"] or row["name"],
                    name=row["name"],
                    kinds=frozenset(kinds),
                    with_customer=row["with_customer"],
                    activity_codes=frozenset(
                        activity_codes[a]
                        for a in row["e4_activity_ids"]
                        if a in activity_codes
                    ),
                    validated=row["state"] == "validated",
                    evidence_count=evidence_counts.get(row["id"], 0),
                )
            )
        activity_labels = {a.code: a.name for a in activities}
        labels = dict(self._gpme_context_sections())
        result = {}
        for dossier in self:
            result[dossier.id] = conformity.Facts(
                situations=tuple(by_dossier[dossier.id]),
                activities=activity_labels,
                context_sections=tuple(
                    (labels[name], not is_html_empty(dossier[name]))
                    for name in CONTEXT_FIELDS
                ),
            )
        return result

    @api.model
    def _gpme_context_sections(self):
        return [
            (name, self._fields[name].get_description(self.env)["string"])
            for name in CONTEXT_FIELDS
        ]

    @api.model
    def _gpme_conformity_rules(self):
        rules = self.env["gpme.conformity.rule"].sudo().search([])
        return [
            conformity.Rule(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                message=rule.message,
                kind=rule.kind or None,
                min_count=rule.min_count,
                activity_code=rule.activity_id.code or None,
            )
            for rule in rules
        ]

    def _gpme_conformity_findings(self):
        """{dossier id: [conformity.Finding]} for the dossiers in self."""
        rules = self._gpme_conformity_rules()
        multi = self._gpme_multi_kind_counts()
        message = _(
            "Fiche(s) of several kinds counted for several quotas: "
            "{missing_list}. Check this is accepted for your session."
        )
        facts = self._gpme_conformity_facts()
        return {
            dossier_id: conformity.evaluate(rules, dossier_facts, multi, message)
            for dossier_id, dossier_facts in facts.items()
        }

    @api.depends_context("lang")
    def _compute_conformity(self):
        real = self.filtered("id")
        findings = real._gpme_conformity_findings() if real else {}
        severities = dict(
            self.env["gpme.conformity.rule"]
            ._fields["severity"]
            ._description_selection(self.env)
        )
        for dossier in self:
            dossier_findings = findings.get(dossier.id, [])
            failed = conformity.failed(dossier_findings)
            dossier.conformity_blocking_count = len(
                conformity.blocking(dossier_findings)
            )
            dossier.conformity_issue_count = len(failed)
            dossier.conformity_html = self._gpme_render_checklist(
                dossier_findings, severities
            )

    @api.model
    def _gpme_render_checklist(self, findings, severities):
        badge = {
            "blocking": "text-bg-danger",
            "penalising": "text-bg-warning",
            "warning": "text-bg-info",
        }
        html = Markup("<ul class='list-unstyled o_gpme_checklist'>")
        for finding in sorted(findings, key=lambda f: f.passed):
            if finding.passed:
                html += Markup(
                    "<li class='text-success'><i class='fa fa-check-circle'/> %s</li>"
                ) % (finding.name,)
            else:
                html += Markup(
                    "<li><i class='fa fa-times-circle text-danger'/> "
                    "<span class='badge %s'>%s</span> %s</li>"
                ) % (
                    badge.get(finding.severity, ""),
                    severities.get(finding.severity, finding.severity),
                    finding.message or finding.name,
                )
        return html + Markup("</ul>")

    # ------------------------------------------------------------------
    # Indicators from the accounting
    # ------------------------------------------------------------------
    @api.depends_context("lang")
    def _compute_indicator_html(self):
        indicators_by = {}
        real = self.filtered("id")
        if real:
            for indicator in self.env["gpme.dossier.indicator"].search(
                [("dossier_id", "in", real.ids)]
            ):
                indicators_by.setdefault(
                    (indicator.dossier_id.id, indicator.section), []
                ).append(indicator)
        for dossier in self:
            for section in ("turnover", "customers", "suppliers", "payment_terms"):
                items = indicators_by.get((dossier.id, "ctx_" + section), [])
                html = Markup("").join(i._render_html() for i in items)
                dossier["indicator_html_" + section] = html or False

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
        now = fields.Datetime.now()
        for dossier in self:
            Indicator.search([("dossier_id", "=", dossier.id)]).unlink()
            values = dossier._gpme_indicator_values(dossier.company_id)
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

    @api.model
    def _gpme_indicator_values(self, company):
        """Indicator values for a company: a few read_group, no per-record query."""
        env = self.env(su=True)
        Move = env["account.move"].with_context(active_test=False)
        sale_types = ["out_invoice", "out_refund"]
        purchase_types = ["in_invoice", "in_refund"]
        base = [("company_id", "=", company.id), ("state", "=", "posted")]
        last = Move.read_group(
            base + [("move_type", "in", sale_types + purchase_types)],
            ["invoice_date:max"],
            [],
        )
        last_date = last and last[0].get("invoice_date")
        if not last_date:
            return self._gpme_empty_indicators(company)
        period = company.compute_fiscalyear_dates(last_date)
        date_from, date_to = period["date_from"], period["date_to"]
        in_period = [
            ("invoice_date", ">=", date_from),
            ("invoice_date", "<=", date_to),
        ]
        period_label = _(
            "fiscal year of the last posted invoice (%(from)s – %(to)s)",
            **{
                "from": date_from.strftime("%d/%m/%Y"),
                "to": date_to.strftime("%d/%m/%Y"),
            },
        )
        return [
            self._gpme_turnover_indicator(company, Move, base, sale_types),
            *self._gpme_customer_indicators(
                Move, base + in_period, sale_types, date_from, date_to, period_label
            ),
            *self._gpme_supplier_indicators(
                company, Move, base + in_period, purchase_types, date_from, date_to
            ),
            *self._gpme_payment_indicators(
                company, Move, base + in_period, date_from, date_to, period_label
            ),
        ]

    @api.model
    def _gpme_indicator_specs(self):
        """code: (section, title) of every indicator, in display order."""
        return {
            "turnover": ("ctx_turnover", _("Turnover per fiscal year")),
            "customers_top": ("ctx_customers", _("Turnover by customer")),
            "customers_tag": ("ctx_customers", _("Turnover by customer tag")),
            "purchases_supplier": ("ctx_suppliers", _("Purchases by supplier")),
            "purchases_category": (
                "ctx_suppliers",
                _("Purchases by product category"),
            ),
            "delay_customer": (
                "ctx_payment_terms",
                _("Average customer payment delay"),
            ),
            "delay_supplier": (
                "ctx_payment_terms",
                _("Average supplier payment delay"),
            ),
            "terms_customer": (
                "ctx_payment_terms",
                _("Payment terms used with customers"),
            ),
            "terms_supplier": (
                "ctx_payment_terms",
                _("Payment terms used with suppliers"),
            ),
        }

    @api.model
    def _gpme_indicator(self, code, method, columns=None, rows=None, **extra):
        section, name = self._gpme_indicator_specs()[code]
        data = {"columns": columns or [], "rows": rows or []}
        data.update(extra.pop("data", {}))
        is_empty = not rows
        empty_message = extra.pop("empty_message", None)
        if is_empty:
            data["empty_message"] = empty_message or _(
                "Nothing in the accounting to compute it from."
            )
        return dict(
            code=code,
            section=section,
            name=name,
            method=method,
            data=data,
            is_empty=is_empty,
            **extra,
        )

    @api.model
    def _gpme_empty_indicators(self, company):
        message = _(
            "The company %s has no posted customer invoice or vendor bill yet: "
            "there is nothing to compute.",
            company.name,
        )
        return [
            self._gpme_indicator(code, "", empty_message=message)
            for code in self._gpme_indicator_specs()
        ]

    @api.model
    def _gpme_turnover_indicator(self, company, Move, base, sale_types):
        groups = Move.read_group(
            base + [("move_type", "in", sale_types)],
            ["amount_untaxed_signed:sum"],
            ["invoice_date:month"],
            lazy=False,
        )
        years = {}
        rows_in = []
        for group in groups:
            rng = (group.get("__range") or {}).get("invoice_date:month")
            if not rng:
                continue
            month = fields.Date.to_date(rng["from"])
            key = years.get(month)
            if key is None:
                fy = company.compute_fiscalyear_dates(month)
                key = years[month] = (fy["date_from"], fy["date_to"])
            rows_in.append((key, group["amount_untaxed_signed"]))
        result = indicators.turnover_by_year(rows_in)
        rows = [
            [
                "%s – %s"
                % (
                    y["date_from"].strftime("%d/%m/%Y"),
                    y["date_to"].strftime("%d/%m/%Y"),
                ),
                {"t": "amount", "v": y["amount"]},
                {"t": "pct", "v": y["evolution"], "signed": True},
            ]
            for y in result
        ]
        values = self._gpme_indicator(
            "turnover",
            _(
                "Sum of the untaxed amounts of posted customer invoices minus "
                "credit notes, by invoice date, per fiscal year of the company; "
                "evolution on the previous fiscal year."
            ),
            [_("Fiscal year"), _("Turnover (untaxed)"), _("Evolution")],
            rows,
            data={
                "years": [
                    dict(y, date_from=str(y["date_from"]), date_to=str(y["date_to"]))
                    for y in result
                ]
            },
        )
        if result:
            values.update(
                date_from=result[0]["date_from"], date_to=result[-1]["date_to"]
            )
        return values

    @api.model
    def _gpme_customer_indicators(
        self, Move, domain, sale_types, date_from, date_to, period_label
    ):
        groups = Move.read_group(
            domain + [("move_type", "in", sale_types)],
            ["amount_untaxed_signed:sum"],
            ["commercial_partner_id"],
            lazy=False,
        )
        amounts = {}
        names = {}
        for group in groups:
            if group["commercial_partner_id"]:
                pid, pname = group["commercial_partner_id"]
                amounts[pid] = group["amount_untaxed_signed"]
                names[pid] = str(pname)  # read_group gives a lazy name
        top, total = indicators.shares(
            [(names[p], a) for p, a in amounts.items()], top=5, others_label=_("Others")
        )
        partners = self.env["res.partner"].sudo().browse(list(amounts))
        tags_by = {p.id: p.category_id.mapped("name") for p in partners}
        tags, __ = indicators.tag_shares(amounts, tags_by, _("No tag"))
        columns = [_("Customer"), _("Turnover (untaxed)"), _("Share")]
        period = {"date_from": date_from, "date_to": date_to}

        return [
            self._gpme_indicator(
                "customers_top",
                _(
                    "Untaxed posted customer invoices minus credit notes over the "
                    "%s, by customer (commercial entity): the five largest and the "
                    "others together; share of the total.",
                    period_label,
                ),
                columns,
                _share_rows(top),
                data={"total": total, "items": top},
                **period,
            ),
            self._gpme_indicator(
                "customers_tag",
                _(
                    "Same turnover over the %s, by tag of the customer; a customer "
                    "with several tags counts for each of them, so the shares may "
                    "add up to more than 100 %%.",
                    period_label,
                ),
                [_("Customer tag"), _("Turnover (untaxed)"), _("Share")],
                _share_rows(tags),
                data={"total": total, "items": tags},
                **period,
            ),
        ]

    @api.model
    def _gpme_supplier_indicators(
        self, company, Move, domain, purchase_types, date_from, date_to
    ):
        period_label = _(
            "fiscal year of the last posted invoice (%(from)s – %(to)s)",
            **{
                "from": date_from.strftime("%d/%m/%Y"),
                "to": date_to.strftime("%d/%m/%Y"),
            },
        )
        groups = Move.read_group(
            domain + [("move_type", "in", purchase_types)],
            ["amount_untaxed_signed:sum"],
            ["commercial_partner_id"],
            lazy=False,
        )
        # Vendor bills carry a negative signed amount: purchases are its opposite.
        suppliers, total = indicators.shares(
            [
                (str(g["commercial_partner_id"][1]), -g["amount_untaxed_signed"])
                for g in groups
                if g["commercial_partner_id"]
            ],
            top=5,
            others_label=_("Others"),
        )
        lines = (
            self.env["account.move.line"]
            .sudo()
            .read_group(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", purchase_types),
                    ("move_id.invoice_date", ">=", date_from),
                    ("move_id.invoice_date", "<=", date_to),
                    ("display_type", "=", "product"),
                ],
                ["balance:sum"],
                ["product_id"],
                lazy=False,
            )
        )
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .browse([g["product_id"][0] for g in lines if g["product_id"]])
        )
        categ = {p.id: p.categ_id.display_name for p in products}
        by_categ, __ = indicators.shares(
            [
                (
                    categ[g["product_id"][0]] if g["product_id"] else _("No product"),
                    g["balance"],
                )
                for g in lines
            ],
            top=10,
            others_label=_("Others"),
        )
        period = {"date_from": date_from, "date_to": date_to}

        return [
            self._gpme_indicator(
                "purchases_supplier",
                _(
                    "Untaxed posted vendor bills minus refunds over the %s, by "
                    "supplier: the five largest and the others together.",
                    period_label,
                ),
                [_("Supplier"), _("Purchases (untaxed)"), _("Share")],
                _share_rows(suppliers),
                data={"total": total, "items": suppliers},
                **period,
            ),
            self._gpme_indicator(
                "purchases_category",
                _(
                    "Untaxed lines of posted vendor bills minus refunds over the "
                    "%s, by category of the product bought.",
                    period_label,
                ),
                [_("Product category"), _("Purchases (untaxed)"), _("Share")],
                _share_rows(by_categ),
                data={"items": by_categ},
                **period,
            ),
        ]

    @api.model
    def _gpme_payment_indicators(
        self, company, Move, domain, date_from, date_to, period_label
    ):
        env = self.env(su=True)
        period = {"date_from": date_from, "date_to": date_to}
        invoice_types = ["out_invoice", "out_refund", "in_invoice", "in_refund"]
        result = []
        for side, invoice_type, own, other in (
            ("customer", "out_invoice", "debit_move_id", "credit_move_id"),
            ("supplier", "in_invoice", "credit_move_id", "debit_move_id"),
        ):
            # Each partial reconciliation of an invoice's receivable/payable
            # line with a payment (not with a credit note) is one payment.
            partials = env["account.partial.reconcile"].search_read(
                [
                    ("company_id", "=", company.id),
                    (own + ".move_id.move_type", "=", invoice_type),
                    (own + ".move_id.state", "=", "posted"),
                    (own + ".move_id.invoice_date", ">=", date_from),
                    (own + ".move_id.invoice_date", "<=", date_to),
                    (other + ".move_id.move_type", "not in", invoice_types),
                ],
                [own, "amount", "max_date"],
                load=None,
            )
            # Browse in batch: the invoice lines, then their moves (prefetched).
            lines = env["account.move.line"].browse({p[own] for p in partials})
            invoice_dates = {line.id: line.move_id.invoice_date for line in lines}
            delay = indicators.average_delay(
                (invoice_dates[p[own]], p["max_date"], p["amount"]) for p in partials
            )
            rows = []
            if delay:
                rows = [
                    [
                        {"t": "days", "v": delay["days"]},
                        {"t": "int", "v": delay["count"]},
                        {"t": "amount", "v": delay["amount"]},
                    ]
                ]
            result.append(
                self._gpme_indicator(
                    "delay_" + side,
                    _(
                        "For the invoices of the %s: days from the invoice date to "
                        "the date of each payment reconciled with it (the later of "
                        "the two accounting dates), averaged with the amount paid "
                        "as weight.",
                        period_label,
                    ),
                    [_("Average delay (days)"), _("Payments"), _("Amount paid")],
                    rows,
                    data={"delay": delay},
                    empty_message=_("No payment reconciled with these invoices yet."),
                    **period,
                )
            )
        # Terms apply to invoices and bills; refunds would offset them.
        for side, types in (
            ("customer", ["out_invoice"]),
            ("supplier", ["in_invoice"]),
        ):
            groups = Move.read_group(
                domain + [("move_type", "in", types)],
                ["amount_total_signed:sum"],
                ["invoice_payment_term_id"],
                lazy=False,
            )
            counts = {}
            items = []
            for g in groups:
                label = (
                    str(g["invoice_payment_term_id"][1])
                    if g["invoice_payment_term_id"]
                    else _("No payment terms (immediate or due date)")
                )
                counts[label] = g["__count"]
                items.append((label, abs(g["amount_total_signed"])))
            shares, __ = indicators.shares(items, top=10, others_label=_("Others"))
            rows = [
                [
                    i["label"],
                    {"t": "int", "v": counts.get(i["label"], 0)},
                    {"t": "pct", "v": i["share"]},
                ]
                for i in shares
            ]
            result.append(
                self._gpme_indicator(
                    "terms_" + side,
                    _(
                        "Payment terms of the posted invoices of the %s: number of "
                        "invoices and share of the amount (taxes included).",
                        period_label,
                    ),
                    [_("Payment terms"), _("Invoices"), _("Share of the amount")],
                    rows,
                    data={"items": shares, "counts": counts},
                    **period,
                )
            )
        return result
