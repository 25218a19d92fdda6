from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..report import evaluation_documents
from ..services import evaluation as rules
from ..services import (
    evaluation_actions,
    evaluation_checks,
    evaluation_conformity,
    evaluation_display,
    evaluation_prefill,
    evaluation_signing,
    evaluation_situation_b,
)
from ..services.evaluation_fields import (  # noqa: F401 (imported from here too)
    CONFORMITY,
    EDITABLE,
    FORMS,
    GRID_FIELDS,
    NV_CASES,
    PHASES,
    lock_rules,
)


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
    _gpme_lock_rules = lock_rules()
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
    # Buttons that can act for the current user (the others are hidden).
    can_sign_a = fields.Boolean(compute="_compute_can_act")
    can_sign_b = fields.Boolean(compute="_compute_can_act")
    can_sign_p = fields.Boolean(compute="_compute_can_act")
    can_draw = fields.Boolean(compute="_compute_can_act")
    can_publish = fields.Boolean(compute="_compute_can_act")
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

    # --- Computes ---
    @api.depends("dossier_id.state", "dossier_id.submitted_date")
    def _compute_handed_in_date(self):
        for evaluation in self:
            dossier = evaluation.sudo().dossier_id
            evaluation.handed_in_date = (
                dossier.state != "draft" and dossier.submitted_date or False
            )

    def _gpme_nv_cases(self):
        return evaluation_conformity.nv_cases(self)

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
        return evaluation_display.conformity_authority(self)

    @api.constrains("written_situation_id", "form")
    def _check_written_situation(self):
        return evaluation_checks.check_written_situation(self)

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
        return evaluation_display.compute_mark_display(self)

    @api.depends("signature_ids.grid")
    def _compute_signed(self):
        for evaluation in self:
            grids = set(evaluation.signature_ids.mapped("grid"))
            evaluation.signed_a = "A" in grids
            evaluation.signed_b = "B" in grids
            evaluation.signed_p = "P" in grids

    @api.depends("timer_start", "form")
    def _compute_timer(self):
        return evaluation_display.compute_timer(self)

    @api.depends_context("uid")
    @api.depends("signature_ids", "conformity", "published", "work_sheet_ids")
    def _compute_can_act(self):
        return evaluation_display.compute_can_act(self)

    @api.depends("dossier_id.state")
    def _compute_is_locked(self):
        for evaluation in self:
            evaluation.is_locked = evaluation.sudo().dossier_id.state == "archived"

    # --- Roles and locks (one small place, until the lock mixin lands) ---
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
        return evaluation_checks.check_open(self, grid)

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

    # --- Creation: one evaluation per candidate, lines from the criteria ---
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("Evaluations are opened from the candidate's dossier."))
        evaluations = super().create(vals_list)
        evaluations._gpme_create_lines()
        return evaluations

    def _gpme_create_lines(self):
        return evaluation_prefill.create_lines(self)

    def action_prefill_from_bilans(self):
        return evaluation_prefill.action_prefill_from_bilans(self)

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

    # --- Conformity (commission, before situation B) ---
    def action_confirm_conformity(self):
        return evaluation_conformity.action_confirm_conformity(self)

    def action_doubt(self, note):
        return evaluation_conformity.action_doubt(self, note)

    def action_declare_nv(self, nv_case, note=False):
        return evaluation_conformity.action_declare_nv(self, nv_case, note)

    def action_conformity_wizard(self):
        return evaluation_actions.action_conformity_wizard(self)

    def action_open_internships(self):
        return evaluation_actions.action_open_internships(self)

    def action_record_internship(self):
        return evaluation_actions.action_record_internship(self)

    def action_print_notification(self):
        return evaluation_actions.action_print_notification(self)

    # --- Situation B: draw, timer ---
    def action_allow_situation_b(self, reason):
        return evaluation_situation_b.action_allow_situation_b(self, reason)

    def action_draw(self, rng=None):
        return evaluation_situation_b.action_draw(self, rng)

    def action_start_timer(self):
        return evaluation_situation_b.action_start_timer(self)

    def _gpme_composition_gaps(self):
        return evaluation_documents.composition_gaps(self)

    def _gpme_commission_rows(self):
        return evaluation_documents.commission_rows(self)

    def action_print_work_sheets(self):
        return evaluation_actions.action_print_work_sheets(self)

    # --- Signatures, unlock, publication ---
    def action_sign_a(self):
        if self.env.context.get("gpme_sign_ask"):
            return evaluation_signing.ask_sign(self, "A")
        return evaluation_signing.sign(self, "A")

    def action_sign_b(self):
        if self.env.context.get("gpme_sign_ask"):
            return evaluation_signing.ask_sign(self, "B")
        return evaluation_signing.sign(self, "B")

    def action_sign_p(self):
        if self.env.context.get("gpme_sign_ask"):
            return evaluation_signing.ask_sign(self, "P")
        return evaluation_signing.sign(self, "P")

    def action_unlock(self, grid, reason):
        return evaluation_signing.action_unlock(self, grid, reason)

    def action_publish(self):
        return evaluation_signing.action_publish(self)

    def action_unpublish(self, reason):
        return evaluation_signing.action_unpublish(self, reason)

    def action_print_proposal(self):
        return evaluation_actions.action_print_proposal(self)

    # --- Session recap: one data builder for the PDF and the XLSX ---
    @api.model
    def _gpme_recap_columns(self):
        return evaluation_documents.recap_columns(self)

    def _gpme_recap_rows(self, formatted=False):
        return evaluation_documents.recap_rows(self, formatted)

    def action_print_grids(self):
        return evaluation_actions.action_print_grids(self)
