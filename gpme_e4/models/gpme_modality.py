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
    is_workplace = fields.Boolean(
        string="Workplace period",
        help="Situations of this modality were lived in a company or an "
        "organisation during a workplace period (PFMP): the référentiel asks "
        "for two GRCF fiches from these periods.",
    )
