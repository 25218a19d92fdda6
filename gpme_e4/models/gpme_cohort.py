import base64

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services import job_channels
from ..services.job_rows import own_cursor
from .gpme_lock_mixin import check_values

CLASS_PRINT_CHANNEL = job_channels.CLASS_PRINT
# kind: (report, binary field, file name field, file name prefix)
CLASS_PRINTS = {
    "synoptic": (
        "gpme_e4.action_report_gpme_synoptic",
        "print_synoptic_pdf",
        "print_synoptic_name",
        "Synoptiques",
    ),
    "dossier": (
        "gpme_e4.action_report_gpme_dossier",
        "print_dossier_pdf",
        "print_dossier_name",
        "Dossiers E4",
    ),
}


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
        # Teachers only (an E4 administrator is one): never the students.
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("gpme_e4.group_teacher").ids),
            ("gpme_cohort_id", "=", False),
            ("share", "=", False),
        ],
    )
    student_ids = fields.One2many("res.users", "gpme_cohort_id", string="Students")
    student_count = fields.Integer(compute="_compute_student_count")
    active = fields.Boolean(default=True)
    # The last class prints, kept as attachments of teacher-only fields: a
    # student or a commission member may read the class, never the other
    # students' work; each print replaces the previous one.
    print_synoptic_pdf = fields.Binary(
        "Synoptics of the class",
        attachment=True,
        readonly=True,
        copy=False,
        groups="gpme_e4.group_teacher",
    )
    print_synoptic_name = fields.Char(
        "Synoptics file name",
        readonly=True,
        copy=False,
        groups="gpme_e4.group_teacher",
    )
    print_dossier_pdf = fields.Binary(
        "Dossiers of the class",
        attachment=True,
        readonly=True,
        copy=False,
        groups="gpme_e4.group_teacher",
    )
    print_dossier_name = fields.Char(
        "Dossiers file name",
        readonly=True,
        copy=False,
        groups="gpme_e4.group_teacher",
    )

    _sql_constraints = [
        (
            "name_session_uniq",
            "unique(name, exam_session_id)",
            "A class with this name already exists for this exam session.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gpme_check_vals(vals, create=True)
        cohorts = super().create(vals_list)
        cohorts.teacher_ids._gpme_make_teachers()
        self.env["gpme.dossier"]._gpme_create_for_students(cohorts.student_ids)
        return cohorts

    def _gpme_check_vals(self, vals, create=False):
        check_values(self, vals, create=create)
        if "name" in vals and not (vals["name"] or "").strip():
            raise ValidationError(_("Name of the class: give the class a name."))

    def write(self, vals):
        self._gpme_check_vals(vals)
        before = self.teacher_ids
        res = super().write(vals)
        if "teacher_ids" in vals:
            self.teacher_ids._gpme_make_teachers()
            (before - self.teacher_ids)._gpme_drop_teachers()
        if {"student_ids", "exam_session_id"} & set(vals):
            # Students added here, or the class moved to another session.
            self.env["gpme.dossier"]._gpme_create_for_students(self.sudo().student_ids)
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

    # --- printing the whole class, off the browser ------------------------
    def action_print_class_synoptics(self):
        return self._gpme_queue_class_print("synoptic")

    def action_print_class_dossiers(self):
        return self._gpme_queue_class_print("dossier")

    def _gpme_check_class_printer(self):
        """Only the teachers of the class and the administrators print it."""
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        for cohort in self.sudo():
            if self.env.user not in cohort.teacher_ids:
                raise AccessError(
                    _("Only the teachers of a class and the administrators print it.")
                )

    def _gpme_queue_class_print(self, kind):
        """35 dossiers take minutes to print: a job does it (one wkhtmltopdf
        run for the batch) and tells the teacher when the PDF is ready."""
        self._gpme_check_class_printer()
        Dossier = self.env["gpme.dossier"]
        for cohort in self:
            # Said at once: a job failing later would reach nobody.
            if not Dossier.search_count([("cohort_id", "=", cohort.id)]):
                raise UserError(_("The class « %s » has no dossier.", cohort.name))
            cohort.with_delay(
                channel=CLASS_PRINT_CHANNEL,
                max_retries=job_channels.JOBS[CLASS_PRINT_CHANNEL]["max_retries"],
                description=_("E4 class print: %s", cohort.display_name),
                identity_key=f"gpme_class_print_{cohort.id}_{kind}_{self.env.uid}",
            )._job_print_class(kind)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": _(
                    "The PDF is being prepared: you will be notified when it is "
                    "ready, on this class."
                ),
            },
        }

    def _job_print_class(self, kind):
        """Render every dossier of the class into one PDF with the teacher's
        rights, keep it on the class and notify the teacher."""
        self.ensure_one()
        self._gpme_check_class_printer()
        xmlid, field, name_field, prefix = CLASS_PRINTS[kind]
        dossiers = (
            self.env["gpme.dossier"]
            .search([("cohort_id", "=", self.id)])
            .sorted(lambda d: d.student_id.name or "")
        )
        if not dossiers:
            raise UserError(_("The class « %s » has no dossier.", self.name))
        report = self.env.ref(xmlid)
        # A job is there to print: a real PDF even in Odoo's test mode, in a
        # cursor of its own once the report assets are committed.
        try:
            pdf = report._gpme_render_pdf_committed(report.report_name, dossiers.ids)[0]
        except Exception as exc:
            self._gpme_notify_print_failed(kind, exc)
            raise
        filename = f"{prefix} - {self.name} - {fields.Date.context_today(self)}.pdf"
        self.sudo().write({field: base64.b64encode(pdf), name_field: filename})
        label = self._fields[field].get_description(self.env)["string"]
        # In the class's chatter, attached, and in the teacher's inbox.
        self.env["gpme.job.result"]._gpme_post(
            self,
            self.env.user,
            _("%(document)s: ready", document=label),
            _(
                "%(document)s (%(count)s dossiers) is ready: %(name)s.",
                document=label,
                count=len(dossiers),
                name=filename,
            ),
            (filename, pdf),
        )
        return _(
            "%(count)s dossiers printed: %(name)s", count=len(dossiers), name=filename
        )

    def _gpme_notify_print_failed(self, kind, exc):
        """Tell the teacher who asked why the class print failed, in the
        class's chatter and his inbox: kept in a transaction of its own, the
        job's own is rolled back."""
        field = CLASS_PRINTS[kind][1]
        label = self._fields[field].get_description(self.env)["string"]
        binary = self.env["ir.actions.report"]._gpme_wkhtmltopdf_label()
        with own_cursor(self.env) as env:
            cohort = env["gpme.cohort"].sudo().browse(self.id)
            env["gpme.job.result"]._gpme_post(
                cohort,
                env.user,
                _("%(document)s: failed", document=label),
                _(
                    "%(document)s of the class « %(name)s » could not be printed: "
                    "%(reason)s (%(binary)s). Ask for it again once the server "
                    "is repaired.",
                    document=label,
                    name=cohort.name,
                    reason=str(exc) or exc.__class__.__name__,
                    binary=binary,
                ),
                failed=True,
            )

    def name_get(self):
        return [(c.id, f"{c.name} ({c.session_year})") for c in self]
