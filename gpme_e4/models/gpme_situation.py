from markupsafe import Markup

from odoo import _, api, fields, models, release
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import format_date

from ..services import fiche_checks
from ..services.toast import toast
from .gpme_lock_mixin import ALL, UNLINK, field_label

SITUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("validated", "Validated"),
    ("to_rework", "Returned"),
]
# States in which the student may still edit the fiche.
EDITABLE_STATES = ("draft", "to_rework")
# Natures of an oral communication, as the référentiel words them (E4,
# printed p. 76); the keys are the codes of the matching oral tools.
ORAL_NATURES = [
    ("interpersonal", "Interpersonal communication"),
    ("group", "Group communication"),
    ("phone", "Telephone reception"),
    ("face", "Face-to-face reception"),
]
# Supports of a written communication: the référentiel wants them varied.
WRITTEN_SUPPORTS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("memo", "Internal memo"),
    ("report", "Report or minutes"),
    ("commercial", "Commercial document (offer, leaflet, catalogue)"),
    ("presentation", "Slide presentation"),
    ("publication", "Web or social network publication"),
    ("form", "Form or survey"),
    ("other", "Other support"),
]
MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
# Fields only the review workflow sets (through its buttons, never by a write
# coming from the student).
WORKFLOW_FIELDS = {
    "state",
    "review_comment",
    "submitted_date",
    "reviewed_by_id",
    "reviewed_date",
}
# The student writes their fiche while it is a draft or returned; afterwards
# only the review buttons (as superuser, after their own check) change it.
_STUDENT_OPEN = {"admin": ALL, "student": ALL}
LOCK_RULES = {
    "draft": _STUDENT_OPEN,
    "to_rework": _STUDENT_OPEN,
    "submitted": {"admin": ALL},
    "validated": {"admin": ALL},
    # The dossier is handed in: everything is frozen.
    "locked": {"admin": ALL},
}


