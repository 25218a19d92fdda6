from odoo import models


class GpmeSituation(models.Model):
    _inherit = "gpme.situation"

    def unlink(self):
        # Remove the evidence through the ORM (its snapshot PDFs are
        # attachments); the PGI records themselves are never touched.
        self._check_dossier_unlocked()
        self.sudo().evidence_ids.unlink()
        return super().unlink()

    def action_refresh_evidence_snapshots(self):
        self.evidence_ids.action_refresh_snapshot()
        return True
