from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, release
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import fiche_checks

SITUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("validated", "Validated"),
    ("to_rework", "Returned"),
]
# States in which the student may still edit the fiche.
EDITABLE_STATES = ("draft", "to_rework")
# Fields only the review workflow sets (through its buttons, never by a write
# coming from the student).
WORKFLOW_FIELDS = {
    "state",
    "review_comment",
    "submitted_date",
    "reviewed_by_id",
    "reviewed_date",
}


class GpmeSituation(models.Model):
    _name = "gpme.situation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "E4 professional situation"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one(
        "gpme.dossier",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env["gpme.dossier"]._get_or_create_current(),
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
    with_customer = fields.Boolean(
        string="Communication with a customer",
        tracking=True,
        help="The situation includes a communication with a customer "
        "(welcome, reminder, complaint, information or advice).",
    )
    # --- Recto, in the order of the official fiche ----------------------------
    # 1. Identification
    code = fields.Char(
        string="Identification",
        readonly=True,
        copy=False,
        help="SP1, SP2…: numbered within the dossier.",
    )
    # 2. Modalité de réalisation
    modality_id = fields.Many2one("gpme.modality", ondelete="restrict", tracking=True)
    # 3. Période de réalisation
    period_date = fields.Date(
        string="Period",
        tracking=True,
        help="Month and year the situation took place.",
    )
    # 4. Conditions de réalisation
    condition_id = fields.Many2one(
        "gpme.condition", string="Conditions", ondelete="restrict", tracking=True
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
    name = fields.Char(string="Title", required=True, tracking=True)
    # 7. Lieu, période et durée de réalisation
    place = fields.Char(tracking=True, help="Where the situation took place.")
    date_start = fields.Date(string="Start date", tracking=True)
    date_end = fields.Date(string="End date", tracking=True)
    duration = fields.Char(tracking=True, help="For instance: 3 hours, 2 days.")
    # 8. Cadre
    frame = fields.Text(string="Frame of the situation", tracking=True)
    # 9. Problème soulevé et enjeux
    problem_management = fields.Text(string="Management issue", tracking=True)
    problem_oral = fields.Text(string="Oral communication issue", tracking=True)
    problem_written = fields.Text(string="Written communication issue", tracking=True)
    # 10-13
    actors = fields.Text(
        string="Actors and relations between the actors", tracking=True
    )
    objective = fields.Text(tracking=True)
    constraints = fields.Text(
        tracking=True,
        help="Conditions of realisation: constraints, including the process and "
        "the accounting organisation, digital environment.",
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
            fiche_checks.ORAL_WITHOUT_TOOL: _(
                "Fiche {fiche}: an oral communication fiche should mobilise an "
                "oral communication tool (interpersonal, group, phone, face to "
                "face)."
            ),
        }

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

    # --- ORM -----------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_privileged():
            for vals in vals_list:
                if vals.get("state", "draft") != "draft" or (
                    WORKFLOW_FIELDS - {"state"}
                ) & set(vals):
                    raise UserError(
                        _(
                            "A new fiche starts as a draft: its review fields are "
                            "set by the teachers."
                        )
                    )
        situations = super().create(vals_list)
        situations._check_dossier_unlocked()
        situations._assign_codes()
        return situations

    def write(self, vals):
        if set(vals) - self._gpme_lock_exempt_fields():
            self._check_dossier_unlocked()
            self._check_fiche_editable(vals)
        if "state" not in vals and all(s.state == "draft" for s in self):
            # While drafting, changes are the student's own business; once the
            # fiche is handed in, every change is tracked for the teachers.
            self = self.with_context(mail_notrack=True)
        return super().write(vals)

    def unlink(self):
        self._check_dossier_unlocked()
        if not self._is_privileged():
            handed_in = self.filtered(lambda s: s.state not in EDITABLE_STATES)
            if handed_in:
                raise UserError(
                    _(
                        "The fiche « %s » has been handed in: it can no longer be "
                        "deleted.",
                        handed_in[0].display_name,
                    )
                )
        # Remove the evidence through the ORM (its snapshot PDFs are
        # attachments); the PGI records themselves are never touched.
        self.sudo().evidence_ids.unlink()
        return super().unlink()

    def action_refresh_evidence_snapshots(self):
        self.evidence_ids.action_refresh_snapshot()
        return True

    @api.model
    def _gpme_lock_exempt_fields(self):
        """Fields that may change while the dossier is locked (chatter)."""
        return {"message_main_attachment_id", "activity_ids", "message_follower_ids"}

    def _check_dossier_unlocked(self):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        locked = self.dossier_id.filtered("is_locked")
        if locked:
            raise UserError(
                _(
                    "The dossier « %s » has been submitted: its situations can no "
                    "longer be changed.",
                    locked[0].name,
                )
            )

    def _is_privileged(self):
        """Superuser, E4 administrators and teachers bypass the student locks
        (teachers are still limited to their classes by the record rules)."""
        return self.env.su or self.env.user.has_group("gpme_e4.group_teacher")

    def _check_fiche_editable(self, vals=None):
        """A student edits their fiche only while it is a draft or returned."""
        if self.env.su:
            return
        if (
            vals
            and WORKFLOW_FIELDS & set(vals)
            and not self.env.user.has_group("gpme_e4.group_admin")
        ):
            raise UserError(
                _(
                    "The review status of a fiche changes only through its "
                    "buttons (submit, validate, return, reopen)."
                )
            )
        if self._is_privileged():
            return
        frozen = self.filtered(lambda s: s.state not in EDITABLE_STATES)
        if frozen:
            situation = frozen[0]
            raise UserError(
                _(
                    "The fiche « %(fiche)s » is %(state)s: it can no longer be "
                    "changed. Ask a teacher to reopen it.",
                    fiche=situation.display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        situation.state
                    ].lower(),
                )
            )

    def _assign_codes(self):
        """Number SP1, SP2… per dossier, continuing after the highest code."""
        for dossier in self.dossier_id:
            taken = dossier.situation_ids.filtered("code").mapped("code")
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
        reviews a fiche, and never their own."""
        user = self.env.user
        is_admin = user.has_group("gpme_e4.group_admin")
        for situation in self:
            if situation.student_id == user and not self.env.su:
                raise AccessError(
                    _(
                        "You cannot review your own fiche « %s ».",
                        situation.display_name,
                    )
                )
            if is_admin or self.env.su:
                continue
            if not user.has_group("gpme_e4.group_teacher") or (
                user not in situation.sudo().cohort_id.teacher_ids
            ):
                raise AccessError(
                    _(
                        "Only the teachers of the class « %(cohort)s » can review "
                        "the fiche « %(fiche)s ».",
                        cohort=situation.sudo().cohort_id.display_name,
                        fiche=situation.display_name,
                    )
                )

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

    def _review_activity_type(self):
        return self.env.ref("gpme_e4.mail_activity_type_fiche_review")

    def _close_review_activities(self, feedback):
        activities = self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == self._review_activity_type()
        )
        if activities:
            activities.action_feedback(feedback=feedback)

    def action_submit(self):
        """The student hands the fiche in: the class's teachers get a to-do."""
        for situation in self:
            if not self.env.su and situation.student_id != self.env.user:
                raise AccessError(
                    _(
                        "Only the student who wrote the fiche « %s » can hand it in.",
                        situation.display_name,
                    )
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
        # One to-do per teacher of the class, created in a single batch.
        activity_type = self._review_activity_type()
        model_id = self.env["ir.model"]._get_id(self._name)
        deadline = fields.Date.context_today(self) + relativedelta(
            **{activity_type.delay_unit or "days": activity_type.delay_count}
        )
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": situation.id,
                    "activity_type_id": activity_type.id,
                    "summary": situation.with_context(
                        lang=teacher.lang
                    )._review_summary(),
                    "user_id": teacher.id,
                    "date_deadline": deadline,
                }
                for situation in self.sudo()
                for teacher in situation.cohort_id.teacher_ids
            ]
        )
        return True

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
        return self._notify_student(_("The fiche has been validated."))

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
        return self._notify_student(_("Fiche returned for rework: %s", comment))

    def action_reopen(self, reason):
        """Reopen a validated fiche; the reason stays in the chatter."""
        self._check_reviewer()
        self._check_state(("validated",), _("reopened"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for reopening the fiche."))
        self.sudo().write({"state": "to_rework", "review_comment": reason})
        return self._notify_student(
            _("Fiche reopened by the teacher. Reason: %s", reason)
        )

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
        discriminants = ("state", "move_type", "payment_type", "picking_type_code")
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            records = self.env[model].sudo().browse(list(ids)).exists()
            names = [f for f in discriminants if f in records._fields]
            rows = records.read(names) if names else [{"id": r.id} for r in records]
            for row in rows:
                values[(model, row["id"])] = row
        result = {}
        for ev in evidence:
            pair = fiche_checks.classify_evidence(
                ev.res_model, values.get((ev.res_model, ev.res_id))
            )
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