class GpmeSituation(models.Model):
    _name = "gpme.situation"
    _inherit = ["gpme.lock.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "E4 professional situation"
    _gpme_lock_rules = LOCK_RULES
    _gpme_lock_protected = frozenset(
        WORKFLOW_FIELDS | {"student_id", "cohort_id", "code", "e4_activity_ids"}
    )
    _gpme_lock_create_ignored = frozenset(WORKFLOW_FIELDS | {"code"})
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one(
        "gpme.dossier",
        required=True,
        index=True,
        ondelete="cascade",
        # Only an existing dossier: opening an empty form writes nothing; the
        # dossier is created with the student's first fiche (see create()).
        default=lambda self: self.env["gpme.dossier"]._get_current(),
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    sequence = fields.Integer(default=10)
    # --- Header of the fiche V-4 -------------------------------------------
    is_grcf = fields.Boolean(string="GRCF", tracking=True)
    is_oral = fields.Boolean(string="Oral communication", tracking=True)
    is_written = fields.Boolean(string="Written communication", tracking=True)
    oral_nature = fields.Selection(
        ORAL_NATURES,
        string="Nature of the oral communication",
        tracking=True,
        help="The two oral communication fiches must be of different natures.",
    )
    written_support = fields.Selection(
        WRITTEN_SUPPORTS,
        string="Support of the written communication",
        tracking=True,
        help="The written communication fiches must present varied supports.",
    )
    with_customer = fields.Boolean(
        string="Communication with a customer",
        tracking=True,
        help="The situation includes a communication with a customer "
        "(welcome, reminder, complaint, information or advice).",
    )
    # --- Recto, in the order of the official fiche ----------------------------
    # 1. Identification
    code = fields.Char(
        string="Identification of the professional situation",
        readonly=True,
        copy=False,
        help="SP1, SP2…: numbered within the dossier.",
    )
    # 2. Modalité de réalisation
    modality_id = fields.Many2one(
        "gpme.modality",
        string="Modality of realisation",
        ondelete="restrict",
        tracking=True,
    )
    # 3. Période de réalisation: a month, stored as its first day and entered
    # as a month and a year.
    period_date = fields.Date(
        string="Period of realisation",
        tracking=True,
        help="Month and year the situation took place.",
    )
    period_month = fields.Selection(
        MONTHS,
        string="Month of realisation",
        compute="_compute_period_month",
        inverse="_inverse_period",
    )
    # Text, not an integer: a year reads « 2025 », never « 2 025 ».
    period_year = fields.Char(
        string="Year of realisation",
        size=4,
        compute="_compute_period_year",
        inverse="_inverse_period",
    )
    period_label = fields.Char(
        string="Period of realisation (month)", compute="_compute_period_label"
    )
    # 4. Conditions de réalisation
    condition_id = fields.Many2one(
        "gpme.condition",
        string="Conditions of realisation",
        ondelete="restrict",
        tracking=True,
    )
    # 5. Activités concernées (filled by the tasks chosen)
    task_ids = fields.Many2many("gpme.task", string="Tasks")
    # activity_ids is mail.activity.mixin's: the référentiel's activities get
    # their own name.
    e4_activity_ids = fields.Many2many(
        "gpme.activity",
        compute="_compute_e4_activity_ids",
        store=True,
        string="Activities concerned",
    )
    # 6. Intitulé
    name = fields.Char(
        string="Title of the professional situation", required=True, tracking=True
    )
    # 7. Lieu, période et durée de réalisation
    place = fields.Char(tracking=True, help="Where the situation took place.")
    date_start = fields.Date(string="Start date", tracking=True)
    date_end = fields.Date(string="End date", tracking=True)
    duration = fields.Char(tracking=True, help="For instance: 3 hours, 2 days.")
    # 8. Cadre
    frame = fields.Text(string="Frame of the professional situation", tracking=True)
    # 9. Problème de gestion soulevé et enjeux de la situation
    problem_management = fields.Text(
        string="Issue raised and stakes: management", tracking=True
    )
    problem_oral = fields.Text(
        string="Issue raised and stakes: oral communication", tracking=True
    )
    problem_written = fields.Text(
        string="Issue raised and stakes: written communication", tracking=True
    )
    # 10-13
    actors = fields.Text(string="Actors and relation between the actors", tracking=True)
    objective = fields.Text(tracking=True)
    constraints = fields.Text(
        string="Conditions of realisation: constraints including the process and "
        "the accounting organisation, digital environment",
        tracking=True,
    )
    resources = fields.Text(string="Resources available", tracking=True)
    # 14. Solutions logicielles choisies et fonctionnalités mobilisées
    software_line_ids = fields.One2many(
        "gpme.situation.software",
        "situation_id",
        string="Software solutions and functions used",
        copy=True,
    )
    tool_ids = fields.Many2many(
        "gpme.tool",
        string="Tools mobilised",
        help="Tools and technologies of the référentiel used in the situation.",
    )
    # 15-17
    productions = fields.Text(tracking=True)
    written_outputs = fields.Text(string="Professional written outputs", tracking=True)
    oral_outputs = fields.Text(string="Professional oral outputs", tracking=True)
    # --- Verso: analyse ------------------------------------------------------
    # 18-19
    analysis = fields.Text(
        string="Analysis of the situation",
        tracking=True,
        help="Activity carried out, approach and techniques, means, communication "
        "strategy, difficulties met and solutions, whether the objective was "
        "reached.",
    )
    contribution = fields.Text(
        string="Contribution to professionalisation",
        tracking=True,
        help="What did you learn and how did you progress?",
    )
    # --- Review ------------------------------------------------------------
    state = fields.Selection(
        SITUATION_STATES, default="draft", required=True, tracking=True, index=True
    )
    gpme_readonly = fields.Boolean(
        string="Read-only for me",
        compute="_compute_gpme_readonly",
        help="The current user may change nothing on this fiche in its state "
        "(e.g. a teacher on a returned fiche): the form shows it read-only.",
    )
    review_comment = fields.Text(
        string="Teacher's comment", readonly=True, tracking=True, copy=False
    )
    # What the buttons may do for the current user now: a button that could
    # only refuse is not offered (the actions check again).
    can_hand_in = fields.Boolean(compute="_compute_can_act")
    can_review = fields.Boolean(compute="_compute_can_act")
    handin_blockers = fields.Text(
        string="Before handing in", compute="_compute_can_act"
    )
    submitted_date = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one(
        "res.users", string="Reviewed by", readonly=True, copy=False
    )
    reviewed_date = fields.Datetime(readonly=True, copy=False)
    teacher_ids = fields.Many2many(related="cohort_id.teacher_ids", string="Teachers")
    kind_warning = fields.Text(compute="_compute_kind_warning", string="Warnings")
    evidence_ids = fields.One2many("gpme.evidence", "situation_id")
    evidence_count = fields.Integer(compute="_compute_evidence_count")

    _sql_constraints = [
        (
            "dossier_code_uniq",
            "unique(dossier_id, code)",
            "Two fiches of a dossier cannot have the same identification.",
        )
    ]

    # One compute per field: computing one must not overwrite the other while
    # it is being written (the inverse reads both).
    @api.depends("period_date")
    def _compute_period_month(self):
        for situation in self:
            period = situation.period_date
            situation.period_month = str(period.month) if period else False

    @api.depends("period_date")
    def _compute_period_year(self):
        for situation in self:
            period = situation.period_date
            situation.period_year = str(period.year) if period else False

    @api.depends("period_date")
    @api.depends_context("lang")
    def _compute_period_label(self):
        for situation in self:
            period = situation.period_date
            situation.period_label = (
                format_date(self.env, period, date_format="MMMM y") if period else ""
            )

    def _inverse_period(self):
        for situation in self:
            month = situation.period_month
            year = (situation.period_year or "").strip()
            error = fiche_checks.period_error(month, year)
            if error:
                raise ValidationError(self._check_messages()[error])
            situation.period_date = (
                fields.Date.to_date(f"{year}-{int(month):02d}-01") if month else False
            )

    @api.onchange("oral_nature")
    def _onchange_oral_nature(self):
        """The nature is one of the référentiel's oral tools: list it."""
        tool = self.env["gpme.tool"].search(
            [("kind", "=", "oral"), ("code", "=", self.oral_nature)], limit=1
        )
        if self.oral_nature and tool and tool not in self.tool_ids:
            self.tool_ids |= tool

    @api.depends("task_ids.activity_id")
    def _compute_e4_activity_ids(self):
        for situation in self:
            situation.e4_activity_ids = situation.task_ids.activity_id

    def _compute_evidence_count(self):
        data = self.env["gpme.evidence"].read_group(
            [("situation_id", "in", self.ids)], ["situation_id"], ["situation_id"]
        )
        counts = {d["situation_id"][0]: d["situation_id_count"] for d in data}
        for situation in self:
            situation.evidence_count = counts.get(situation.id, 0)

    @api.depends(
        "is_grcf",
        "is_oral",
        "is_written",
        "task_ids",
        "written_outputs",
        "tool_ids.kind",
        "software_line_ids.tool_id.kind",
        "oral_nature",
        "written_support",
    )
    def _compute_kind_warning(self):
        messages = self._check_messages()
        for situation in self:
            codes = fiche_checks.kind_warnings(
                situation.is_grcf,
                situation.is_oral,
                situation.is_written,
                len(situation.task_ids),
                situation.written_outputs,
                situation._tool_kinds(),
            ) + fiche_checks.nature_warnings(
                situation.is_oral,
                situation.oral_nature,
                situation.is_written,
                situation.written_support,
            )
            situation.kind_warning = (
                "\n".join(messages[c].format(fiche=situation.code or "") for c in codes)
                or False
            )

    # Columns of the fiche the conformity rules read, and its many2many.
    _GPME_CONFORMITY_COLUMNS = (
        "dossier_id",
        "code",
        "name",
        "is_grcf",
        "is_oral",
        "is_written",
        "with_customer",
        "state",
        "modality_id",
        "oral_nature",
        "written_support",
    )
    _GPME_CONFORMITY_X2MANY = ("e4_activity_ids", "task_ids", "tool_ids")

    def _gpme_conformity_rows(self, dossier_ids=None):
        """The fiches of the given dossiers (or the fiches in self) as the
        conformity rules read them: dicts with the keys and values of
        ``read(load=None)``, in the order of the dossier, in four queries.

        read() costs about 0.1 ms per fiche and field in Python: 2.5 s for
        the 10,000 fiches of an académie (scripts/bench_academie.py). As
        read() does, the many2many leave out inactive activities, tasks and
        tools. No access check: the callers run as superuser on dossiers the
        user may read."""
        self.flush_model(self._GPME_CONFORMITY_COLUMNS + self._GPME_CONFORMITY_X2MANY)
        if dossier_ids is None:
            where, param = "s.id = ANY(%s)", list(self.ids)
        else:
            where, param = "s.dossier_id = ANY(%s)", list(dossier_ids)
        cr = self.env.cr
        # Constant names only: the field names above and the ORM's tables.
        columns = ", ".join(f"s.{name}" for name in self._GPME_CONFORMITY_COLUMNS)
        cr.execute(
            f"SELECT s.id, {columns} FROM {self._table} s WHERE {where}"
            " ORDER BY s.dossier_id, s.sequence, s.id",
            [param],
        )
        rows = cr.dictfetchall()
        by_id = {}
        for row in rows:
            for name in self._GPME_CONFORMITY_COLUMNS:
                if row[name] is None:
                    row[name] = False
            for name in self._GPME_CONFORMITY_X2MANY:
                row[name] = []
            by_id[row["id"]] = row
        # One query per many2many, on the fiches' ids (the relation's
        # primary key): not a subquery per fiche, costed high enough to
        # trigger PostgreSQL's JIT (0.4 s), nor a scan of the whole relation.
        ids = list(by_id)
        for name in self._GPME_CONFORMITY_X2MANY:
            field = self._fields[name]
            comodel = self.env[field.comodel_name]
            comodel.flush_model(["active"])
            cr.execute(
                f"SELECT r.{field.column1}, r.{field.column2}"
                f" FROM {field.relation} r"
                f" JOIN {comodel._table} c ON c.id = r.{field.column2}"
                f" WHERE r.{field.column1} = ANY(%s) AND c.active"
                f" ORDER BY r.{field.column2}",
                [ids],
            )
            for situation_id, target_id in cr.fetchall():
                by_id[situation_id][name].append(target_id)
        return rows

    def _gpme_conformity_extra(self, rows=None):
        """What the composition rules need beyond the fiche's kinds, for the
        situations in self, in a constant number of queries.

        :param rows: the fiches' ``_gpme_conformity_rows()``, when the caller
            has them already
        :return: ({situation id: keyword arguments of conformity.Situation},
            {task code: label}, {tool code: label})
        """
        env = self.env(su=True)
        if rows is None:
            rows = self.with_env(env)._gpme_conformity_rows()
        workplace = set(env["gpme.modality"].search([("is_workplace", "=", True)]).ids)
        tasks = {t.id: (t.code, t.name) for t in env["gpme.task"].search([])}
        tools = {
            t.id: (t.code, t.name)
            for t in env["gpme.tool"].with_context(active_test=False).search([])
        }
        software = {}
        for group in env["gpme.situation.software"].read_group(
            [("situation_id", "in", [row["id"] for row in rows])],
            ["situation_id", "tool_id"],
            ["situation_id", "tool_id"],
            lazy=False,
        ):
            software.setdefault(group["situation_id"][0], set()).add(
                group["tool_id"][0]
            )
        extra = {}
        for row in rows:
            tool_ids = set(row["tool_ids"]) | software.get(row["id"], set())
            extra[row["id"]] = {
                "workplace": row["modality_id"] in workplace,
                "task_codes": frozenset(
                    tasks[t][0] for t in row["task_ids"] if t in tasks
                ),
                "tool_codes": frozenset(tools[t][0] for t in tool_ids if t in tools),
                "oral_nature": row["oral_nature"] or None,
                "written_support": row["written_support"] or None,
            }
        # In the référentiel's order (the models' _order).
        return extra, dict(tasks.values()), dict(tools.values())

    def _tool_kinds(self):
        self.ensure_one()
        return set(self.tool_ids.mapped("kind")) | set(
            self.software_line_ids.tool_id.mapped("kind")
        )

    def _check_messages(self):
        """Translated message per problem code of services.fiche_checks."""
        return {
            fiche_checks.PERIOD_IN_FUTURE: _(
                "Fiche {fiche}: the period of realisation is in the future."
            ),
            fiche_checks.START_IN_FUTURE: _(
                "Fiche {fiche}: the start date is in the future."
            ),
            fiche_checks.END_IN_FUTURE: _(
                "Fiche {fiche}: the end date is in the future."
            ),
            fiche_checks.END_BEFORE_START: _(
                "Fiche {fiche}: the end date is before the start date."
            ),
            fiche_checks.GRCF_WITHOUT_ACTIVITY: _(
                "Fiche {fiche}: a GRCF fiche needs at least one activity: "
                "choose the tasks carried out."
            ),
            fiche_checks.NO_KIND: _(
                "Fiche {fiche}: tick at least one kind (GRCF, oral communication, "
                "written communication)."
            ),
            fiche_checks.NO_TITLE: _("Fiche {fiche}: the title is missing."),
            fiche_checks.WRITTEN_WITHOUT_OUTPUT: _(
                "Fiche {fiche}: a written communication fiche should list the "
                "professional written outputs produced."
            ),
            fiche_checks.ORAL_WITHOUT_NATURE: _(
                "Fiche {fiche}: give the nature of the oral communication "
                "(interpersonal or group, telephone or face to face): the two "
                "oral fiches must be of different natures."
            ),
            fiche_checks.WRITTEN_WITHOUT_SUPPORT: _(
                "Fiche {fiche}: give the support of the written communication: "
                "the written fiches must present varied supports."
            ),
            fiche_checks.PERIOD_INCOMPLETE: _(
                "Period of realisation: give both the month and the year."
            ),
            fiche_checks.PERIOD_BAD_YEAR: _(
                "Period of realisation: the year must have four digits "
                "(for instance 2025)."
            ),
            fiche_checks.ORAL_WITHOUT_TOOL: _(
                "Fiche {fiche}: an oral communication fiche should mobilise an "
                "oral communication tool (interpersonal, group, phone, face to "
                "face)."
            ),
        }

    @api.constrains("name")
    def _check_title(self):
        if self.filtered(lambda s: not (s.name or "").strip()):
            raise ValidationError(_("Title: a fiche needs a title, not blank."))

    @api.constrains("period_date", "date_start", "date_end")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        messages = self._check_messages()
        for situation in self:
            codes = fiche_checks.date_errors(
                situation.period_date,
                situation.date_start,
                situation.date_end,
                today=today,
            )
            if codes:
                raise ValidationError(
                    "\n".join(
                        messages[c].format(fiche=situation.code or situation.name)
                        for c in codes
                    )
                )

    # --- Locks (gpme.lock.mixin) --------------------------------------------
    @api.depends("state", "dossier_id")
    @api.depends_context("uid")
    def _compute_gpme_readonly(self):
        # Same rule as the write check: offer no input that saving refuses.
        saved = self.filtered("id")
        (self - saved).gpme_readonly = False
        if self.env.su or not saved:
            saved.gpme_readonly = False
            return
        states = saved._gpme_lock_state()
        roles = saved._gpme_lock_roles()
        for situation in saved:
            situation.gpme_readonly = bool(
                saved._gpme_lock_refused(
                    states[situation.id], roles[situation.id], {"name"}
                )
            )

    @api.depends(
        "state",
        "dossier_id.state",
        "name",
        "is_grcf",
        "is_oral",
        "is_written",
        "task_ids",
    )
    @api.depends_context("uid")
    def _compute_can_act(self):
        # The same checks as action_submit and _check_reviewer, said before
        # the click: the hand-in's blockers are listed above the form.
        messages = self._check_messages()
        dossiers = self.sudo().dossier_id
        roles = dossiers.with_env(self.env)._gpme_roles_map() if dossiers else {}
        for situation in self:
            mine = roles.get(situation.sudo().dossier_id.id, set())
            locked = situation.sudo().dossier_id.is_locked
            codes = fiche_checks.submission_errors(
                situation.name,
                situation.is_grcf,
                situation.is_oral,
                situation.is_written,
                len(situation.task_ids),
            )
            student = "student" in mine and situation.state in EDITABLE_STATES
            situation.handin_blockers = (
                student
                and codes
                and "\n".join(
                    messages[c].format(fiche=situation.code or "") for c in codes
                )
            ) or False
            situation.can_hand_in = student and not locked and not codes
            situation.can_review = bool(
                mine & {"teacher", "admin"}
                and situation.sudo().student_id != self.env.user
                and (not locked or "admin" in mine)
            )

    def _gpme_lock_state(self):
        return {
            s.id: "locked" if s.dossier_id.is_locked else s.state for s in self.sudo()
        }

    def _gpme_lock_roles(self):
        dossiers = self.sudo().dossier_id.with_env(self.env)
        roles = dossiers._gpme_roles_map()
        return {s.id: roles[s.sudo().dossier_id.id] for s in self}

    def _gpme_lock_state_label(self, state):
        if state == "locked":
            return _("dossier submitted")
        return dict(self._fields["state"]._description_selection(self.env)).get(
            state, state
        )

    def _gpme_lock_move_fields(self):
        return {"dossier_id"}

    def _gpme_lock_message(self, state, refused):
        if state == "locked":
            return _(
                "The dossier has been submitted: its situations can no longer be "
                "changed."
            )
        if not self._gpme_lock_refused(state, {"admin"}, refused) and (
            self._gpme_lock_protected & refused
        ):
            labels = sorted(
                field_label(self, self._fields[name])
                for name in self._gpme_lock_protected & refused
                if name in self._fields
            )
            return _(
                "%(fields)s: the review status, the owner and the identification "
                "of a fiche change only through its buttons (submit, validate, "
                "return, reopen).",
                fields=", ".join(f"« {label} »" for label in labels),
            )
        return super()._gpme_lock_message(state, refused)

    # --- ORM -----------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("dossier_id"):
                # The first saved fiche opens the dossier (never a default).
                dossier = self.env["gpme.dossier"]._get_or_create_current()
                if dossier:
                    vals["dossier_id"] = dossier.id
        dossier_ids = {v.get("dossier_id") for v in vals_list} - {None, False}
        # Serialise with submissions and other fiches of the same dossiers.
        self.env["gpme.dossier"].browse(dossier_ids)._gpme_lock_rows()
        situations = super().create(vals_list)
        situations._assign_codes()
        return situations

    def write(self, vals):
        # Types first: the dossier row is locked with the id given.
        self._gpme_check_sizes(vals)
        if "dossier_id" in vals:
            self.env["gpme.dossier"].browse(vals["dossier_id"])._gpme_lock_rows()
        res = super().write(vals)
        if "dossier_id" in vals:
            # A moved fiche is numbered in its new dossier.
            self.sudo().write({"code": False})
            self._assign_codes()
        return res

    def _gpme_notrack(self, vals):
        # While drafting, changes are the student's own business; once the
        # fiche is handed in, every change is tracked for the teachers.
        return "state" not in vals and all(s.state == "draft" for s in self)

    def unlink(self):
        self._gpme_lock_check({UNLINK})
        self.env["gpme.dossier"]._gpme_check_deletion_reason(
            self.sudo().dossier_id.filtered("is_locked"),
            what=", ".join(self.sudo().mapped("display_name")),
            records=self.filtered(lambda s: s.sudo().dossier_id.is_locked),
        )
        # Remove the evidence through the ORM (its snapshot PDFs are
        # attachments); the PGI records themselves are never touched.
        self.sudo().evidence_ids.unlink()
        return super().unlink()

    def action_refresh_evidence_snapshots(self):
        self.evidence_ids.action_refresh_snapshot()
        return True

    def _check_dossier_unlocked(self):
        """Refuse when the dossier is handed in (buttons that write as
        superuser call it before doing so)."""
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        if self.sudo().dossier_id.filtered("is_locked"):
            raise UserError(self._gpme_lock_message("locked", {"state"}))

    def _check_fiche_editable(self, vals=None):
        """The current user may edit these fiches now (or raise)."""
        self._gpme_lock_check(set(vals or ()) or {"name"})

    def _assign_codes(self):
        """Number SP1, SP2… per dossier, continuing after the highest code.

        The dossier rows are locked first (_gpme_lock_rows): two fiches
        created at once are numbered one after the other; the unique
        constraint is the last guard."""
        self = self.sudo()
        self.dossier_id._gpme_lock_rows()
        self.flush_model(["code", "dossier_id"])
        for dossier in self.dossier_id:
            self.env.cr.execute(
                "SELECT code FROM gpme_situation WHERE dossier_id = %s "
                "AND code IS NOT NULL",
                [dossier.id],
            )
            taken = [row[0] for row in self.env.cr.fetchall()]
            numbers = [int(c[2:]) for c in taken if c[2:].isdigit()]
            nxt = max(numbers, default=0) + 1
            for situation in self.filtered(
                lambda s, d=dossier: s.dossier_id == d and not s.code
            ):
                situation.code = f"SP{nxt}"
                nxt += 1

    def name_get(self):
        return [(s.id, f"{s.code or ''} {s.name}".strip()) for s in self]

    # --- Review workflow -----------------------------------------------------
    def _check_reviewer(self):
        """Only a teacher of the student's class (or an E4 administrator)
        reviews a fiche, never their own, and not once the dossier is handed
        in. The refusal names nothing."""
        if self.env.su:
            return
        roles = self._gpme_lock_roles()
        for situation in self:
            if not roles[situation.id] & {"teacher", "admin"} or (
                situation.sudo().student_id == self.env.user
            ):
                raise AccessError(
                    _("Only a teacher of the student's class can review this fiche.")
                )
            if "admin" not in roles[situation.id]:
                situation._check_dossier_unlocked()

    def _check_state(self, allowed, action):
        wrong = self.filtered(lambda s: s.state not in allowed)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                _(
                    "The fiche « %(fiche)s » is %(state)s: it cannot be %(action)s.",
                    fiche=wrong[0].display_name,
                    state=states[wrong[0].state].lower(),
                    action=action,
                )
            )

    def _close_review_activities(self, feedback):
        self.sudo().activity_feedback(
            ["gpme_e4.mail_activity_type_fiche_review"], feedback=feedback
        )

    def action_submit(self):
        """The student hands the fiche in: the class's teachers get a to-do."""
        for situation in self:
            if not self.env.su and situation.sudo().student_id != self.env.user:
                raise AccessError(
                    _("Only the student who wrote a fiche can hand it in.")
                )
        self._check_state(EDITABLE_STATES, _("handed in"))
        self._check_dossier_unlocked()
        messages = self._check_messages()
        errors = []
        for situation in self:
            codes = fiche_checks.submission_errors(
                situation.name,
                situation.is_grcf,
                situation.is_oral,
                situation.is_written,
                len(situation.task_ids),
            )
            errors += [messages[c].format(fiche=situation.display_name) for c in codes]
        if errors:
            raise ValidationError("\n".join(errors))
        for situation in self.filtered(
            lambda s: s.evidence_ids and not s.software_line_ids
        ):
            situation.action_prefill_software()
        self.sudo().write(
            {
                "state": "submitted",
                "submitted_date": fields.Datetime.now(),
                "review_comment": False,
            }
        )
        # One to-do per teacher of the class, through mail's own helper.
        self._gpme_review_todo()
        return toast(
            _("Fiche handed in: your teachers are asked to review it."),
            title=self[:1].display_name if len(self) == 1 else None,
        )

    def _review_summary(self):
        """The to-do's summary, in the language of the teacher it is for."""
        return _("Review the fiche %s", self.display_name)

    def action_validate(self):
        self._check_reviewer()
        self._check_state(("submitted",), _("validated"))
        self.sudo().write(
            {
                "state": "validated",
                "reviewed_by_id": self.env.uid,
                "reviewed_date": fields.Datetime.now(),
            }
        )
        self._close_review_activities(_("Fiche validated."))
        self.env["gpme.journal"]._gpme_log("fiche_validate", self)
        self._notify_student(_("The fiche has been validated."))
        return toast(_("Fiche validated: the student is notified."))

    def action_return(self, comment):
        """Return the fiche to the student for rework, with the comment."""
        self._check_reviewer()
        self._check_state(("submitted",), _("returned"))
        comment = (comment or "").strip()
        if not comment:
            raise UserError(
                _("Say what must be reworked: the comment to the student is empty.")
            )
        self.sudo().write(
            {
                "state": "to_rework",
                "review_comment": comment,
                "reviewed_by_id": self.env.uid,
                "reviewed_date": fields.Datetime.now(),
            }
        )
        self._close_review_activities(_("Fiche returned for rework."))
        self.env["gpme.journal"]._gpme_log("fiche_return", self, reason=comment)
        # The comment is the teacher's text, shown as text (not HTML).
        self._notify_student(Markup(_("Fiche returned for rework: %s")) % comment)
        return toast(
            _("Fiche returned to the student, with your comment."), kind="info"
        )

    def action_reopen(self, reason):
        """Reopen a validated fiche; the reason stays in the chatter."""
        self._check_reviewer()
        self._check_state(("validated",), _("reopened"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for reopening the fiche."))
        self.sudo().write({"state": "to_rework", "review_comment": reason})
        self.env["gpme.journal"]._gpme_log("fiche_reopen", self, reason=reason)
        self._notify_student(
            Markup(_("Fiche reopened by the teacher. Reason: %s")) % reason
        )
        return toast(_("Fiche reopened: the student is notified."), kind="info")

    def _notify_student(self, body):
        """Post the review decision to each fiche's student, in the chatter."""
        for situation in self:
            situation.message_post(
                body=body,
                partner_ids=situation.student_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _action_review_wizard(self, mode):
        self._check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gpme.situation.review.wizard",
            "view_mode": "form",
            "target": "new",
            "name": _("Return the fiche")
            if mode == "return"
            else _("Reopen the fiche"),
            "context": {"default_situation_ids": self.ids, "default_mode": mode},
        }

    def action_return_wizard(self):
        return self._action_review_wizard("return")

    def action_reopen_wizard(self):
        return self._action_review_wizard("reopen")

    # --- Software line pre-filled from the evidence --------------------------
    def _evidence_functions(self):
        """{situation id: [(app key, function key), …]} read in one query per
        document model."""
        evidence = self.sudo().evidence_ids
        by_model = {}
        for ev in evidence:
            by_model.setdefault(ev.res_model, set()).add(ev.res_id)
        values = {}
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            Model = self.env[model].sudo()
            records = Model.browse(list(ids)).exists()
            # Models with the evidence mixin (bridges included) say what
            # tells their functions apart; the others are classified by name.
            mixin = hasattr(Model, "_gpme_evidence_function")
            discriminants = (
                Model._gpme_evidence_discriminants() if mixin else ("state",)
            )
            names = [f for f in discriminants if f in records._fields]
            rows = records.read(names) if names else [{"id": r.id} for r in records]
            for row in rows:
                values[(model, row["id"])] = row
        result = {}
        for ev in evidence:
            row = values.get((ev.res_model, ev.res_id))
            if hasattr(self.env.get(ev.res_model), "_gpme_evidence_function"):
                pair = self.env[ev.res_model]._gpme_evidence_function(row)
            else:
                pair = fiche_checks.classify_evidence(ev.res_model, row)
            if pair[0]:
                result.setdefault(ev.situation_id.id, []).append(pair)
        return result

    def _function_labels(self):
        apps = {
            "sales": _("Sales"),
            "purchase": _("Purchase"),
            "invoicing": _("Invoicing"),
            "accounting": _("Accounting"),
            "contacts": _("Contacts"),
            "crm": _("CRM"),
            "inventory": _("Inventory"),
            "discuss": _("Discuss"),
            "calendar": _("Calendar"),
        }
        functions = {
            "quotation": _("quotation"),
            "sales_order": _("sales order"),
            "rfq": _("request for quotation"),
            "purchase_order": _("purchase order"),
            "vendor_pricelist": _("vendor pricelist"),
            "customer_invoice": _("customer invoice"),
            "credit_note": _("credit note"),
            "vendor_bill": _("vendor bill"),
            "vendor_refund": _("vendor refund"),
            "customer_payment": _("customer payment"),
            "vendor_payment": _("vendor payment"),
            "journal_entry": _("journal entry"),
            "bank_statement": _("bank statement"),
            "contact_record": _("contact record"),
            "opportunity": _("opportunity"),
            "receipt": _("receipt"),
            "delivery": _("delivery"),
            "message": _("message"),
            "activity": _("activity"),
            "meeting": _("meeting"),
        }
        return apps, functions

    def action_prefill_software(self):
        """Write the PGI line (« Odoo 16 — Sales: quotation… ») from the
        evidence; the student may edit it afterwards."""
        self._check_fiche_editable()
        apps, functions = self._function_labels()
        pairs_by_situation = self._evidence_functions()
        erp_sales = self.env.ref("gpme_e4.tool_erp_sales")
        erp_accounting = self.env.ref("gpme_e4.tool_erp_accounting")
        software = release.product_name
        version = str(release.version_info[0])
        for situation in self:
            pairs = pairs_by_situation.get(situation.id)
            if not pairs:
                continue
            text = fiche_checks.format_functions(
                [(apps[a], functions[f]) for a, f in pairs],
                template=_("{app}: {functions}"),
                # The separator between applications, e.g. « ; » in French.
                separator=_("{previous}; {next}").format(previous="", next=""),
            )
            app_keys = {a for a, _f in pairs}
            commercial = app_keys - fiche_checks.ACCOUNTING_APPS
            tools = (erp_sales if commercial else erp_sales.browse()) | (
                erp_accounting
                if app_keys & fiche_checks.ACCOUNTING_APPS
                else erp_accounting.browse()
            )
            line = situation.software_line_ids.filtered(
                lambda line_: line_.software_name == software
            )[:1]
            vals = {
                "tool_id": (erp_sales if commercial else erp_accounting).id,
                "software_name": software,
                "version": line.version or version,
                "functions": text,
            }
            commands = [(1, line.id, vals)] if line else [(0, 0, vals)]
            situation.write(
                {
                    "software_line_ids": commands,
                    "tool_ids": [(4, t.id) for t in tools],
                }
            )
        return True

    def _gpme_evidence_changed(self, evidences, action):
        """The one rule for evidence changes on a reviewed fiche: a validated
        fiche goes back to its teachers for review (not refused: the student
        may still correct a wrong tag before the hand-in), and every change on
        a handed-in or validated fiche is logged in the chatter."""
        labels = {
            "added": _("Evidence added by %(user)s: %(docs)s"),
            "removed": _("Evidence removed by %(user)s: %(docs)s"),
        }
        for situation in self.sudo().filtered(
            lambda s: s.state in ("submitted", "validated")
        ):
            docs = evidences.sudo().filtered(lambda e, s=situation: e.situation_id == s)
            if not docs:
                continue
            body = labels[action] % {
                "user": self.env.user.name,
                "docs": ", ".join(docs.mapped("name")),
            }
            # The student's own change reopens the review; a teacher's or an
            # administrator's correction is logged only.
            if situation.state == "validated" and self.env.user == situation.student_id:
                situation.write(
                    {"state": "submitted", "submitted_date": fields.Datetime.now()}
                )
                body += " " + _("The validated fiche goes back to review.")
                situation._gpme_review_todo()
            situation.message_post(body=body)

    def _gpme_review_todo(self):
        """One review to-do per teacher of the class (at hand-in, and again
        when the evidence of a validated fiche changes)."""
        for situation in self.sudo():
            for teacher in situation.cohort_id.teacher_ids:
                situation.activity_schedule(
                    "gpme_e4.mail_activity_type_fiche_review",
                    summary=situation.with_context(lang=teacher.lang)._review_summary(),
                    user_id=teacher.id,
                )
