from odoo import _, fields, models

from ..models.gpme_internship import TRAINING_YEARS
from ..services import evaluation_checks


class GpmeInternshipRecordWizard(models.TransientModel):
    """The commission records an internship attestation it holds on paper
    (the candidate brought it, the school sent it): who and when are kept on
    the attestation, the E4 journal logs it, and its dates stay as recorded
    (only an administrator corrects them, journalled)."""

    _name = "gpme.internship.record.wizard"
    _inherit = "gpme.commission.wizard.mixin"
    _description = "E4 internship attestation recorded from paper"

    employer = fields.Char(required=True, help="Company or organisation hosting.")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    training_year = fields.Selection(
        TRAINING_YEARS, required=True, default="2", string="Year of training"
    )
    signed = fields.Boolean(help="Signed by the person entitled to (employer).")
    stamped = fields.Boolean(help="Bears the company stamp.")
    attestation_file = fields.Binary(string="Scan of the attestation")
    attestation_filename = fields.Char()

    def action_confirm(self):
        self.ensure_one()
        evaluation = self._gpme_check_evaluation(self.evaluation_id.id)
        evaluation_checks.check_internship_recordable(evaluation)
        dossier = evaluation.sudo().dossier_id
        internship = (
            self.env["gpme.internship"]
            .sudo()
            .create(
                {
                    "dossier_id": dossier.id,
                    "employer": self.employer,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "training_year": self.training_year,
                    "signed": self.signed,
                    "stamped": self.stamped,
                    "attestation_file": self.attestation_file,
                    "attestation_filename": self.attestation_filename,
                    "recorded_by_id": self.env.user.id,
                    "recorded_date": fields.Datetime.now(),
                }
            )
        )
        self.env["gpme.journal"]._gpme_log(
            "internship_record",
            internship,
            details={
                "employer": internship.employer,
                "date_from": internship.date_from,
                "date_to": internship.date_to,
                "weeks": internship.weeks,
                "signed": internship.signed,
                "stamped": internship.stamped,
            },
        )
        message = _(
            "Internship attestation at « %(employer)s » (%(start)s to %(end)s, "
            "%(weeks)s weeks) recorded from paper by %(user)s.",
            employer=internship.employer,
            start=internship.date_from.strftime("%d/%m/%Y"),
            end=internship.date_to.strftime("%d/%m/%Y"),
            weeks=str(internship.weeks).replace(".", ","),
            user=self.env.user.name,
        )
        evaluation.sudo().message_post(body=message)
        dossier.message_post(body=message)
        next_action = {"type": "ir.actions.act_window_close"}
        if self.env.context.get("gpme_back_to_conformity"):
            # Back to the decision, its facts now counting the attestation.
            next_action = evaluation.action_conformity_wizard()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Internship attestation"),
                "message": message,
                "next": next_action,
            },
        }
