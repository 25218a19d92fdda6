from datetime import datetime, time

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services import evaluation as rules

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
# administrator writes all. Lines and fiches de travail check their own.
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
    },
    "teacher": {"comment_a", "tutor_name", "tutor_input", "line_ids", "line_a_ids"},
}
# Fields frozen with each grid once it is signed.
GRID_FIELDS = {"A": {"comment_a", "tutor_name", "tutor_input"}, "B": {"comment_b"}}


class GpmeEvaluation(models.Model):
    """A candidate's evaluation by the commission: conformity, grid A (/14,
    from the bilans), situation B's fiches de travail and grid B (/6), the
    mark proposal /20."""

    _name = "gpme.evaluation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "E4 evaluation"
    _order = "session_year desc, student_id"
    _rec_name = "student_id"

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
    comment_a = fields.Text(string="Overall comment (A)")
    comment_b = fields.Text(string="Overall comment (B)")
    tutor_name = fields.Char(
        string="Internship tutor", help="The tutor may help fill grid A."
    )
    tutor_input = fields.Text(string="Tutor's input")
    total_a = fields.Float(compute="_compute_totals", store=True, digits=(4, 2))
    total_b = fields.Float(compute="_compute_totals", store=True, digits=(4, 2))
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
    # --- Situation B ------------------------------------------------------
    work_sheet_ids = fields.One2many(
        "gpme.work.sheet", "evaluation_id", string="Fiches de travail"
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

    @api.depends("line_ids.points", "line_ids.grid")
    def _compute_totals(self):
        for evaluation in self:
            total_a = rules.grid_total(
                evaluation.line_ids.filtered(lambda x: x.grid == "A").mapped("points")
            )
            total_b = rules.grid_total(
                evaluation.line_ids.filtered(lambda x: x.grid == "B").mapped("points")
            )
            evaluation.total_a = total_a
            evaluation.total_b = total_b
            evaluation.mark = rules.proposed_mark(total_a, total_b)

    @api.depends("conformity", "mark")
    def _compute_mark_display(self):
        for evaluation in self:
            status = rules.mark_status(evaluation.conformity)
            evaluation.mark_status = status
            if status == "nv":
                evaluation.mark_display = _("NV")
            elif status == "held":
                evaluation.mark_display = _("Held back (%.2f / 20)", evaluation.mark)
            else:
                evaluation.mark_display = "%.2f / 20" % evaluation.mark

    @api.depends("signature_ids.grid")
    def _compute_signed(self):
        for evaluation in self:
            grids = set(evaluation.signature_ids.mapped("grid"))
            evaluation.signed_a = "A" in grids
            evaluation.signed_b = "B" in grids

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
        user = user or self.env.user
        roles = self.dossier_id._gpme_roles(user)
        dossier = self.sudo().dossier_id
        if (
            dossier.state == "draft"
            and dossier.student_id != user
            and user.has_group("gpme_e4.group_commission")
            and user in dossier.commission_user_ids
        ):
            roles = roles | {"commission"}
        return roles

    def _gpme_check_open(self, grid=None):
        """Refuse any evaluation work on an archived, NV or never handed-in
        dossier, and on a signed grid."""
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
            signed = {"A": evaluation.signed_a, "B": evaluation.signed_b}
            if grid and signed[grid]:
                raise UserError(
                    _(
                        "Grid %(grid)s of %(student)s is signed: it is read-only. "
                        "Only an administrator can unlock it, giving a reason.",
                        grid=grid,
                        student=evaluation.student_id.name,
                    )
                )

    def _gpme_check_role(self, allowed, message=None):
        if self.env.su:
            return
        for evaluation in self:
            roles = evaluation._gpme_eval_roles()
            if "admin" not in roles and not roles & set(allowed):
                raise AccessError(
                    message
                    or _("You are not a member of the commission of this candidate.")
                )

    def _gpme_chatter_frozen(self):
        """A signed or published evaluation keeps its messages and files."""
        return {
            e.id: bool(e.signed_a or e.signed_b or e.published) for e in self.sudo()
        }

    def write(self, vals):
        if not self.env.su:
            for evaluation in self:
                roles = evaluation._gpme_eval_roles()
                if "admin" in roles:
                    allowed = set(self._fields)
                else:
                    allowed = set().union(*(EDITABLE.get(r, set()) for r in roles))
                refused = set(vals) - allowed
                if refused:
                    raise AccessError(
                        _("You cannot change %s of this evaluation.")
                        % ", ".join(sorted(self._fields[f].string for f in refused))
                    )
                if set(vals) - {"line_ids", "line_a_ids", "line_b_ids"}:
                    evaluation._gpme_check_open()
                for grid, names in GRID_FIELDS.items():
                    if set(vals) & names:
                        evaluation._gpme_check_open(grid)
        return super().write(vals)

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
        criteria = self.env["gpme.grid.criterion"].sudo().search([])
        Line = self.env["gpme.evaluation.line"].sudo()
        vals = []
        for evaluation in self:
            levels = evaluation._gpme_bilan_levels()
            for criterion in criteria:
                level = levels.get(criterion.id)
                vals.append(
                    {
                        "evaluation_id": evaluation.id,
                        "criterion_id": criterion.id,
                        "sequence": criterion.sequence,
                        "bilan_level_id": level and level.id,
                        "level_id": level and level.id,
                    }
                )
        Line.create(vals)

    def _gpme_bilan_levels(self):
        """{criterion id: mastery level} the bilans recorded, the latest
        positioning winning (grid A is prefilled from them)."""
        self.ensure_one()
        positions = (
            self.env["gpme.review.position"]
            .sudo()
            .search([("line_id.dossier_id", "=", self.dossier_id.id)])
            .sorted(lambda p: (p.line_id.date, p.id), reverse=True)
        )
        levels = {}
        for position in positions:
            levels.setdefault(position.criterion_id.id, position.level_id)
        return levels

    def action_prefill_from_bilans(self):
        """Take the bilans' latest positioning again (lines not signed)."""
        for evaluation in self:
            evaluation._gpme_check_open("A")
            levels = evaluation._gpme_bilan_levels()
            for line in evaluation.line_ids.filtered(lambda x: x.grid == "A"):
                level = levels.get(line.criterion_id.id)
                if level:
                    line.sudo().bilan_level_id = level
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

    def action_open(self):
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
        for evaluation in self:
            if evaluation.is_locked:
                evaluation._gpme_check_open()
            if evaluation.signed_b and conformity == "non_conform":
                raise UserError(
                    _(
                        "Grid B of %s is signed: an administrator must unlock it "
                        "before the dossier is declared non-conform.",
                        evaluation.student_id.name,
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
            evaluation.message_post(body=_("Conformity confirmed by the commission."))
        return True

    def action_doubt(self, note):
        """In doubt the interrogation goes on; the mark waits for the académie."""
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
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gpme.conformity.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_id": self.id},
        }

    def action_open_internships(self):
        """The attestations, where the commission ticks signed and stamped."""
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

    def action_draw(self, rng=None):
        """Draw at random, among the eligible situations of the synoptic, the
        fiches the commission has not chosen yet (GRCF first, then oral;
        ponctuelle: GRCF, oral, written)."""
        self._gpme_check_role({"commission"})
        Sheet = self.env["gpme.work.sheet"]
        for evaluation in self:
            evaluation._gpme_check_open("B")
            if evaluation.conformity == "pending":
                raise UserError(
                    _(
                        "Check the conformity of the dossier of %s before situation B.",
                        evaluation.student_id.name,
                    )
                )
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
        self._gpme_check_open("B")
        self.sudo().write({"timer_start": fields.Datetime.now()})
        return True

    def action_print_work_sheets(self):
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
        self.ensure_one()
        roles = self._gpme_eval_roles()
        if not (roles & rules.GRID_ROLES[grid] or (self.env.su or "admin" in roles)):
            raise AccessError(
                _("Only the evaluators of this candidate sign grid %s.", grid)
            )
        self._gpme_check_open()
        # The critères de performance of the activities (0 points) are
        # positioned when observed; every marked criterion must be placed.
        lines = self.line_ids.filtered(lambda x: x.grid == grid and x.max_points > 0)
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
            details={"grid": grid, "total_a": self.total_a, "total_b": self.total_b},
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

    def action_unlock(self, grid, reason):
        """Administrator only: removes the grid's signatures, the reason is
        logged in the chatter."""
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("Only an administrator can unlock a signed grid."))
        if not (reason or "").strip():
            raise UserError(_("Reason: say why the signed grid is unlocked."))
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
        if not self.env.su and not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("Only an administrator publishes the results."))
        for evaluation in self:
            ready = evaluation.conformity == "non_conform" or (
                evaluation.conformity == "conform"
                and evaluation.signed_a
                and evaluation.signed_b
            )
            if not ready:
                raise UserError(
                    _(
                        "The evaluation of %s cannot be published yet: the "
                        "conformity must be settled and both grids signed.",
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
        return True

    def action_print_proposal(self):
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
            ("total_a", _("Situation A /14")),
            ("total_b", _("Situation B /6")),
            ("mark", _("Proposed mark /20")),
        ]

    def _gpme_recap_rows(self):
        """One plain row per candidate, NV instead of a mark, held-back marks
        shown as such (read with the reader's rights)."""
        conformity = dict(self._fields["conformity"]._description_selection(self.env))
        rows = []
        for evaluation in self.sorted(lambda e: (e.cohort_id.name, e.student_id.name)):
            nv = evaluation.mark_status == "nv"
            rows.append(
                {
                    "session": str(evaluation.session_year or ""),
                    "cohort": evaluation.cohort_id.name or "",
                    "candidate": evaluation.student_id.name or "",
                    "number": evaluation.candidate_number or "",
                    "conformity": conformity[evaluation.conformity],
                    "total_a": "" if nv else evaluation.total_a,
                    "total_b": "" if nv else evaluation.total_b,
                    "mark": evaluation.mark_display,
                }
            )
        return rows

    def action_print_grids(self):
        return self.env.ref("gpme_e4.action_report_gpme_grids").report_action(self)
