from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# An exam session more than this many years ahead is a typing error, not a plan.
MAX_YEARS_AHEAD = 3
FIRST_SESSION = 2015


class GpmeCohort(models.Model):
    _name = "gpme.cohort"
    _inherit = ["mail.thread"]
    _description = "BTS GPME class"
    _order = "session_year desc, name"

    name = fields.Char(required=True, tracking=True)
    session_year = fields.Integer(
        string="Exam session",
        required=True,
        tracking=True,
        help="Year of the exam session of this class, e.g. 2027.",
    )
    # A year printed as text: the French number format would show "2 027".
    session_name = fields.Char(string="Session", compute="_compute_session_name")
    school = fields.Char(tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    teacher_ids = fields.Many2many(
        "res.users",
        "gpme_cohort_teacher_rel",
        "cohort_id",
        "user_id",
        string="Teachers",
    )
    student_ids = fields.One2many("res.users", "gpme_cohort_id", string="Students")
    student_count = fields.Integer(compute="_compute_student_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_session_uniq",
            "unique(name, session_year)",
            "A class with this name already exists for this exam session.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        cohorts = super().create(vals_list)
        cohorts.teacher_ids._gpme_make_teachers()
        return cohorts

    def write(self, vals):
        before = self.teacher_ids
        res = super().write(vals)
        if "teacher_ids" in vals:
            self.teacher_ids._gpme_make_teachers()
            (before - self.teacher_ids)._gpme_drop_teachers()
        return res

    def unlink(self):
        teachers = self.teacher_ids
        res = super().unlink()
        teachers._gpme_drop_teachers()
        return res

    @api.depends("session_year")
    def _compute_session_name(self):
        for cohort in self:
            cohort.session_name = str(cohort.session_year or "")

    @api.depends("student_ids")
    def _compute_student_count(self):
        data = self.env["res.users"].read_group(
            [("gpme_cohort_id", "in", self.ids)], ["gpme_cohort_id"], ["gpme_cohort_id"]
        )
        counts = {d["gpme_cohort_id"][0]: d["gpme_cohort_id_count"] for d in data}
        for cohort in self:
            cohort.student_count = counts.get(cohort.id, 0)

    @api.constrains("session_year")
    def _check_session_year(self):
        last = fields.Date.context_today(self).year + MAX_YEARS_AHEAD
        for cohort in self:
            if not cohort.session_year:
                raise ValidationError(
                    _("The class « %s » needs an exam session year.", cohort.name)
                )
            if not FIRST_SESSION <= cohort.session_year <= last:
                raise ValidationError(
                    _(
                        "The exam session year %(year)s of the class « %(name)s » "
                        "is not plausible: it must be between %(first)s and %(last)s.",
                        year=cohort.session_year,
                        name=cohort.name,
                        first=FIRST_SESSION,
                        last=last,
                    )
                )

    def name_get(self):
        return [(c.id, f"{c.name} ({c.session_year})") for c in self]
