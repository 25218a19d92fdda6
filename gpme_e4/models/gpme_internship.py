from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import evaluation as rules

TRAINING_YEARS = [("1", "First year"), ("2", "Second year")]
# Flags the commission records while checking the paper attestations.
COMMISSION_FIELDS = {"signed", "stamped"}


class GpmeInternship(models.Model):
    """Attestation de stage (national model, annex III-3): its dates prove the
    internship length, one of the four conformity cases."""

    _name = "gpme.internship"
    _description = "E4 internship attestation"
    _order = "dossier_id, date_from, id"
    _rec_name = "employer"

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    employer = fields.Char(required=True, help="Company or organisation hosting.")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    weeks = fields.Float(
        compute="_compute_weeks",
        store=True,
        readonly=False,
        digits=(4, 1),
        help="Weeks stated on the attestation; computed from the dates by default.",
    )
    training_year = fields.Selection(
        TRAINING_YEARS, required=True, default="2", string="Year of training"
    )
    signed = fields.Boolean(help="Signed by the person entitled to (employer).")
    stamped = fields.Boolean(help="Bears the company stamp.")

    @api.depends("date_from", "date_to")
    def _compute_weeks(self):
        for internship in self:
            internship.weeks = rules.weeks_between(
                internship.date_from, internship.date_to
            )

    def _gpme_rule_value(self):
        self.ensure_one()
        return rules.Internship(
            self.date_from,
            self.date_to,
            self.weeks,
            self.training_year,
            signed=self.signed,
            stamped=self.stamped,
            employer=self.employer or "",
        )

    @api.constrains("date_from", "date_to", "weeks", "dossier_id")
    def _check_periods(self):
        for dossier in self.mapped("dossier_id"):
            internships = dossier.sudo().internship_ids
            for internship in internships:
                if internship.weeks < 0:
                    raise ValidationError(
                        _(
                            "Weeks of the internship at « %s »: the number of "
                            "weeks cannot be negative.",
                            internship.employer,
                        )
                    )
            problems = rules.period_problems(
                [i._gpme_rule_value() for i in internships]
            )
            for code, params in problems:
                if code == "inverted":
                    raise ValidationError(
                        _(
                            "Dates of the internship at « %s »: the end date "
                            "comes before the start date.",
                            params["employer"],
                        )
                    )
                raise ValidationError(
                    _(
                        "Dates of the internships: the internship at "
                        "« %(second)s » overlaps the one at « %(first)s ».",
                        **params,
                    )
                )

    # ------------------------------------------------------------------
    # Lock: the attestations are part of the dossier handed in
    # ------------------------------------------------------------------
    def _gpme_check_change(self, dossiers, fields_=None):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        for dossier in dossiers:
            roles = dossier._gpme_roles()
            state = dossier.sudo().state
            if state == "draft" and roles & {"student", "teacher"}:
                continue
            if (
                fields_ is not None
                and "commission" in roles
                and state in ("submitted", "validated", "evaluation")
                and set(fields_) <= COMMISSION_FIELDS
            ):
                continue
            raise UserError(
                _(
                    "The internship attestations of the dossier « %s » can no "
                    "longer be changed: the dossier has been handed in.",
                    dossier.name,
                )
                # Named only to those who may read it.
                if state != "draft" and roles
                else _("You cannot change the internship attestations of this dossier.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        dossiers = self.env["gpme.dossier"].browse(
            [v.get("dossier_id") for v in vals_list if v.get("dossier_id")]
        )
        self._gpme_check_change(dossiers)
        return super().create(vals_list)

    def write(self, vals):
        self._gpme_check_change(self.mapped("dossier_id"), fields_=vals.keys())
        if "dossier_id" in vals:
            self._gpme_check_change(self.env["gpme.dossier"].browse(vals["dossier_id"]))
        res = super().write(vals)
        # After the hand-in, every correction of an attestation is a decision
        # of the exam (the commission's signed/stamped included).
        self.env["gpme.journal"]._gpme_log(
            "internship_change",
            self.filtered(lambda i: i.sudo().dossier_id.is_locked),
            reason=self.env.context.get("gpme_reason"),
            details={k: v for k, v in vals.items() if k in self._fields},
        )
        return res

    def unlink(self):
        self._gpme_check_change(self.mapped("dossier_id"))
        return super().unlink()
