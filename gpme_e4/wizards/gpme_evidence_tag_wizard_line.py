from odoo import fields, models


class GpmeEvidenceTagWizardLine(models.TransientModel):
    _name = "gpme.evidence.tag.wizard.line"
    _description = "Document to use as E4 evidence"

    wizard_id = fields.Many2one(
        "gpme.evidence.tag.wizard", required=True, ondelete="cascade"
    )
    res_model = fields.Char(string="Document model", required=True)
    res_id = fields.Integer(string="Document ID", required=True)
    name = fields.Char(string="Document", readonly=True)
    task_ids = fields.Many2many("gpme.task", string="Tasks shown")
