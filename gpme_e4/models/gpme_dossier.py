from odoo import _, api, fields, models

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
    commission_user_ids = fields.Many2many(
        "res.users",
        "gpme_dossier_commission_rel",
        "dossier_id",
        "user_id",
        string="Commission members",
        help="Members of the exam commission who examine this dossier.",
    )

    @api.depends("student_id.name", "session_year")
    def _compute_name(self):
        for dossier in self:
            dossier.name = _(
                "E4 dossier – %(student)s – session %(year)s",
                student=dossier.student_id.name or "",
                year=dossier.session_year or "",
            )

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
