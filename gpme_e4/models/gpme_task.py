import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

TASK_CODE = re.compile(r"^\d+\.\d+\.\d+$")


class GpmeTask(models.Model):
    _name = "gpme.task"
    _inherit = "gpme.referential.mixin"
    _description = "E4 task (bloc 1)"

    activity_id = fields.Many2one(
        "gpme.activity", required=True, ondelete="restrict", index=True
    )
    is_communication = fields.Boolean(
        string="Communication task",
        help="Written or oral communication task: it must stay identifiable "
        "on the synoptic document.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A task with this code already exists.")
    ]

    @api.constrains("code", "activity_id")
    def _check_code(self):
        for task in self:
            if not TASK_CODE.match(task.code or ""):
                raise ValidationError(
                    _(
                        "The task code « %s » is not valid: expected a code such "
                        "as 1.2.4.",
                        task.code,
                    )
                )
            if not task.code.startswith(task.activity_id.code + "."):
                raise ValidationError(
                    _(
                        "The task code « %(code)s » does not belong to activity "
                        "%(activity)s: its code must start with « %(activity)s. ».",
                        code=task.code,
                        activity=task.activity_id.code,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_code_free([vals.get("code") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            self._check_code_free([vals["code"]] * len(self), exclude=self)
        return super().write(vals)

    @api.model
    def _check_code_free(self, codes, exclude=None):
        """Name the duplicate code before the SQL constraint answers vaguely."""
        codes = [c for c in codes if c]
        seen = set()
        for code in codes:
            if code in seen:
                raise ValidationError(_("The task code « %s » is already used.", code))
            seen.add(code)
        domain = [("code", "in", codes)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        taken = self.with_context(active_test=False).search(domain, limit=1)
        if taken:
            raise ValidationError(
                _("The task code « %s » is already used.", taken.code)
            )
