from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .gpme_lock_mixin import check_values

# An exam session more than this many years ahead is a typing error, not a plan.
MAX_YEARS_AHEAD = 3
FIRST_SESSION = 2015


class GpmeExamSession(models.Model):
    """An exam session of E4: its deadlines, its commission and its candidates
    (the dossiers of the classes sitting it)."""

    _name = "gpme.exam.session"
    _inherit = ["mail.thread"]
    _description = "E4 exam session"
    _order = "year desc, academy"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_values(self, vals)
        return super().write(vals)

    name = fields.Char(compute="_compute_name", store=True)
    year = fields.Integer(
        required=True, tracking=True, help="Year of the exam session, e.g. 2027."
    )
    academy = fields.Char(string="Académie", tracking=True)
    dossier_deadline = fields.Date(
        string="Dossier hand-in deadline",
        tracking=True,
        help="Last day on which a candidate may hand in the dossier.",
    )
    situation_b_start = fields.Date(string="Situation B from", tracking=True)
    situation_b_end = fields.Date(string="Situation B to", tracking=True)
    exam_centre = fields.Char(
        string="Exam centre",
        tracking=True,
        help="Where situation B takes place, printed on the fiches de travail "
        "and grid B.",
    )
    member_ids = fields.One2many(
        "gpme.exam.session.member", "session_id", string="Commission members"
    )
    cohort_ids = fields.One2many("gpme.cohort", "exam_session_id", string="Classes")
    dossier_ids = fields.One2many(
        "gpme.dossier", "exam_session_id", string="Candidates", readonly=True
    )
    candidate_count = fields.Integer(compute="_compute_candidate_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "year_academy_uniq",
            "unique(year, academy)",
            "An exam session already exists for this year and académie.",
        )
    ]

    @api.depends("year", "academy")
    def _compute_name(self):
        # Stored in the exam's own (French) wording, as the dossier's name.
        for session in self:
            name = f"Session {session.year or ''}"
            session.name = f"{name} – {session.academy}" if session.academy else name

    def _compute_candidate_count(self):
        data = self.env["gpme.dossier"].read_group(
            [("exam_session_id", "in", self.ids)],
            ["exam_session_id"],
            ["exam_session_id"],
        )
        counts = {d["exam_session_id"][0]: d["exam_session_id_count"] for d in data}
        for session in self:
            session.candidate_count = counts.get(session.id, 0)

    @api.constrains("year", "situation_b_start", "situation_b_end")
    def _check_dates(self):
        last = fields.Date.context_today(self).year + MAX_YEARS_AHEAD
        for session in self:
            if not FIRST_SESSION <= session.year <= last:
                raise ValidationError(
                    _(
                        "The exam session year %(year)s is not plausible: it "
                        "must be between %(first)s and %(last)s.",
                        year=session.year,
                        first=FIRST_SESSION,
                        last=last,
                    )
                )
            start, end = session.situation_b_start, session.situation_b_end
            if start and end and start > end:
                raise ValidationError(
                    _(
                        "Situation B of the session %(name)s cannot end "
                        "(%(end)s) before it starts (%(start)s).",
                        name=session.name,
                        start=start,
                        end=end,
                    )
                )
