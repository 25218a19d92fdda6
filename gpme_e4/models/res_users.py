from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    gpme_cohort_id = fields.Many2one(
        "gpme.cohort",
        string="BTS GPME class",
        index=True,
        ondelete="set null",
        help="Current class of a student; setting it makes the user an E4 student.",
    )
    gpme_teacher_cohort_ids = fields.Many2many(
        "gpme.cohort",
        "gpme_cohort_teacher_rel",
        "user_id",
        "cohort_id",
        string="Classes taught",
    )

    gpme_dossier_ids = fields.One2many(
        "gpme.dossier", "student_id", string="E4 dossiers"
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users.filtered("gpme_cohort_id")._gpme_make_students()
        users._gpme_e4_members()._gpme_inbox()
        return users

    def write(self, vals):
        res = super().write(vals)
        if vals.get("gpme_cohort_id"):
            self._gpme_make_students()
        if vals.get("gpme_teacher_cohort_ids"):
            self._gpme_make_teachers()
        if any(
            key == "groups_id" or key.startswith(("in_group_", "sel_groups_"))
            for key in vals
        ):
            self._gpme_e4_members()._gpme_inbox()
        return res

    def _gpme_e4_members(self):
        e4_groups = self.env["res.groups"]._gpme_e4_groups()
        return self.filtered(lambda u: u.sudo().groups_id & e4_groups)

    def _gpme_inbox(self):
        """Notifications in Odoo's inbox for E4 users (internal users only:
        a portal user cannot have an inbox). Set when the role is given; a
        user may switch back to e-mail in their preferences."""
        users = self.sudo().filtered(
            lambda u: not u.share and u.notification_type == "email"
        )
        if users:
            users.write({"notification_type": "inbox"})

    # Groups are granted with the caller's own rights, never through sudo():
    # only someone allowed to manage access rights (E4 administrators) gets
    # here, classes and users being theirs to manage.
    def _gpme_make_students(self):
        group = self.env.ref("gpme_e4.group_student")
        missing = self.filtered(lambda u: group not in u.groups_id)
        if missing:
            group.write({"users": [(4, u.id) for u in missing]})
        self._gpme_set_home("gpme_e4.action_student_home")

    def _gpme_set_home(self, xmlid):
        """Land in the E4 app rather than in Discuss, unless a home is set."""
        action = self.env.ref(xmlid, raise_if_not_found=False)
        homeless = self.filtered(lambda u: not u.action_id)
        if action and homeless:
            homeless.sudo().write({"action_id": action.id})

    def _gpme_make_teachers(self):
        group = self.env.ref("gpme_e4.group_teacher")
        missing = self.filtered(lambda u: group not in u.groups_id)
        if missing:
            group.write({"users": [(4, u.id) for u in missing]})
        self._gpme_set_home("gpme_e4.action_teacher_dashboard")

    def _gpme_drop_teachers(self):
        """Take the teacher group back from those who teach no class any more
        (archived classes count: they may be restored)."""
        group = self.env.ref("gpme_e4.group_teacher")
        admin = self.env.ref("gpme_e4.group_admin")
        idle = self.with_context(active_test=False).filtered(
            lambda u: not u.gpme_teacher_cohort_ids and admin not in u.groups_id
        )
        if idle:
            group.write({"users": [(3, u.id) for u in idle]})
