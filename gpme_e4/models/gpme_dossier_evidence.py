from odoo import _, models
from odoo.exceptions import UserError

from .gpme_dossier import LOCKED_STATES


class GpmeDossier(models.Model):
    _inherit = "gpme.dossier"

    def write(self, vals):
        # At submission, a version is added to the evidence whose source
        # changed since its last version; earlier versions stay untouched and
        # the PDFs are rendered by background jobs.
        if vals.get("state") in LOCKED_STATES:
            opening = self.filtered(lambda d: not d.is_locked)
            if opening:
                self.env["gpme.evidence"].sudo().search(
                    [("dossier_id", "in", opening.ids)]
                )._take_snapshot("submission", only_changed=True)
        return super().write(vals)

    def unlink(self):
        self._gpme_check_deletion_reason(self.filtered("is_locked"))
        return super().unlink()

    def _gpme_check_deletion_reason(self, dossiers, what=None):
        """Nothing of a submitted dossier disappears without a logged reason,
        administrators included: the caller passes it in the context."""
        if not dossiers:
            return
        reason = (self.env.context.get("gpme_deletion_reason") or "").strip()
        if not reason:
            raise UserError(
                _(
                    "The dossier « %s » has been submitted: give the reason for "
                    "the deletion (it is kept in the chatter).",
                    dossiers[0].name,
                )
            )
        for dossier in dossiers:
            dossier.sudo().message_post(
                body=_(
                    "Deleted by %(user)s: %(what)s. Reason: %(reason)s",
                    user=self.env.user.name,
                    what=what or dossier.name,
                    reason=reason,
                )
            )

    def _gpme_verify_seals(self):
        """{dossier id: [row]} every version's seal recomputed."""
        snaps = (
            self.env["gpme.evidence.snapshot"]
            .sudo()
            .search(
                [("dossier_id", "in", self.ids)],
                order="dossier_id, evidence_id, version",
            )
        )
        checks = snaps._gpme_verify()
        states = dict(snaps._fields["pdf_state"]._description_selection(self.env))
        result = {dossier.id: [] for dossier in self}
        for snap in snaps:
            ok, problem = checks[snap.id]
            result[snap.dossier_id.id].append(
                {
                    "fiche": snap.evidence_id.situation_id.display_name,
                    "document": snap.evidence_id.name,
                    "version": snap.version,
                    "pdf_state": states.get(snap.pdf_state),
                    "seal": snap.seal,
                    "ok": ok,
                    "problem": problem,
                }
            )
        return result

    def action_verify_evidence_seals(self):
        self.check_access_rights("read")
        self.check_access_rule("read")
        return self.env.ref("gpme_e4.action_report_evidence_integrity").report_action(
            self
        )
