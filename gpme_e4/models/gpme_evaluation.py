from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import conformity
from ..services import evaluation as rules
from .gpme_lock_mixin import ALL, ATTACH

FORMS = [("ccf", "CCF"), ("ponctuelle", "Ponctuelle")]
CONFORMITY = [
    ("pending", "To check"),
    ("conform", "Conform"),
    ("doubt", "Doubt: mark held back"),
    ("non_conform", "Non-conform (NV)"),
]
NV_CASES = [
    (rules.NV_NOT_HANDED_IN, "No dossier handed in"),
    (rules.NV_LATE, "Dossier handed in after the deadline"),
    (rules.NV_INTERNSHIP, "Internship shorter than required"),
    (rules.NV_UNSIGNED, "Documents not signed or stamped by those entitled to"),
]
PHASES = [
    ("preparation", "Preparation"),
    ("part_1", "Part 1: PGI and spreadsheet, interview on the GRCF fiches"),
    ("part_2", "Part 2: oral simulation and its analysis"),
    ("phase_1", "Phase 1: interview on the synoptic and the GRCF fiches"),
    ("phase_2", "Phase 2: work on the PGI and the spreadsheet"),
    ("phase_3", "Phase 3: oral simulation and its analysis"),
    ("phase_4", "Phase 4: written communication"),
]
# Evaluation fields each role may write (besides the buttons); the
# administrator writes all while nothing is signed. Lines and fiches de
# travail check their own.
EDITABLE = {
    "commission": {
        "form",
        "synoptic_attested",
        "comment_a",
        "comment_b",
        "tutor_name",
        "tutor_input",
        "line_ids",
        "line_a_ids",
        "line_b_ids",
        "work_sheet_ids",
        "b_date",
        "line_p_ids",
        "comment_p",
        "written_situation_id",
        "work_sheet_p_ids",
        ATTACH,
    },
    # The class's teachers fill grid A and sit in situation B's commission.
    "teacher": {
        "comment_a",
        "comment_b",
        "tutor_name",
        "tutor_input",
        "line_ids",
        "line_a_ids",
        "line_b_ids",
        "b_date",
        ATTACH,
    },
}
# Fields frozen with each grid once it is signed.
GRID_FIELDS = {
    "A": {"comment_a", "tutor_name", "tutor_input"},
    "B": {"comment_b"},
    "P": {"comment_p", "written_situation_id"},
}


def _lock_rules():
    """{lock state: {role: fields}} of the evaluation (see gpme.lock.mixin):
    each signed grid freezes its fields; both signed, the evaluation is
    settled (the form and the attestations included) and changes only
    through an administrator's logged unlock; published, only through an
    administrator's unpublish with a reason; archived, never."""

    def without(role, *groups):
        return tuple(sorted(EDITABLE[role] - set().union(*groups)))

    return {
        "open": {
            "commission": tuple(sorted(EDITABLE["commission"])),
            "teacher": tuple(sorted(EDITABLE["teacher"])),
            "admin": ALL,
        },
        "signed_a": {
            "commission": without("commission", GRID_FIELDS["A"]),
            "teacher": without("teacher", GRID_FIELDS["A"]),
            "admin": ALL,
        },
        "signed_b": {
            "commission": without(
                "commission", GRID_FIELDS["B"], {"work_sheet_ids", "work_sheet_p_ids"}
            ),
            "teacher": tuple(sorted(EDITABLE["teacher"])),
            "admin": ALL,
        },
        # Chatter files stay possible for the evaluators until publication.
        "signed": {"commission": (ATTACH,), "teacher": (ATTACH,)},
        "published": {},
        "archived": {},
    }


