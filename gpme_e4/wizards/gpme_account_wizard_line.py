from odoo import api, fields, models


class GpmeAccountWizardLine(models.TransientModel):
    """One person of « Créer des comptes »."""

    _name = "gpme.account.wizard.line"
    _description = "E4 account to create"

    wizard_id = fields.Many2one(
        "gpme.account.wizard", required=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    login = fields.Char(required=True)
    email = fields.Char(string="E-mail")
    password = fields.Char(
        string="Initial password",
        help="Optional: the person changes it in their preferences.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self.env["gpme.account.wizard"]._gpme_check_keys(vals, self)
        return super().create(vals_list)

    def write(self, vals):
        self.env["gpme.account.wizard"]._gpme_check_keys(vals, self)
        return super().write(vals)
