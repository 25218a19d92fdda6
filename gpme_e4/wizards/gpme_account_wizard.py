from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import email_normalize

from ..services import access

ROLES = [
    ("student", "Student"),
    ("teacher", "Teacher"),
    ("commission", "Commission member"),
]


class GpmeAccountWizard(models.TransientModel):
    """« Créer des comptes »: the E4 administrator opens the accounts of a
    class (students, teachers) or of commission members. It grants only the
    E4 role, the training PGI groups of a student and the class's company:
    never a right of Odoo's own (no groups field reaches res.users)."""

    _name = "gpme.account.wizard"
    _description = "Create E4 accounts"

    role = fields.Selection(ROLES, required=True, default="student")
    cohort_id = fields.Many2one(
        "gpme.cohort",
        string="Class",
        help="Students join this class and its company; teachers teach it; "
        "commission members join the commission of its exam session.",
    )
    line_ids = fields.One2many(
        "gpme.account.wizard.line", "wizard_id", string="Accounts"
    )

    @api.model
    def _gpme_check_caller(self):
        access.check_e4_admin(self.env, _("Only an E4 administrator creates accounts."))

    @api.model_create_multi
    def create(self, vals_list):
        self._gpme_check_caller()
        for vals in vals_list:
            self._gpme_check_keys(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._gpme_check_caller()
        self._gpme_check_keys(vals)
        return super().write(vals)

    @api.model
    def _gpme_check_keys(self, vals, model=None):
        """Only the wizard's own fields: a groups or company key sent over RPC
        gets the same French refusal as on the account itself."""
        if set(vals) - set((model if model is not None else self)._fields):
            raise AccessError(
                _(
                    "An E4 administrator sets the name, login, e-mail and class "
                    "of an account, never its rights or password: ask the "
                    "system administrator."
                )
            )

    def _gpme_check_lines(self):
        if self.role in ("student", "teacher") and not self.cohort_id:
            raise ValidationError(_("Class: choose the class of these accounts."))
        if not self.line_ids:
            raise ValidationError(_("Accounts: add at least one person."))
        logins = []
        for line in self.line_ids:
            if not (line.name or "").strip():
                raise ValidationError(_("Name: give each person a name."))
            login = (line.login or "").strip()
            if not login:
                raise ValidationError(
                    _("Login: give « %s » a login.", line.name.strip())
                )
            if line.email and not email_normalize(line.email):
                raise ValidationError(
                    _("E-mail: « %s » is not an e-mail address.", line.email)
                )
            logins.append(login)
        if len(set(logins)) != len(logins):
            raise ValidationError(_("Login: two lines have the same login."))
        taken = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("login", "in", logins)])
        )
        if taken:
            raise ValidationError(
                _(
                    "Login: « %s » is already used by another account.",
                    ", ".join(taken.mapped("login")),
                )
            )

    def _gpme_user_vals(self, line):
        vals = {
            "name": line.name.strip(),
            "login": line.login.strip(),
            "email": email_normalize(line.email) if line.email else False,
        }
        if line.password:
            vals["password"] = line.password
        if self.role == "student":
            vals["gpme_cohort_id"] = self.cohort_id.id
        elif self.role == "teacher":
            vals["gpme_teacher_cohort_ids"] = [(4, self.cohort_id.id)]
        return vals

    def action_create_accounts(self):
        self.ensure_one()
        self._gpme_check_caller()
        self._gpme_check_lines()
        users = self.env["res.users"].create(
            [self._gpme_user_vals(line) for line in self.line_ids]
        )
        if self.role == "commission":
            users._gpme_make_commission()
            users._gpme_inbox()
            session = self.cohort_id.exam_session_id
            if session:
                self.env["gpme.exam.session.member"].create(
                    [{"session_id": session.id, "user_id": u.id} for u in users]
                )
        # The initial passwords are not kept in the wizard's table.
        self.line_ids.write({"password": False})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%s account(s) created.", len(users)),
                "next": {
                    "type": "ir.actions.act_window",
                    "name": _("Created accounts"),
                    "res_model": "res.users",
                    "view_mode": "tree,form",
                    "views": [
                        (
                            self.env.ref("gpme_e4.res_users_view_tree_students").id,
                            "tree",
                        ),
                        (False, "form"),
                    ],
                    "domain": [("id", "in", users.ids)],
                },
            },
        }
