from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..services import access

# What an E4 administrator (not a system administrator) may set on the
# accounts of the school's students, teachers and commission members: never
# groups, passwords, companies beyond the class's or technical fields.
E4_ADMIN_USER_FIELDS = frozenset(
    {
        "name",
        "login",
        "email",
        "lang",
        "tz",
        "active",
        "gpme_cohort_id",
        "gpme_teacher_cohort_ids",
    }
)
E4_ADMIN_CREATE_FIELDS = E4_ADMIN_USER_FIELDS | {"password"}


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

    # The class the user last chose on the class dashboard, shown again next
    # time (the dashboard checks it is still one of the user's classes).
    gpme_last_cohort_id = fields.Many2one(
        "gpme.cohort",
        string="Last class on the dashboard",
        ondelete="set null",
        groups="gpme_e4.group_teacher",
    )

    gpme_dossier_ids = fields.One2many(
        "gpme.dossier", "student_id", string="E4 dossiers"
    )

    @api.model
    def get_import_templates(self):
        """The students' import template, offered on the E4 Students list
        (its action says so in the context), not on Odoo's Users list."""
        templates = super().get_import_templates()
        if self.env.context.get("gpme_students_import"):
            templates = templates + [
                {
                    "label": _("Import template for students"),
                    "template": "/gpme_e4/static/xls/gpme_students_import.xlsx",
                }
            ]
        return templates

    # --- the E4 administrator's accounts -------------------------------------
    def _gpme_e4_admin_only(self):
        """True when the caller manages E4 but not Odoo's access rights."""
        return (
            not self.env.su
            and self.env.user.has_group("gpme_e4.group_admin")
            and not self.env.user.has_group("base.group_erp_manager")
        )

    def _gpme_check_e4_admin_vals(self, vals, allowed):
        refused = set(vals) - allowed
        if refused:
            raise AccessError(
                _(
                    "An E4 administrator sets the name, login, e-mail and class "
                    "of an account, never its rights or password: ask the "
                    "system administrator."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self._gpme_e4_admin_only():
            # Student accounts (one by one or by import): the E4 groups come
            # from the class, the companies are the class's.
            for vals in vals_list:
                self._gpme_check_e4_admin_vals(vals, E4_ADMIN_CREATE_FIELDS)
            users = super(ResUsers, self.sudo()).create(vals_list)
            users._gpme_restrict_companies()
            users = users.with_env(self.env)
        else:
            users = super().create(vals_list)
            # A student created or imported by a system administrator lands
            # in the class's company too, unless the companies were given.
            placed = self.browse(
                user.id
                for user, vals in zip(users, vals_list, strict=True)
                if user.gpme_cohort_id
                and "company_ids" not in vals
                and "company_id" not in vals
            )
            placed._gpme_restrict_companies()
        new_students = users.filtered("gpme_cohort_id")
        new_students._gpme_make_students()
        new_students._gpme_make_pgi_students()
        self.env["gpme.dossier"]._gpme_create_for_students(new_students)
        users.filtered("gpme_teacher_cohort_ids")._gpme_make_teachers()
        users._gpme_e4_members()._gpme_inbox()
        return users

    def _gpme_restrict_companies(self):
        """A new account of an E4 administrator sees the companies of the
        class (the training PGI) — of the classes taught for a teacher — or
        the administrator's own company."""
        for user in self.sudo():
            companies = (
                user.gpme_cohort_id.company_id
                or user.gpme_teacher_cohort_ids.company_id
                or self.env.user.company_id
            )
            # Written only when it changes: it clears the registry's caches.
            if user.company_ids != companies or user.company_id != companies[0]:
                user.write(
                    {
                        "company_ids": [(6, 0, companies.ids)],
                        "company_id": companies[0].id,
                    }
                )

    def write(self, vals):
        others = self - self.env.user
        if self._gpme_e4_admin_only() and not others:
            # Their own account: what any user may change in the preferences.
            self._gpme_check_e4_admin_vals(
                {key for key in vals if not key.startswith("context_")},
                E4_ADMIN_CREATE_FIELDS | set(self.SELF_WRITEABLE_FIELDS),
            )
        if others and self._gpme_e4_admin_only():
            self._gpme_check_e4_admin_vals(vals, E4_ADMIN_USER_FIELDS)
            if others.filtered(
                lambda u: (
                    u.has_group("base.group_erp_manager")
                    or u.has_group("gpme_e4.group_admin")
                )
            ):
                raise AccessError(
                    _(
                        "An E4 administrator does not change the accounts of "
                        "administrators."
                    )
                )
            res = super(ResUsers, self.sudo()).write(vals)
            if vals.get("gpme_cohort_id"):
                self._gpme_make_students()
                self.env["gpme.dossier"]._gpme_create_for_students(self)
            if vals.get("gpme_teacher_cohort_ids"):
                self._gpme_make_teachers()
            return res
        res = super().write(vals)
        if vals.get("gpme_cohort_id"):
            self._gpme_make_students()
            self.env["gpme.dossier"]._gpme_create_for_students(self)
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

    # The E4 groups are granted as superuser, only to the accounts an E4
    # administrator (or a system administrator) put in a class: the E4
    # administrator holds no access-rights group of Odoo's.
    def _gpme_check_grant(self):
        access.check_e4_admin(self.env, _("Only an administrator grants the E4 roles."))

    def _gpme_make_students(self):
        self._gpme_check_grant()
        group = self.env.ref("gpme_e4.group_student").sudo()
        missing = self.filtered(lambda u: group not in u.sudo().groups_id)
        if missing:
            group.write({"users": [(4, u.id) for u in missing]})
        self._gpme_set_home("gpme_e4.action_student_home")

    def _gpme_make_pgi_students(self):
        """A new student works in the training PGI: its groups come with the
        class (the only groups an E4 administrator grants a student)."""
        self._gpme_check_grant()
        group = self.env.ref("gpme_e4.group_student_pgi").sudo()
        missing = self.filtered(lambda u: group not in u.sudo().groups_id)
        if missing:
            group.write({"users": [(4, u.id) for u in missing]})

    def _gpme_make_commission(self):
        """A commission member (a teacher may sit in a commission)."""
        self._gpme_check_grant()
        group = self.env.ref("gpme_e4.group_commission").sudo()
        missing = self.filtered(lambda u: group not in u.sudo().groups_id)
        if missing:
            group.write({"users": [(4, u.id) for u in missing]})

    def _gpme_set_home(self, xmlid):
        """Land in the E4 app rather than in Discuss, unless a home is set."""
        action = self.env.ref(xmlid, raise_if_not_found=False)
        homeless = self.filtered(lambda u: not u.action_id)
        if action and homeless:
            homeless.sudo().write({"action_id": action.id})

    def _gpme_make_teachers(self):
        self._gpme_check_grant()
        group = self.env.ref("gpme_e4.group_teacher").sudo()
        missing = self.filtered(lambda u: group not in u.sudo().groups_id)
        if missing:
            group.write({"users": [(4, u.id) for u in missing]})
        self._gpme_set_home("gpme_e4.action_teacher_dashboard")

    def _gpme_drop_teachers(self):
        """Take the teacher group back from those who teach no class any more
        (archived classes count: they may be restored)."""
        self._gpme_check_grant()
        group = self.env.ref("gpme_e4.group_teacher").sudo()
        admin = self.env.ref("gpme_e4.group_admin")
        idle = (
            self.sudo()
            .with_context(active_test=False)
            .filtered(
                lambda u: not u.gpme_teacher_cohort_ids and admin not in u.groups_id
            )
        )
        if idle:
            group.write({"users": [(3, u.id) for u in idle]})

    @api.model
    def _gpme_drop_system_rights_of_e4_admins(self):
        """Upgrade of a database where the E4 administrator group implied
        « Access Rights »: take that group back from the E4 administrators
        who are not system administrators (it also let them log in as
        others by changing passwords)."""
        admin = self.env.ref("gpme_e4.group_admin").sudo()
        manager = self.env.ref("base.group_erp_manager").sudo()
        system = self.env.ref("base.group_system").sudo()
        if manager in admin.implied_ids:
            admin.write({"implied_ids": [(3, manager.id)]})
        users = admin.with_context(active_test=False).users.filtered(
            lambda u: system not in u.groups_id and manager in u.groups_id
        )
        if users:
            manager.write({"users": [(3, u.id) for u in users]})
        return True
