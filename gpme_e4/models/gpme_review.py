from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .gpme_lock_mixin import ALL

# The six activities of bloc 1, one comment field each.
ACTIVITY_FIELDS = [
    ("1.1", "comment_1_1"),
    ("1.2", "comment_1_2"),
    ("1.3", "comment_1_3"),
    ("1.4", "comment_1_4"),
    ("1.5", "comment_1_5"),
    ("1.6", "comment_1_6"),
]


class GpmeReview(models.Model):
    """Bilan intermédiaire: a teacher's progress review of a student, activity
    by activity. It feeds situation A and is kept for the commission."""

    _name = "gpme.review"
    _inherit = ["gpme.lock.mixin", "mail.thread"]
    _description = "E4 progress review (bilan intermédiaire)"
    # Teachers of the class write bilans until the dossier is handed in; the
    # commission then reads them as they were. A bilan line (per activity)
    # follows its bilan: ``_inherit = ["gpme.lock.mixin"]`` with
    # ``_gpme_lock_parent = "review_id"``.
    _gpme_lock_rules = {
        "open": {"admin": ALL, "teacher": ALL},
        "locked": {"admin": ALL},
    }
    _gpme_lock_protected = frozenset({"student_id", "cohort_id"})
    _order = "date desc, id desc"
    _rec_name = "display_title"

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, index=True, ondelete="cascade", tracking=True
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    teacher_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    comment_1_1 = fields.Text(string="Activity 1.1", tracking=True)
    comment_1_2 = fields.Text(string="Activity 1.2", tracking=True)
    comment_1_3 = fields.Text(string="Activity 1.3", tracking=True)
    comment_1_4 = fields.Text(string="Activity 1.4", tracking=True)
    comment_1_5 = fields.Text(string="Activity 1.5", tracking=True)
    comment_1_6 = fields.Text(string="Activity 1.6", tracking=True)
    comment = fields.Text(string="Overall comment", tracking=True)
    display_title = fields.Char(compute="_compute_display_title", string="Review")

    def _gpme_lock_state(self):
        return {
            r.id: "locked" if r.dossier_id.is_locked else "open" for r in self.sudo()
        }

    def _gpme_lock_roles(self):
        dossiers = self.sudo().dossier_id.with_env(self.env)
        roles = dossiers._gpme_roles_map()
        return {r.id: roles[r.sudo().dossier_id.id] for r in self}

    def _gpme_lock_move_fields(self):
        return {"dossier_id"}

    def _gpme_lock_state_label(self, state):
        return _("dossier submitted") if state == "locked" else _("draft dossier")

    @api.depends("date", "student_id.name")
    def _compute_display_title(self):
        for review in self:
            review.display_title = _(
                "Progress review of %(student)s on %(date)s",
                student=review.student_id.name or "",
                date=review.date and fields.Date.to_string(review.date) or "",
            )

    @api.constrains("date", "teacher_id", "dossier_id")
    def _check_review(self):
        today = fields.Date.context_today(self)
        for review in self:
            if review.date and review.date > today:
                raise ValidationError(
                    _(
                        "Date: the progress review is dated %(date)s, in the "
                        "future; a review records what has been observed.",
                        date=review.date,
                    )
                )
            teachers = review.sudo().cohort_id.teacher_ids
            if review.teacher_id not in teachers:
                raise ValidationError(
                    _(
                        "Teacher: the author of a progress review must teach the "
                        "student's class."
                    )
                )

    def _activity_comments(self):
        """[(activity record, comment)] in référentiel order, for the report."""
        self.ensure_one()
        activities = {a.code: a for a in self.env["gpme.activity"].search([])}
        return [
            (activities.get(code), self[field])
            for code, field in ACTIVITY_FIELDS
            if code in activities
        ]

    def action_print_recap(self):
        return self.env.ref("gpme_e4.action_report_gpme_review_recap").report_action(
            self.dossier_id
        )
