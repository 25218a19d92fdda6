from odoo import api, fields, models


class GpmeCohort(models.Model):
    _name = "gpme.cohort"
    _inherit = ["mail.thread"]
    _description = "BTS GPME class"
    _order = "session_year desc, name"

    name = fields.Char(required=True, tracking=True)
    exam_session_id = fields.Many2one(
        "gpme.exam.session",
        string="Exam session",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    session_year = fields.Integer(
        related="exam_session_id.year", store=True, string="Session year"
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
            "unique(name, exam_session_id)",
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

    def name_get(self):
        return [(c.id, f"{c.name} ({c.session_year})") for c in self]
