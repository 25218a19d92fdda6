from dateutil.relativedelta import relativedelta

from odoo import _, fields, models


class GpmeSituation(models.Model):
    _inherit = "gpme.situation"

    def unlink(self):
        # Remove the evidence through the ORM (its snapshot PDFs are
        # attachments); the PGI records themselves are never touched.
        self._check_dossier_unlocked()
        self.env["gpme.dossier"]._gpme_check_deletion_reason(
            self.dossier_id.filtered("is_locked"),
            what=", ".join(self.mapped("display_name")),
        )
        self.sudo().evidence_ids.unlink()
        return super().unlink()

    def action_refresh_evidence_snapshots(self):
        self.evidence_ids.action_refresh_snapshot()
        return True

    def _gpme_evidence_changed(self, evidences, action):
        """The one rule for evidence changes on a reviewed fiche: a validated
        fiche goes back to its teachers for review (not refused: the student
        may still correct a wrong tag before the hand-in), and every change on
        a handed-in or validated fiche is logged in the chatter."""
        labels = {
            "added": _("Evidence added by %(user)s: %(docs)s"),
            "removed": _("Evidence removed by %(user)s: %(docs)s"),
        }
        for situation in self.sudo().filtered(
            lambda s: s.state in ("submitted", "validated")
        ):
            docs = evidences.sudo().filtered(lambda e, s=situation: e.situation_id == s)
            if not docs:
                continue
            body = labels[action] % {
                "user": self.env.user.name,
                "docs": ", ".join(docs.mapped("name")),
            }
            # The student's own change reopens the review; a teacher's or an
            # administrator's correction is logged only.
            if situation.state == "validated" and self.env.user == situation.student_id:
                situation.write(
                    {"state": "submitted", "submitted_date": fields.Datetime.now()}
                )
                body += " " + _("The validated fiche goes back to review.")
                situation._gpme_review_todo()
            situation.message_post(body=body)

    def _gpme_review_todo(self):
        activity_type = self._review_activity_type()
        deadline = fields.Date.context_today(self) + relativedelta(
            **{activity_type.delay_unit or "days": activity_type.delay_count}
        )
        for situation in self:
            for teacher in situation.cohort_id.teacher_ids:
                situation.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=situation.with_context(lang=teacher.lang)._review_summary(),
                    user_id=teacher.id,
                    date_deadline=deadline,
                )
