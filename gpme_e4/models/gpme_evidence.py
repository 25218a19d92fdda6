from odoo import _, api, fields, models
from odoo.exceptions import UserError


class GpmeEvidence(models.Model):
    _name = "gpme.evidence"
    _description = "E4 evidence from the PGI"
    _order = "situation_id, id"

    situation_id = fields.Many2one(
        "gpme.situation", required=True, index=True, ondelete="cascade"
    )
    dossier_id = fields.Many2one(
        related="situation_id.dossier_id", store=True, index=True
    )
    student_id = fields.Many2one(
        related="situation_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="situation_id.cohort_id", store=True, index=True, string="Class"
    )
    res_model = fields.Char(string="Document model", required=True, index=True)
    res_id = fields.Integer(string="Document ID", required=True, index=True)
    res_ref = fields.Reference(
        selection="_selection_res_ref", compute="_compute_res_ref", string="Document"
    )
    name = fields.Char(string="Reference", required=True)
    task_ids = fields.Many2many("gpme.task", string="Tasks shown")
    note = fields.Text()
    tagged_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
        string="Tagged by",
    )
    tagged_date = fields.Datetime(default=fields.Datetime.now, readonly=True)

    @api.model
    def _selection_res_ref(self):
        return [(m.model, m.name) for m in self.env["ir.model"].sudo().search([])]

    @api.depends("res_model", "res_id")
    def _compute_res_ref(self):
        for evidence in self:
            if evidence.res_model in self.env and evidence.res_id:
                evidence.res_ref = f"{evidence.res_model},{evidence.res_id}"
            else:
                evidence.res_ref = False

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._check_dossier_unlocked()
        return records

    def write(self, vals):
        self._check_dossier_unlocked()
        return super().write(vals)

    def unlink(self):
        self._check_dossier_unlocked()
        return super().unlink()

    def _check_dossier_unlocked(self):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        locked = self.dossier_id.filtered("is_locked")
        if locked:
            raise UserError(
                _(
                    "The dossier « %s » has been submitted: its evidence can no "
                    "longer be changed.",
                    locked[0].name,
                )
            )

    def _take_snapshot(self):
        """Freeze the source record's values and PDF (evidence issue)."""
        return True
