from odoo import _, fields, models
from odoo.exceptions import UserError

from .gpme_lock_mixin import UNLINK

# The exam session member's roles, and the class teacher's for grid A.
MEMBER_ROLES = [
    ("grcf", "Teacher of GRCF"),
    ("communication", "Teacher of communication"),
    ("professional", "Professional"),
    ("teacher", "Teacher of the class"),
]


class GpmeEvaluationSignature(models.Model):
    """A member's signature of a grid (who, in which role, when), shaped
    like base_tier_validation's tier.review: the grid locks once signed."""

    _name = "gpme.evaluation.signature"
    _inherit = ["gpme.lock.mixin"]
    _description = "E4 grid signature"
    # Nobody creates, changes or deletes a signature by hand: the grid's sign
    # button creates it, the administrator's logged unlock removes it (both
    # as superuser, see gpme.evaluation).
    _gpme_lock_rules = {"signed": {}}
    _order = "evaluation_id, grid, signed_date, id"

    evaluation_id = fields.Many2one(
        "gpme.evaluation", required=True, index=True, ondelete="cascade"
    )
    grid = fields.Selection(
        [("A", "Grid A"), ("B", "Grid B"), ("P", "Grid of the forme ponctuelle")],
        required=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Signed by", required=True, ondelete="restrict"
    )
    role = fields.Selection(MEMBER_ROLES)
    signed_date = fields.Datetime(
        string="Signed on", required=True, default=fields.Datetime.now
    )

    _sql_constraints = [
        (
            "signer_uniq",
            "unique(evaluation_id, grid, user_id)",
            "A member signs a grid once.",
        )
    ]

    def _gpme_lock_state(self):
        return {signature.id: "signed" for signature in self}

    def _gpme_lock_roles(self):
        signatures = self.sudo()
        roles = signatures.evaluation_id.with_env(self.env)._gpme_eval_roles_map()
        return {s.id: roles.get(s.evaluation_id.id, set()) for s in signatures}

    def _gpme_lock_state_label(self, state):
        return _("a signature, removed only by an administrator's unlock")

    def write(self, vals):
        # Refused as an access error to every user first (the lock rules).
        self._gpme_lock_check(set(vals))
        if vals:
            raise UserError(_("A signature cannot be changed."))
        return super().write(vals)

    def unlink(self):
        # Only the administrator's unlock, which logs its reason, removes them
        # (as superuser, with this flag: no other superuser path does).
        self._gpme_lock_check({UNLINK})
        if not self.env.context.get("gpme_unlock"):
            raise UserError(
                _("A signature is removed only by an administrator's unlock.")
            )
        return super().unlink()
