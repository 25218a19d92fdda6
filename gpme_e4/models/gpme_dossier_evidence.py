from odoo import models

from .gpme_dossier import LOCKED_STATES


class GpmeDossier(models.Model):
    _inherit = "gpme.dossier"

    def write(self, vals):
        # Last refresh of the evidence snapshots just before the dossier is
        # submitted; once locked they are never refreshed again.
        if vals.get("state") in LOCKED_STATES:
            opening = self.filtered(lambda d: not d.is_locked)
            if opening:
                self.env["gpme.evidence"].sudo().search(
                    [("dossier_id", "in", opening.ids)]
                )._take_snapshot()
        return super().write(vals)