class GpmeEvaluation(models.Model):
    """A candidate's evaluation by the commission: conformity, then in CCF
    grid A (/14, from the bilans), situation B's fiches de travail and grid B
    (/6); in the forme ponctuelle the fiches de travail, the written situation
    chosen and the one grid P (/20) of the four phases; the mark proposal
    /20."""

    _name = "gpme.evaluation"
    _inherit = ["gpme.lock.mixin", "mail.thread", "mail.activity.mixin"]
    _description = "E4 evaluation"
    _order = "session_year desc, student_id"
    _rec_name = "student_id"
    _gpme_lock_rules = _lock_rules()
    # Written by the buttons only (as superuser), never by a form.
    _gpme_lock_protected = frozenset(
        {
            "dossier_id",
            "conformity",
            "nv_case",
            "conformity_note",
            "conformity_user_id",
            "conformity_date",
            "timer_start",
            "published",
            "published_date",
        }
    )
    _gpme_lock_frozen_states = ("published", "archived")

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, index=True, ondelete="restrict", readonly=True
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Candidate"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    session_year = fields.Integer(
        related="dossier_id.session_year", store=True, string="Session year"
    )
    session_name = fields.Char(related="dossier_id.session_name", string="Session")
    candidate_number = fields.Char(related="dossier_id.candidate_number")
    dossier_state = fields.Selection(related="dossier_id.state", string="Dossier state")
    form = fields.Selection(FORMS, required=True, default="ccf", tracking=True)
    exam_session_id = fields.Many2one(
        related="dossier_id.exam_session_id", store=True, index=True
    )
    hand_in_deadline = fields.Date(
        related="exam_session_id.dossier_deadline", string="Hand-in deadline"
    )
    handed_in_date = fields.Datetime(
        compute="_compute_handed_in_date", string="Handed in on"
    )
    # --- Conformity -------------------------------------------------------
    internship_ids = fields.One2many(
        related="dossier_id.internship_ids", string="Internship attestations"
    )
    internship_waiver = fields.Boolean(
        string="Internship waiver",
        tracking=True,
        help="The académie allows an internship of 8 weeks.",
    )
    synoptic_attested = fields.Boolean(
        string="Synoptic attested",
        tracking=True,
        help="The attestation block of the synoptic is signed and stamped.",
    )
    nv_detected = fields.Char(
        compute="_compute_nv_detected", string="Non-conformity cases found"
    )
    conformity = fields.Selection(
        CONFORMITY, default="pending", required=True, readonly=True, tracking=True
    )
    nv_case = fields.Selection(
        NV_CASES, string="Non-conformity case", readonly=True, tracking=True
    )
    conformity_note = fields.Text(readonly=True)
    conformity_user_id = fields.Many2one(
        "res.users", string="Conformity checked by", readonly=True
    )
    conformity_date = fields.Datetime(string="Conformity checked on", readonly=True)
    # --- Grids ------------------------------------------------------------
    line_ids = fields.One2many("gpme.evaluation.line", "evaluation_id")
    line_a_ids = fields.One2many(
        "gpme.evaluation.line",
        "evaluation_id",
        domain=[("grid", "=", "A")],
        string="Grid A",
    )
    line_b_ids = fields.One2many(
        "gpme.evaluation.line",
        "evaluation_id",
        domain=[("grid", "=", "B")],
        string="Grid B",
    )
    line_p_ids = fields.One2many(
        "gpme.evaluation.line",
        "evaluation_id",
        domain=[("grid", "=", "P")],
        string="Grid of the forme ponctuelle",
    )
    comment_a = fields.Text(string="Overall comment (A)")
    comment_b = fields.Text(string="Overall comment (B)")
    comment_p = fields.Text(string="Overall comment (ponctuelle)")
    tutor_name = fields.Char(
        string="Internship tutor", help="The tutor may help fill grid A."
    )
    tutor_input = fields.Text(string="Tutor's input")
    total_a = fields.Float(compute="_compute_totals", store=True, digits=(4, 2))
    total_b = fields.Float(compute="_compute_totals", store=True, digits=(4, 2))
    total_p = fields.Float(
        compute="_compute_totals",
        store=True,
        digits=(4, 2),
        string="Total (ponctuelle)",
    )
    mark = fields.Float(
        compute="_compute_totals", store=True, digits=(4, 2), string="Mark /20"
    )
    mark_status = fields.Selection(
        [
            ("pending", "Conformity to check"),
            ("held", "Held back"),
            ("nv", "NV"),
            ("shown", "Mark"),
        ],
        compute="_compute_mark_display",
    )
    mark_display = fields.Char(compute="_compute_mark_display", string="Proposal")
    signature_ids = fields.One2many(
        "gpme.evaluation.signature", "evaluation_id", string="Signatures"
    )
    signed_a = fields.Boolean(compute="_compute_signed", string="Grid A signed")
    signed_b = fields.Boolean(compute="_compute_signed", string="Grid B signed")
    signed_p = fields.Boolean(
        compute="_compute_signed", string="Grid of the forme ponctuelle signed"
    )
    # --- Forme ponctuelle -------------------------------------------------
    written_situation_id = fields.Many2one(
        "gpme.situation",
        string="Written communication situation",
        ondelete="restrict",
        tracking=True,
        domain="[('dossier_id', '=', dossier_id), ('state', '=', 'validated'), "
        "('is_written', '=', True)]",
        help="Forme ponctuelle: the fiche of written communication the "
        "commission chooses from the dossier for phase 4 (no fiche de travail "
        "for it).",
    )
    # --- Situation B ------------------------------------------------------
    b_date = fields.Datetime(
        string="Situation B on",
        tracking=True,
        help="Date and start time of the candidate's situation B, printed on "
        "the fiches de travail and grid B.",
    )
    exam_centre = fields.Char(related="exam_session_id.exam_centre")
    b_exception = fields.Boolean(
        string="Situation B outside its window",
        readonly=True,
        tracking=True,
        help="Opened by an administrator, with a reason logged in the chatter.",
    )
    b_exception_reason = fields.Text(string="Reason of the exception", readonly=True)
    work_sheet_ids = fields.One2many(
        "gpme.work.sheet", "evaluation_id", string="Fiches de travail"
    )
    # The same fiches on the forme ponctuelle's page of the form.
    work_sheet_p_ids = fields.One2many(
        "gpme.work.sheet", "evaluation_id", string="Fiches de travail (ponctuelle)"
    )
    timer_start = fields.Datetime(string="Preparation started at", readonly=True)
    timer_phase = fields.Selection(PHASES, compute="_compute_timer", string="Phase")
    timer_phase_end = fields.Datetime(compute="_compute_timer", string="Phase ends at")
    timer_left = fields.Datetime(
        compute="_compute_timer", string="Time left", help="In the current phase."
    )
    timer_end = fields.Datetime(compute="_compute_timer", string="Ends at")
    # --- Publication ------------------------------------------------------
    published = fields.Boolean(readonly=True, tracking=True, index=True)
    published_date = fields.Datetime(readonly=True)
    is_locked = fields.Boolean(
        compute="_compute_is_locked", help="Archived with its dossier: read-only."
    )

    _sql_constraints = [
        (
            "dossier_uniq",
            "unique(dossier_id)",
            "A dossier has one evaluation.",
        )
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("dossier_id.state", "dossier_id.submitted_date")
    def _compute_handed_in_date(self):
        for evaluation in self:
            dossier = evaluation.sudo().dossier_id
            evaluation.handed_in_date = (
                dossier.state != "draft" and dossier.submitted_date or False
            )

    def _gpme_nv_cases(self):
        """The official non-conformity cases the facts show."""
        self.ensure_one()
        dossier = self.sudo().dossier_id
        deadline = self.sudo().hand_in_deadline
        return rules.nv_cases(
            self.handed_in_date,
            # The whole last day counts.
            deadline and datetime.combine(deadline, time.max),
            [i._gpme_rule_value() for i in dossier.internship_ids],
            waiver=self.internship_waiver,
            synoptic_attested=self.synoptic_attested,
            now=fields.Datetime.now(),
        )

    @api.depends(
        "exam_session_id.dossier_deadline",
        "internship_waiver",
        "synoptic_attested",
        "dossier_id.state",
        "dossier_id.submitted_date",
        "dossier_id.internship_ids",
    )
    def _compute_nv_detected(self):
        labels = dict(NV_CASES)
        for evaluation in self:
            labels_ = dict(self._fields["nv_case"]._description_selection(self.env))
            evaluation.nv_detected = ", ".join(
                labels_.get(c, labels[c]) for c in evaluation._gpme_nv_cases()
            )

    @api.depends("line_ids.points", "line_ids.grid", "line_ids.kind", "form")
    def _compute_totals(self):
        for evaluation in self:
            total_a = evaluation._gpme_grid_score("A")
            total_b = evaluation._gpme_grid_score("B")
            total_p = evaluation._gpme_grid_score("P")
            evaluation.total_a = total_a
            evaluation.total_b = total_b
            evaluation.total_p = total_p
            evaluation.mark = rules.proposed_mark(
                total_a, total_b, evaluation.form, total_p
            )

    def _gpme_grids(self):
        """The grids of the candidate's form: A and B (CCF) or P."""
        self.ensure_one()
        return rules.FORM_GRIDS[self.form]

    def _gpme_exam_grid(self):
        """The grid of the exam day: B (CCF) or P (forme ponctuelle)."""
        self.ensure_one()
        return self._gpme_grids()[-1]

    def _gpme_signed_grids(self):
        self.ensure_one()
        return {"A": self.signed_a, "B": self.signed_b, "P": self.signed_p}

    def _gpme_all_signed(self):
        self.ensure_one()
        signed = self._gpme_signed_grids()
        return all(signed[g] for g in self._gpme_grids())

    def _gpme_conformity_authority(self):
        """Who the conformity is recorded for (référentiel pp. 76 and 78): in
        CCF the commission before situation B; in the forme ponctuelle the
        académie, recorded by the commission of the exam centre."""
        self.ensure_one()
        if self.form == "ponctuelle":
            return _("Recorded for the académie by the commission of the exam centre")
        return _("Recorded by the commission before situation B")

    @api.constrains("written_situation_id", "form")
    def _check_written_situation(self):
        for evaluation in self.sudo():
            situation = evaluation.written_situation_id
            if not situation:
                continue
            if (
                evaluation.form != "ponctuelle"
                or situation.dossier_id != evaluation.dossier_id
                or situation.state != "validated"
                or not situation.is_written
            ):
                raise ValidationError(
                    _(
                        "Written communication situation: « %s » is not a "
                        "validated written situation of the candidate's dossier "
                        "(forme ponctuelle only).",
                        situation.code or situation.name,
                    )
                )

    @api.model
    def _gpme_fmt(self, value):
        """Points as printed: 15,50."""
        return rules.format_points(value)

    def _gpme_grid_score(self, grid):
        """Rows less penalties of one grid."""
        self.ensure_one()
        return rules.grid_score(
            [(x.kind, x.points) for x in self.line_ids if x.grid == grid]
        )

    @api.depends("conformity", "mark")
    def _compute_mark_display(self):
        for evaluation in self:
            status = rules.mark_status(evaluation.conformity)
            evaluation.mark_status = status
            if status == "nv":
                evaluation.mark_display = _("NV")
            elif status == "held":
                evaluation.mark_display = _(
                    "Held back (%s / 20)", rules.format_points(evaluation.mark)
                )
            else:
                evaluation.mark_display = "%s / 20" % rules.format_points(
                    evaluation.mark
                )

    @api.depends("signature_ids.grid")
    def _compute_signed(self):
        for evaluation in self:
            grids = set(evaluation.signature_ids.mapped("grid"))
            evaluation.signed_a = "A" in grids
            evaluation.signed_b = "B" in grids
            evaluation.signed_p = "P" in grids

    @api.depends("timer_start", "form")
    def _compute_timer(self):
        now = fields.Datetime.now()
        for evaluation in self:
            start = evaluation.timer_start
            rows = rules.schedule(evaluation.form, start) if start else []
            phase, __ = rules.current_phase(evaluation.form, start, now)
            evaluation.timer_phase = phase
            evaluation.timer_phase_end = next(
                (end for p, __, end in rows if p == phase), False
            )
            evaluation.timer_end = rows[-1][2] if rows else False
            evaluation.timer_left = evaluation.timer_phase_end

    @api.depends("dossier_id.state")
    def _compute_is_locked(self):
        for evaluation in self:
            evaluation.is_locked = evaluation.sudo().dossier_id.state == "archived"

    # ------------------------------------------------------------------
    # Roles and locks (one small place, until the lock mixin lands)
    # ------------------------------------------------------------------
    def _gpme_eval_roles(self, user=None):
        """Roles of the user on the candidate: admin, commission, teacher,
        student (the dossier's definition). A member of the candidate's
        commission keeps the role on a dossier never handed in: recording
        that non-conformity is theirs, though the draft stays unreadable."""
        self.ensure_one()
        return self._gpme_eval_roles_map(user)[self.id]

    def _gpme_eval_roles_map(self, user=None):
        """{evaluation id: roles}, computed as superuser without reading
        anything for the caller (the role check comes before any read)."""
        user = user or self.env.user
        evaluations = self.sudo()
        dossier_roles = evaluations.dossier_id._gpme_roles_map(user)
        is_commission = user.has_group("gpme_e4.group_commission")
        result = {}
        for evaluation in evaluations:
            dossier = evaluation.dossier_id
            roles = set(dossier_roles.get(dossier.id, set()))
            if (
                dossier.state == "draft"
                and dossier.student_id != user
                and is_commission
                and user in dossier.commission_user_ids
            ):
                roles.add("commission")
            result[evaluation.id] = roles
        return result

    def _gpme_check_open(self, grid=None):
        """Refuse any evaluation work on an archived, NV or never handed-in
        dossier, and on a signed grid."""
        self._gpme_check_unpublished()
        for evaluation in self:
            if (
                evaluation.sudo().dossier_id.state == "draft"
                and evaluation.conformity != "non_conform"
            ):
                raise UserError(
                    _(
                        "The dossier of %s has not been handed in: it is not "
                        "evaluated (declare it non-conform if the deadline "
                        "has passed).",
                        evaluation.student_id.name,
                    )
                )
            if evaluation.is_locked:
                raise UserError(
                    _(
                        "The evaluation of %s is archived with its dossier: it "
                        "is read-only.",
                        evaluation.student_id.name,
                    )
                )
            if evaluation.conformity == "non_conform":
                raise UserError(
                    _(
                        "The dossier of %s is non-conform (NV): it is not evaluated.",
                        evaluation.student_id.name,
                    )
                )
            evaluation._gpme_check_form_grid(grid)
            signed = evaluation._gpme_signed_grids()
            if grid and signed[grid]:
                raise UserError(
                    _(
                        "Grid %(grid)s of %(student)s is signed: it is read-only. "
                        "Only an administrator can unlock it, giving a reason.",
                        grid=grid,
                        student=evaluation.student_id.name,
                    )
                )

    def _gpme_check_form_grid(self, grid):
        """Refuse a grid that is not one of the candidate's form (no grid A
        nor B in the forme ponctuelle, no grid P in CCF)."""
        for evaluation in self:
            if grid and grid not in evaluation._gpme_grids():
                forms = dict(self._fields["form"]._description_selection(self.env))
                raise UserError(
                    _(
                        "Grid %(grid)s is not part of the form « %(form)s » of "
                        "%(student)s.",
                        grid=grid,
                        form=forms[evaluation.form],
                        student=evaluation.student_id.name,
                    )
                )

    def _gpme_check_unpublished(self):
        for evaluation in self:
            if evaluation.sudo().published:
                raise UserError(
                    _(
                        "The evaluation of %s is published: it changes only "
                        "when an administrator unpublishes it, giving a reason.",
                        evaluation.student_id.name,
                    )
                )

    def _gpme_check_role(self, allowed, message=None):
        """Refuse, naming nothing, unless the caller holds one of the roles
        (or is an administrator) on every evaluation of self. Called first
        by every public method, before anything is read."""
        if self.env.su:
            return
        known = self.browse([i for i in self.ids if isinstance(i, int) and i])
        roles = known.exists()._gpme_eval_roles_map()
        for evaluation_id in self.ids:
            held = roles.get(evaluation_id, set())
            if "admin" not in held and not held & set(allowed):
                raise AccessError(
                    message
                    or _("You are not a member of the commission of this candidate.")
                )

    # --- the lock (gpme.lock.mixin) ----------------------------------------------
    def _gpme_lock_state(self):
        states = {}
        for evaluation in self.sudo():
            if evaluation.dossier_id.state == "archived":
                states[evaluation.id] = "archived"
            elif evaluation.published:
                states[evaluation.id] = "published"
            elif evaluation.form == "ponctuelle":
                # One grid: signed, the evaluation is settled.
                states[evaluation.id] = "signed" if evaluation.signed_p else "open"
            elif evaluation.signed_a and evaluation.signed_b:
                states[evaluation.id] = "signed"
            elif evaluation.signed_a or evaluation.signed_b:
                states[evaluation.id] = (
                    "signed_a" if evaluation.signed_a else "signed_b"
                )
            else:
                states[evaluation.id] = "open"
        return states

    def _gpme_lock_roles(self):
        return self._gpme_eval_roles_map()

    def _gpme_lock_state_label(self, state):
        return {
            "open": _("being evaluated"),
            "signed_a": _("grid A signed"),
            "signed_b": _("grid B signed"),
            "signed": _("both grids signed"),
            "published": _("published"),
            "archived": _("archived"),
        }.get(state, state)

    def _gpme_chatter_frozen(self):
        """A signed or published evaluation keeps its messages and files."""
        return {
            e.id: bool(e.signed_a or e.signed_b or e.signed_p or e.published)
            for e in self.sudo()
        }

    def write(self, vals):
        # Who may change what in which state first (a refusal naming
        # nothing), then the dossier's own conditions.
        self._gpme_lock_check(set(vals))
        if not self.env.su:
            for evaluation in self:
                if set(vals) - {"line_ids", "line_a_ids", "line_b_ids", "line_p_ids"}:
                    evaluation._gpme_check_open()
                for grid, names in GRID_FIELDS.items():
                    if set(vals) & names:
                        evaluation._gpme_check_open(grid)
        changed = self.browse()
        if "form" in vals:
            changed = self.filtered(lambda e: e.form != vals["form"])
            if changed.signature_ids:
                raise UserError(
                    _(
                        "Form: a signed grid stays in its form; an administrator "
                        "unlocks it first."
                    )
                )
            if vals["form"] != "ponctuelle":
                # The written situation is the forme ponctuelle's only.
                vals = dict(vals, written_situation_id=False)
        result = super().write(vals)
        if changed:
            changed._gpme_sync_form()
        return result

    def _gpme_sync_form(self):
        """After a change of form: the lines of the other form's grids go,
        the new form's come (CCF: proposed from the bilans)."""
        for evaluation in self.sudo():
            grids = evaluation._gpme_grids()
            evaluation.line_ids.filtered(lambda x, g=grids: x.grid not in g).unlink()
        self._gpme_create_lines()

    # ------------------------------------------------------------------
    # Creation: one evaluation per candidate, lines from the criteria
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("Evaluations are opened from the candidate's dossier."))
        evaluations = super().create(vals_list)
        evaluations._gpme_create_lines()
        return evaluations

    def _gpme_create_lines(self):
        """A line per active criterion the evaluation lacks (new criteria of
        an imported grid too), grid A proposed from the bilans; a signed grid
        is left as it was signed."""
        all_criteria = self.env["gpme.grid.criterion"].sudo().search([])
        Line = self.env["gpme.evaluation.line"].sudo()
        vals = []
        for evaluation in self:
            signed = evaluation._gpme_signed_grids()
            present = evaluation.line_ids.criterion_id
            # Only the grids of the candidate's form; the forme ponctuelle
            # has no bilans to propose from.
            grids = evaluation._gpme_grids()
            criteria = all_criteria.filtered(lambda c, g=grids: c.situation in g)
            proposal = evaluation._gpme_bilan_proposal(criteria) if "A" in grids else {}
            for criterion in criteria:
                if criterion in present or signed[criterion.situation]:
                    continue
                level, review = proposal.get(criterion.id, (False, False))
                vals.append(
                    {
                        "evaluation_id": evaluation.id,
                        "criterion_id": criterion.id,
                        "sequence": criterion.sequence,
                        "bilan_level_id": level and level.id,
                        "bilan_review_id": review and review.id,
                        "level_id": level and level.id,
                    }
                )
        return Line.create(vals)

    def _gpme_bilan_positions(self):
        """{criterion id: position} of the latest positioning of each
        critère de performance in the bilans of the second year (situation A
        is evaluated on them; first-year bilans are training)."""
        self.ensure_one()
        positions = (
            self.env["gpme.review.position"]
            .sudo()
            .search(
                [
                    ("line_id.dossier_id", "=", self.dossier_id.id),
                    ("line_id.review_id.training_year", "=", "2"),
                ]
            )
            .sorted(
                lambda p: (p.line_id.review_id.date, p.line_id.review_id.id),
                reverse=True,
            )
        )
        latest = {}
        for position in positions:
            latest.setdefault(position.criterion_id.id, position)
        return latest

    def _gpme_bilan_proposal(self, criteria):
        """{criterion id: (level, bilan)}: a critère de performance gets its
        latest year-2 positioning and the bilan it comes from; a row the
        level nearest the mean of its critères' positionings."""
        self.ensure_one()
        positions = self._gpme_bilan_positions()
        levels = self.env["gpme.mastery.level"].sudo().search([])
        scale = [(level, level.ratio) for level in levels]
        proposal = {
            cid: (p.level_id, p.line_id.review_id) for cid, p in positions.items()
        }
        for row in criteria.filtered(lambda c: c.kind == "row"):
            ratios = [
                positions[c.id].level_id.ratio
                for c in row.performance_ids
                if c.id in positions
            ]
            level = rules.proposed_level(ratios, scale)
            if level:
                proposal[row.id] = (level, False)
        return proposal

    def action_prefill_from_bilans(self):
        """Take the year-2 bilans' latest positioning again (lines not
        signed); a level already chosen stays."""
        self._gpme_check_role(rules.GRID_ROLES["A"])
        for evaluation in self:
            evaluation._gpme_check_open("A")
            lines = evaluation.line_ids.filtered(lambda x: x.grid == "A")
            proposal = evaluation._gpme_bilan_proposal(lines.criterion_id)
            for line in lines:
                level, review = proposal.get(line.criterion_id.id, (False, False))
                if level:
                    line.sudo().write(
                        {
                            "bilan_level_id": level.id,
                            "bilan_review_id": review and review.id,
                        }
                    )
                    if not line.level_id:
                        line.level_id = level
        return True

    @api.model
    def _gpme_open_for_dossier(self, dossier):
        """The candidate's evaluation, created on first opening by a member
        of the commission, a teacher of the class or an administrator."""
        dossier = dossier.with_env(self.env)
        dossier.check_access_rule("read")
        roles = dossier._gpme_roles()
        if not self.env.su and not roles & {"admin", "commission", "teacher"}:
            raise AccessError(
                _("You are not a member of the commission of this candidate.")
            )
        evaluation = self.sudo().search([("dossier_id", "=", dossier.id)], limit=1)
        if not evaluation:
            evaluation = self.sudo().create({"dossier_id": dossier.id})
        return evaluation.with_env(self.env)

    def _gpme_check_readable(self):
        """The caller's rights on the records first (the record rules say
        who is who): a refusal naming nothing, before anything is read."""
        self.check_access_rights("read")
        self.check_access_rule("read")

    def action_open(self):
        self._gpme_check_readable()
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------------
    # Conformity (commission, before situation B)
    # ------------------------------------------------------------------
    def _gpme_set_conformity(self, conformity, nv_case=False, note=False):
        self._gpme_check_role({"commission"})
        self._gpme_check_unpublished()
        for evaluation in self:
            if evaluation.is_locked:
                evaluation._gpme_check_open()
            grid = evaluation._gpme_exam_grid()
            if evaluation._gpme_signed_grids()[grid] and conformity == "non_conform":
                raise UserError(
                    _(
                        "Grid %(grid)s of %(student)s is signed: an administrator "
                        "must unlock it before the dossier is declared non-conform.",
                        grid=grid,
                        student=evaluation.student_id.name,
                    )
                )
        self.sudo().write(
            {
                "conformity": conformity,
                "nv_case": nv_case,
                "conformity_note": note,
                "conformity_user_id": self.env.user.id,
                "conformity_date": fields.Datetime.now(),
            }
        )

    def action_confirm_conformity(self):
        """The commission finds the dossier conform: refused while one of the
        four cases shows in the facts (declare NV or doubt instead)."""
        self._gpme_check_role({"commission"})
        for evaluation in self:
            if evaluation._gpme_nv_cases():
                raise UserError(
                    _(
                        "The dossier of %(student)s cannot be confirmed conform: "
                        "%(cases)s. Declare it non-conform (NV), or record a "
                        "doubt if the académie must check.",
                        student=evaluation.student_id.name,
                        cases=evaluation.nv_detected,
                    )
                )
        self._gpme_set_conformity("conform")
        self.env["gpme.journal"]._gpme_log("conformity_confirm", self)
        for evaluation in self:
            evaluation.message_post(
                body=_(
                    "Conformity confirmed by the commission (%s).",
                    evaluation._gpme_conformity_authority(),
                )
            )
        return True

    def action_doubt(self, note):
        """In doubt the interrogation goes on; the mark waits for the académie."""
        self._gpme_check_role({"commission"})
        if not (note or "").strip():
            raise UserError(_("Reason of the doubt: please say what must be checked."))
        self._gpme_set_conformity("doubt", note=note)
        self.env["gpme.journal"]._gpme_log("conformity_doubt", self, reason=note)
        for evaluation in self:
            evaluation.message_post(
                body=_("Doubt on the conformity, the mark is held back: %s", note)
            )
        return True

    def action_declare_nv(self, nv_case, note=False):
        """Non-conformity: only on one of the four official cases, and only
        when the facts show it."""
        self._gpme_check_role({"commission"})
        if nv_case not in rules.NV_CASES:
            raise UserError(
                _(
                    "Non-conformity case: a dossier is non-conform only when it "
                    "was not handed in, handed in late, the internship is too "
                    "short, or documents are not signed or stamped."
                )
            )
        labels = dict(self._fields["nv_case"]._description_selection(self.env))
        for evaluation in self:
            # The notification (V-1) is « constaté par » the member who
            # declares: an administrator outside the commission does not.
            commission = evaluation.sudo().dossier_id.commission_user_ids
            if not self.env.su and self.env.user not in commission:
                raise AccessError(
                    _(
                        "Only a member of the candidate's commission declares "
                        "the dossier non-conform: the notification is signed "
                        "by them."
                    )
                )
            if nv_case not in evaluation._gpme_nv_cases():
                raise UserError(
                    _(
                        "Non-conformity case « %(case)s »: the dossier of "
                        "%(student)s does not show it. Correct the facts "
                        "(attestations, deadline, signatures) or record a doubt.",
                        case=labels[nv_case],
                        student=evaluation.student_id.name,
                    )
                )
        self._gpme_set_conformity("non_conform", nv_case=nv_case, note=note)
        self.env["gpme.journal"]._gpme_log(
            "nv_declare", self, reason=note, details={"nv_case": nv_case}
        )
        for evaluation in self:
            evaluation.message_post(
                body=_("Dossier declared non-conform (NV): %s", labels[nv_case])
            )
        return True

    def action_conformity_wizard(self):
        self._gpme_check_role({"commission"})
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            # The dialog's title (else « Odoo »).
            "name": _("Conformity decision"),
            "res_model": "gpme.conformity.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_id": self.id},
        }

    def action_open_internships(self):
        """The attestations, where the commission ticks signed and stamped."""
        self._gpme_check_role({"commission", "teacher"})
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Internship attestations"),
            "res_model": "gpme.internship",
            "view_mode": "tree",
            "views": [(self.env.ref("gpme_e4.gpme_internship_view_tree").id, "tree")],
            "domain": [("dossier_id", "=", self.dossier_id.id)],
            "target": "new",
        }

    def action_print_notification(self):
        self._gpme_check_role({"commission"})
        self.ensure_one()
        if self.conformity != "non_conform":
            raise UserError(
                _("The notification of non-conformity is for NV dossiers only.")
            )
        return self.env.ref("gpme_e4.action_report_gpme_nv_notification").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Situation B: draw, timer
    # ------------------------------------------------------------------
    def _gpme_draw_candidates(self):
        self.ensure_one()
        return [
            rules.Candidate(
                s.id,
                frozenset(
                    k
                    for k, flag in (
                        ("grcf", s.is_grcf),
                        ("oral", s.is_oral),
                        ("written", s.is_written),
                    )
                    if flag
                ),
                eligible=s.state == "validated",
            )
            for s in self.sudo().dossier_id.situation_ids
        ]

    def _gpme_check_situation_b(self):
        """Situation B (CCF) follows situation A (grid A signed) and takes
        place in the session's window, unless an administrator opened an
        exception."""
        today = fields.Date.context_today(self)
        for evaluation in self.filtered(lambda e: e.form == "ccf"):
            session = evaluation.sudo().exam_session_id
            problem = rules.situation_b_problem(
                evaluation.signed_a,
                session.situation_b_start,
                session.situation_b_end,
                today,
                exception=evaluation.b_exception,
            )
            if problem == "a_unsigned":
                raise UserError(
                    _(
                        "Situation B of %s follows situation A: grid A must be "
                        "signed first.",
                        evaluation.student_id.name,
                    )
                )
            if problem == "no_window":
                raise UserError(
                    _(
                        "Situation B of %s: the exam session has no dates for "
                        "situation B. An administrator sets them, or opens an "
                        "exception giving a reason.",
                        evaluation.student_id.name,
                    )
                )
            if problem == "outside_window":
                raise UserError(
                    _(
                        "Situation B of %(student)s takes place from %(start)s "
                        "to %(end)s. An administrator may open an exception, "
                        "giving a reason.",
                        student=evaluation.student_id.name,
                        start=session.situation_b_start.strftime("%d/%m/%Y"),
                        end=session.situation_b_end.strftime("%d/%m/%Y"),
                    )
                )

    def action_allow_situation_b(self, reason):
        """Administrator: situation B may take place outside the session's
        window (illness, a new date set by the académie); logged."""
        # Administrators only (the roles map's « admin »), naming nothing.
        self._gpme_check_role(
            set(), _("Only an administrator opens situation B outside its window.")
        )
        if not (reason or "").strip():
            raise UserError(
                _("Reason: say why situation B takes place outside its window.")
            )
        self.sudo().write({"b_exception": True, "b_exception_reason": reason})
        for evaluation in self:
            evaluation.message_post(
                body=_(
                    "Situation B opened outside its window by %(user)s. Reason: "
                    "%(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    def _gpme_p_signed_by_teacher(self):
        """Grid P bears the signature of a teacher of the commission (two
        teachers of DA1 examine, a professional possibly besides)."""
        self.ensure_one()
        return bool(
            self.signature_ids.filtered(
                lambda s: s.grid == "P" and s.role != "professional"
            )
        )

    def _gpme_b_signed_by_teacher(self):
        """Grid B bears the signature of a teacher of the class (a
        professional signs only in addition)."""
        self.ensure_one()
        teachers = self.sudo().cohort_id.teacher_ids
        return bool(
            self.signature_ids.filtered(
                lambda s: s.grid == "B" and s.user_id in teachers
            )
        )

    def action_draw(self, rng=None):
        """Draw at random, among the eligible situations of the synoptic, the
        fiches the commission has not chosen yet (GRCF first, then oral;
        ponctuelle: GRCF, oral, written)."""
        self._gpme_check_role({"commission"})
        Sheet = self.env["gpme.work.sheet"]
        for evaluation in self:
            if evaluation.form not in rules.DRAW_KINDS:
                raise UserError(
                    _(
                        "The forme ponctuelle has no draw: the commission "
                        "chooses the GRCF and oral situations of the fiches de "
                        "travail, and the written situation, from the dossier "
                        "of %s.",
                        evaluation.student_id.name,
                    )
                )
            evaluation._gpme_check_open("B")
            if evaluation.conformity == "pending":
                raise UserError(
                    _(
                        "Check the conformity of the dossier of %s before situation B.",
                        evaluation.student_id.name,
                    )
                )
            evaluation._gpme_check_situation_b()
            sheets = {s.kind: s for s in evaluation.work_sheet_ids}
            chosen = {k: s.situation_id.id for k, s in sheets.items() if s.situation_id}
            picked, missing = rules.draw(
                evaluation._gpme_draw_candidates(), evaluation.form, rng, chosen
            )
            if missing:
                kinds = dict(Sheet._fields["kind"]._description_selection(self.env))
                raise UserError(
                    _(
                        "The dossier of %(student)s has no validated situation "
                        "of kind %(kinds)s to draw from.",
                        student=evaluation.student_id.name,
                        kinds=", ".join(kinds[k] for k in missing),
                    )
                )
            drawn = []
            for sequence, kind in enumerate(rules.DRAW_KINDS[evaluation.form]):
                if kind in chosen:
                    continue
                vals = {"situation_id": picked[kind], "drawn": True}
                if kind in sheets:
                    sheets[kind].write(vals)
                else:
                    Sheet.create(
                        dict(
                            vals,
                            evaluation_id=evaluation.id,
                            kind=kind,
                            sequence=sequence,
                        )
                    )
                drawn.append(self.env["gpme.situation"].sudo().browse(picked[kind]))
            if drawn:
                evaluation.message_post(
                    body=_(
                        "Situations drawn: %s",
                        ", ".join(s.code or s.name for s in drawn),
                    )
                )
        return True

    def action_start_timer(self):
        self._gpme_check_role({"commission"})
        for evaluation in self:
            evaluation._gpme_check_open(evaluation._gpme_exam_grid())
        self._gpme_check_situation_b()
        self.sudo().write({"timer_start": fields.Datetime.now()})
        return True

    def _gpme_composition_gaps(self):
        """Messages of the composition rules the dossier fails (the
        penalising ones: the blocking ones stop the hand-in), printed under
        the « Pénalités » line the commission fills."""
        self.ensure_one()
        dossier = self.sudo().dossier_id
        findings = dossier._gpme_conformity_findings().get(dossier.id, [])
        return [
            f.message or f.name
            for f in conformity.failed(findings)
            if f.severity != "blocking"
        ]

    def _gpme_commission_rows(self):
        """[(name, role)] of the candidate's commission, as printed on the
        fiches de travail and grid B."""
        self.ensure_one()
        # In the candidate's language, as the documents they are printed on.
        env = self.with_context(lang=self.sudo().student_id.lang or self.env.lang).env
        roles = dict(
            self.env["gpme.exam.session.member"]
            ._fields["role"]
            ._description_selection(env)
        )
        rows = []
        for user in self.sudo().dossier_id.commission_user_ids:
            role = self._gpme_member_role(user)
            rows.append((user.name, roles.get(role, "")))
        return rows

    def action_print_work_sheets(self):
        self._gpme_check_role({"commission"})
        self.ensure_one()
        if not self.work_sheet_ids:
            raise UserError(_("Choose or draw the situations first."))
        # A new tab with the PDF, ready to print for the candidate, while the
        # commission's screen stays usable.
        report = self.env.ref("gpme_e4.action_report_gpme_work_sheet")
        return {
            "type": "ir.actions.act_url",
            "url": f"/report/pdf/{report.report_name}/{self.id}",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Signatures, unlock, publication
    # ------------------------------------------------------------------
    def _gpme_sign(self, grid):
        self._gpme_check_role(
            rules.GRID_ROLES[grid],
            _("Only the evaluators of this candidate sign grid %s.", grid),
        )
        self.ensure_one()
        self._gpme_check_open()
        self._gpme_check_form_grid(grid)
        # The critères de performance of the activities (0 points) are
        # positioned when observed; every marked criterion must be placed.
        lines = self.line_ids.filtered(lambda x: x.grid == grid and x.kind == "row")
        unplaced = lines.filtered(lambda x: not x.level_id)
        if not lines or unplaced:
            raise UserError(
                _(
                    "Grid %(grid)s of %(student)s cannot be signed empty: place "
                    "the candidate on every criterion first (%(count)s left).",
                    grid=grid,
                    student=self.student_id.name,
                    count=len(unplaced) or len(lines),
                )
            )
        if grid == "B":
            self._gpme_check_situation_b()
        if grid == "P":
            self._gpme_check_ponctuelle_ready()
        if self.signature_ids.filtered(
            lambda s: s.grid == grid and s.user_id == self.env.user
        ):
            raise UserError(_("You have already signed grid %s.", grid))
        self.env["gpme.evaluation.signature"].sudo().create(
            {
                "evaluation_id": self.id,
                "grid": grid,
                "user_id": self.env.user.id,
                "role": self._gpme_member_role(self.env.user),
            }
        )
        self.env["gpme.journal"]._gpme_log(
            "grid_sign",
            self,
            details={
                "grid": grid,
                "total_a": self.total_a,
                "total_b": self.total_b,
                "total_p": self.total_p,
            },
        )
        self.message_post(
            body=_(
                "Grid %(grid)s signed by %(user)s.", grid=grid, user=self.env.user.name
            )
        )
        return True

    def _gpme_member_role(self, user):
        """The signer's role in the exam session's commission, else teacher of
        the class."""
        self.ensure_one()
        member = self.sudo().exam_session_id.member_ids.filtered(
            lambda m: m.user_id == user
        )[:1]
        if member.role:
            return member.role
        if user in self.sudo().cohort_id.teacher_ids:
            return "teacher"
        return False

    def action_sign_a(self):
        return self._gpme_sign("A")

    def action_sign_b(self):
        return self._gpme_sign("B")

    def action_sign_p(self):
        return self._gpme_sign("P")

    def _gpme_check_ponctuelle_ready(self):
        """Grid P is signed after the exam: the conformity recorded before
        it, the written situation of phase 4 chosen."""
        for evaluation in self:
            if evaluation.conformity == "pending":
                raise UserError(
                    _(
                        "Record the conformity of the dossier of %s for the "
                        "académie before the exam.",
                        evaluation.student_id.name,
                    )
                )
            if not evaluation.written_situation_id:
                raise UserError(
                    _(
                        "Written communication situation: choose the fiche of "
                        "phase 4 from the dossier of %s.",
                        evaluation.student_id.name,
                    )
                )

    def action_unlock(self, grid, reason):
        """Administrator only: removes the grid's signatures, the reason is
        logged in the chatter."""
        # Administrators only (the roles map's « admin »), naming nothing.
        self._gpme_check_role(
            set(), _("Only an administrator can unlock a signed grid.")
        )
        if not (reason or "").strip():
            raise UserError(_("Reason: say why the signed grid is unlocked."))
        if grid not in ("A", "B"):
            raise UserError(_("Grid: « %s » is not a grid of the E4 (A or B).", grid))
        self._gpme_check_unpublished()
        for evaluation in self:
            signatures = evaluation.signature_ids.filtered(lambda s: s.grid == grid)
            if not signatures:
                raise UserError(_("Grid %s is not signed.", grid))
            names = ", ".join(signatures.mapped("user_id.name"))
            signatures.sudo().with_context(gpme_unlock=True).unlink()
            self.env["gpme.journal"]._gpme_log(
                "grid_unlock",
                evaluation,
                reason=reason,
                details={"grid": grid, "signatures_removed": names},
            )
            evaluation.message_post(
                body=_(
                    "Grid %(grid)s unlocked by %(user)s (signatures of %(names)s "
                    "removed). Reason: %(reason)s",
                    grid=grid,
                    user=self.env.user.name,
                    names=names,
                    reason=reason,
                )
            )
        return True

    def action_publish(self):
        """Administrator: the candidates see their evaluation from now on."""
        # Administrators only (the roles map's « admin »), naming nothing.
        self._gpme_check_role(set(), _("Only an administrator publishes the results."))
        for evaluation in self:
            ready = evaluation.conformity == "non_conform" or (
                evaluation.conformity == "conform" and evaluation._gpme_all_signed()
            )
            if ready and evaluation.conformity == "conform":
                if evaluation.form == "ponctuelle":
                    if not evaluation._gpme_p_signed_by_teacher():
                        raise UserError(
                            _(
                                "The grid of the forme ponctuelle of %s must be "
                                "signed by a teacher of the commission; a "
                                "professional signs only in addition.",
                                evaluation.student_id.name,
                            )
                        )
                elif not evaluation._gpme_b_signed_by_teacher():
                    raise UserError(
                        _(
                            "Grid B of %s must be signed by a teacher of the "
                            "class; a professional signs only in addition.",
                            evaluation.student_id.name,
                        )
                    )
            if not ready:
                raise UserError(
                    _(
                        "The evaluation of %s cannot be published yet: the "
                        "conformity must be settled and the grids signed.",
                        evaluation.student_id.name,
                    )
                )
        self.sudo().write({"published": True, "published_date": fields.Datetime.now()})
        for evaluation in self:
            self.env["gpme.journal"]._gpme_log(
                "publish",
                evaluation,
                details={
                    "conformity": evaluation.conformity,
                    "mark": evaluation.sudo().mark_display,
                },
            )
        for evaluation in self.sudo():
            evaluation.message_post(
                body=_("Your E4 evaluation has been published: you can read it now."),
                partner_ids=evaluation.student_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_unpublish(self, reason):
        """Administrator only: the one way back from publication, the reason
        logged in the chatter and the E4 journal (conformity and grids can
        then be corrected, and the evaluation published again)."""
        # Administrators only (the roles map's « admin »), naming nothing.
        self._gpme_check_role(
            set(), _("Only an administrator can unpublish the results.")
        )
        if not (reason or "").strip():
            raise UserError(_("Reason: say why the published evaluation is reopened."))
        for evaluation in self:
            if not evaluation.published:
                raise UserError(_("This evaluation is not published."))
            if evaluation.is_locked:
                evaluation._gpme_check_open()
        self.sudo().write({"published": False, "published_date": False})
        self.env["gpme.journal"]._gpme_log("unpublish", self, reason=reason)
        for evaluation in self:
            evaluation.message_post(
                body=_(
                    "Results unpublished by %(user)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    def action_print_proposal(self):
        self._gpme_check_readable()
        return self.env.ref("gpme_e4.action_report_gpme_mark_proposal").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Session recap: one data builder for the PDF and the XLSX
    # ------------------------------------------------------------------
    @api.model
    def _gpme_recap_columns(self):
        return [
            ("session", _("Session")),
            ("cohort", _("Class")),
            ("candidate", _("Candidate")),
            ("number", _("Candidate number")),
            ("conformity", _("Conformity")),
            ("form", self._fields["form"]._description_string(self.env)),
            ("total_a", _("Situation A /14")),
            ("total_b", _("Situation B /6")),
            ("mark", _("Proposed mark /20")),
        ]

    def _gpme_recap_rows(self, formatted=False):
        """One plain row per candidate of the sessions, NV instead of a mark,
        held-back marks shown as such, candidates not evaluated yet listed
        too (read with the reader's rights); ``formatted``: points as
        printed (15,50), else numbers for the workbook."""
        fmt = rules.format_points if formatted else (lambda value: value)
        conformity = dict(self._fields["conformity"]._description_selection(self.env))
        forms = dict(self._fields["form"]._description_selection(self.env))
        rows = []
        for evaluation in self:
            # No situation A nor B in the forme ponctuelle: its mark only.
            nv = evaluation.mark_status == "nv" or evaluation.form == "ponctuelle"
            rows.append(
                {
                    "session": str(evaluation.session_year or ""),
                    "cohort": evaluation.cohort_id.name or "",
                    "candidate": evaluation.student_id.name or "",
                    "number": evaluation.candidate_number or "",
                    "conformity": conformity[evaluation.conformity],
                    "form": forms[evaluation.form],
                    "total_a": "" if nv else fmt(evaluation.total_a),
                    "total_b": "" if nv else fmt(evaluation.total_b),
                    "mark": evaluation.mark_display,
                }
            )
        sessions = self.mapped("exam_session_id")
        others = self.env["gpme.dossier"].search(
            [
                ("exam_session_id", "in", sessions.ids),
                ("id", "not in", self.mapped("dossier_id").ids),
            ]
        )
        for dossier in others:
            rows.append(
                {
                    "session": str(dossier.session_year or ""),
                    "cohort": dossier.cohort_id.name or "",
                    "candidate": dossier.student_id.name or "",
                    "number": dossier.candidate_number or "",
                    "conformity": _("Not evaluated yet"),
                    "form": "",
                    "total_a": "",
                    "total_b": "",
                    "mark": "",
                }
            )
        rows.sort(key=lambda row: (row["cohort"], row["candidate"]))
        return rows

    def action_print_grids(self):
        self._gpme_check_readable()
        return self.env.ref("gpme_e4.action_report_gpme_grids").report_action(self)
