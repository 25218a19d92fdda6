from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..services import fiche_checks
from ..services.fiche_vocabulary import (
    MONTHS,
    ORAL_NATURES,
    SITUATION_STATES,
    WRITTEN_SUPPORTS,
)
from .gpme_lock_mixin import ALL, UNLINK, field_label

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
    _inherit = [
        "gpme.lock.mixin",
        "mail.thread",
        "mail.activity.mixin",
        # Moved out whole (issue 23): the review buttons, the facts the
        # conformity rules read, the software line from the evidence.
        "gpme.situation.workflow",
        "gpme.situation.facts",
        "gpme.situation.prefill",
    ]
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
        return super()._compute_gpme_readonly()

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
