from odoo import fields, models


class GpmeModality(models.Model):
    _name = "gpme.modality"
    _inherit = "gpme.referential.mixin"
    _description = "E4 modality of a situation"

    fiche_label = fields.Char(
        required=True, help="Label printed on the fiche V-4 (three values)."
    )
    synoptic_label = fields.Char(
        required=True, help="Column of the synoptic document (four values)."
    )
