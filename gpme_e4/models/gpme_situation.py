from odoo import _, api, fields, models
from odoo.exceptions import UserError

SITUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("validated", "Validated"),
    ("to_rework", "Returned"),
]


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
    code = fields.Char(
        string="Identification",
        readonly=True,
        copy=False,
        help="SP1, SP2…: numbered within the dossier.",
    )
    name = fields.Char(string="Title", required=True, tracking=True)
    is_grcf = fields.Boolean(string="GRCF", tracking=True)
    is_oral = fields.Boolean(string="Oral communication", tracking=True)
    is_written = fields.Boolean(string="Written communication", tracking=True)
    with_customer = fields.Boolean(
        string="Communication with a customer",
        help="The situation includes a communication with a customer "
        "(welcome, reminder, complaint, information or advice).",
    )
    modality_id = fields.Many2one("gpme.modality", ondelete="restrict", tracking=True)
    condition_id = fields.Many2one(
        "gpme.condition", string="Conditions", ondelete="restrict"
    )
    period_date = fields.Date(
        string="Period", help="Month and year the situation took place."
    )
    task_ids = fields.Many2many("gpme.task", string="Tasks")
    # activity_ids is mail.activity.mixin's: the référentiel's activities get
    # their own name.
    e4_activity_ids = fields.Many2many(
        "gpme.activity",
        compute="_compute_e4_activity_ids",
        store=True,
        string="Activities concerned",
    )
    state = fields.Selection(
        SITUATION_STATES, default="draft", required=True, tracking=True, index=True
    )
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

    @api.model_create_multi
    def create(self, vals_list):
        situations = super().create(vals_list)
        situations._check_dossier_unlocked()
        situations._assign_codes()
        return situations

    def write(self, vals):
        if set(vals) - self._gpme_lock_exempt_fields():
            self._check_dossier_unlocked()
        return super().write(vals)

    def unlink(self):
        self._check_dossier_unlocked()
        return super().unlink()

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
