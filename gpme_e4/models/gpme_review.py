from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date

from ..services import evaluation as rules
from ..services import french
from .gpme_internship import TRAINING_YEARS
from .gpme_lock_mixin import ALL, field_label


class GpmeReview(models.Model):
    """Bilan intermédiaire: the teaching team's review of a student, one line
    per activity of the référentiel. The bilans of the second year are the
    trace of situation A (/14) and are kept for the commission."""

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
    # A bilan is in the name of the teacher who writes it.
    _gpme_lock_protected = frozenset({"student_id", "cohort_id", "teacher_id"})
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
    training_year = fields.Selection(
        TRAINING_YEARS,
        string="Year of training",
        compute="_compute_training_year",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        tracking=True,
        help="Year of the training the bilan belongs to, from its date and the "
        "class's session (the second year starts on 1 September before the "
        "session). Grid A is proposed from the bilans of the second year only.",
    )
    teacher_id = fields.Many2one(
        "res.users",
        string="Written by",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    teacher_ids = fields.Many2many(
        "res.users",
        "gpme_review_teacher_rel",
        "review_id",
        "user_id",
        string="Teachers present",
        help="The writer of the bilan is present unless told otherwise.",
    )
    line_ids = fields.One2many(
        "gpme.review.line", "review_id", string="Activities", copy=True
    )
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

    @api.model_create_multi
    def create(self, vals_list):
        author_forced = not self.env.su and not self.env.user.has_group(
            "gpme_e4.group_admin"
        )
        for vals in vals_list:
            if author_forced:
                vals["teacher_id"] = self.env.uid
            if not vals.get("teacher_ids"):
                writer = vals.get("teacher_id") or self.env.uid
                vals["teacher_ids"] = [Command.set([writer])]
        reviews = super().create(vals_list)
        # The student reads her bilan's arrival in her inbox.
        for review in reviews.sudo():
            review.message_post(
                body=_(
                    "A progress review has been recorded by %s: open it to read "
                    "your positioning.",
                    review.teacher_id.name,
                ),
                partner_ids=review.student_id.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return reviews

    @api.depends("date", "dossier_id.cohort_id.session_year")
    def _compute_training_year(self):
        for review in self:
            review.training_year = rules.training_year(
                review.date, review.sudo().dossier_id.cohort_id.session_year
            )

    @api.depends("date", "student_id.name")
    @api.depends_context("lang")
    def _compute_display_title(self):
        lang = self.env.lang
        for review in self:
            # The date as the reader writes it (04/12/2026), never ISO; a
            # new bilan has neither student nor date yet.
            date = review.date and format_date(self.env, review.date) or ""
            student = review.student_id.name
            if student and date:
                title = _(
                    "Progress review of %(student)s on %(date)s",
                    student=student,
                    date=date,
                )
            elif student:
                title = _("Progress review of %s", student)
            elif date:
                title = _("Progress review on %s", date)
            else:
                title = _("New progress review")
            review.display_title = french.elide(title, lang)

    @api.constrains("date", "teacher_id", "teacher_ids", "dossier_id")
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
                        "« %(field)s »: the author of a progress review must "
                        "teach the student's class.",
                        field=field_label(review, review._fields["teacher_id"]),
                    )
                )
            # The caller chose these people: naming them leaks nothing.
            for teacher in review.teacher_ids - teachers:
                raise ValidationError(
                    _(
                        "Teachers present: %(teacher)s does not teach the "
                        "student's class.",
                        teacher=teacher.sudo().name,
                    )
                )

    def action_print_recap(self):
        return self.env.ref("gpme_e4.action_report_gpme_review_recap").report_action(
            self.dossier_id
        )
