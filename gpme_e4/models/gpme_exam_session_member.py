from odoo import api, fields, models


class GpmeExamSessionMember(models.Model):
    """A member of the commission of an exam session, with their role."""

    _name = "gpme.exam.session.member"
    _description = "E4 exam session commission member"
    _order = "session_id, role, id"

    session_id = fields.Many2one(
        "gpme.exam.session", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Member",
        required=True,
        index=True,
        ondelete="restrict",
        # A teacher may sit in a commission: choosing one makes them a member.
        domain=lambda self: [
            (
                "groups_id",
                "in",
                (
                    self.env.ref("gpme_e4.group_commission")
                    | self.env.ref("gpme_e4.group_teacher")
                ).ids,
            ),
            ("share", "=", False),
        ],
    )
    role = fields.Selection(
        [
            ("grcf", "Teacher of GRCF"),
            ("communication", "Teacher of communication"),
            ("professional", "Professional"),
        ],
        help="Empty for members carried over from the dossiers' former "
        "commissions, until an administrator sets it.",
    )

    _sql_constraints = [
        (
            "session_user_uniq",
            "unique(session_id, user_id)",
            "This person is already a member of the commission of the session.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        members = super().create(vals_list)
        members.user_id._gpme_make_commission()
        return members

    def write(self, vals):
        res = super().write(vals)
        if vals.get("user_id"):
            self.user_id._gpme_make_commission()
        return res
