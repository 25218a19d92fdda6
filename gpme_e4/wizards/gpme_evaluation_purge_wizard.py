from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services import evaluation as rules


class GpmeEvaluationPurgeWizard(models.TransientModel):
    """Retention: a session's dossiers, grids and documents stay available to
    the jury until the next session; after it, the administrator purges them,
    told first what goes."""

    _name = "gpme.evaluation.purge.wizard"
    _description = "Purge an E4 exam session"

    exam_session_id = fields.Many2one(
        "gpme.exam.session", required=True, ondelete="cascade"
    )
    summary = fields.Text(compute="_compute_summary", string="Will be removed")
    allowed = fields.Boolean(compute="_compute_summary")

    def _gpme_dossiers(self):
        self.ensure_one()
        return (
            self.env["gpme.dossier"]
            .sudo()
            .search([("exam_session_id", "=", self.exam_session_id.id)])
        )

    def _gpme_later_session_ends(self):
        """{year: last day of situation B} of the later sessions."""
        sessions = (
            self.env["gpme.exam.session"]
            .sudo()
            .with_context(active_test=False)
            .search([("year", ">", self.exam_session_id.year)])
        )
        ends = {}
        for session in sessions:
            known = [d for d in (ends.get(session.year), session.situation_b_end) if d]
            ends[session.year] = max(known) if known else None
        return ends

    def _gpme_counts(self):
        dossiers = self._gpme_dossiers()
        evaluations = (
            self.env["gpme.evaluation"]
            .sudo()
            .search([("dossier_id", "in", dossiers.ids)])
        )
        situations = dossiers.situation_ids
        evidence = situations.evidence_ids
        records = {
            "gpme.dossier": dossiers.ids,
            "gpme.situation": situations.ids,
            "gpme.evidence": evidence.ids,
            "gpme.evaluation": evaluations.ids,
        }
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search_count(
                [
                    "|",
                    "|",
                    "|",
                    "&",
                    ("res_model", "=", "gpme.dossier"),
                    ("res_id", "in", records["gpme.dossier"]),
                    "&",
                    ("res_model", "=", "gpme.situation"),
                    ("res_id", "in", records["gpme.situation"]),
                    "&",
                    ("res_model", "=", "gpme.evidence"),
                    ("res_id", "in", records["gpme.evidence"]),
                    "&",
                    ("res_model", "=", "gpme.evaluation"),
                    ("res_id", "in", records["gpme.evaluation"]),
                ]
            )
        )
        return (
            {
                "dossiers": len(dossiers),
                "situations": len(situations),
                "evidence": len(evidence),
                "reviews": len(dossiers.review_ids),
                "internships": len(dossiers.internship_ids),
                "evaluations": len(evaluations),
                "attachments": attachments,
            },
            dossiers,
            evaluations,
        )

    @api.depends("exam_session_id")
    def _compute_summary(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            if not wizard.exam_session_id:
                wizard.summary = False
                wizard.allowed = False
                continue
            counts, __, __ = wizard._gpme_counts()
            wizard.allowed = rules.purge_allowed(
                wizard.exam_session_id.year, wizard._gpme_later_session_ends(), today
            )
            wizard.summary = _(
                "Session %(year)s: %(dossiers)s dossier(s), %(situations)s "
                "fiche(s), %(evidence)s evidence, %(reviews)s progress review(s), "
                "%(internships)s internship attestation(s), %(evaluations)s "
                "evaluation(s) with their grids, signatures and fiches de "
                "travail, %(attachments)s attached file(s).",
                year=wizard.exam_session_id.display_name,
                **counts,
            )

    def action_purge(self):
        self.ensure_one()
        if not self.env.user.has_group("gpme_e4.group_admin"):
            raise AccessError(_("Only an administrator purges an exam session."))
        if not self.allowed:
            raise UserError(
                _(
                    "Exam session %s: its documents are kept for the jury until "
                    "the next session is over; the purge is possible only after "
                    "that.",
                    self.exam_session_id.display_name,
                )
            )
        __, dossiers, evaluations = self._gpme_counts()
        summary = self.summary
        # Grids first (they hold the dossier), then the dossiers with all
        # they own (fiches, evidence, bilans, attestations).
        reason = _(
            "purge of exam session %s after its retention period",
            self.exam_session_id.display_name,
        )
        # The E4 journal keeps what went, and why (it does not follow the
        # records: its entries stay).
        self.env["gpme.journal"]._gpme_log(
            "purge", evaluations, reason=reason, details={"summary": summary}
        )
        evaluations.sudo().with_context(gpme_unlock=True).signature_ids.unlink()
        evaluations.sudo().unlink()
        # The purge is the logged reason the submitted dossiers require.
        dossiers.sudo().with_context(
            gpme_deletion_reason=reason, gpme_journal_event="purge"
        ).unlink()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Exam session purged"),
                "message": summary,
                "sticky": True,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
