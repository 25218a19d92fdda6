from odoo import _, api, fields, models

from ..models.gpme_evaluation import NV_CASES
from ..services import evaluation as rules
from ..services.evaluation_display import toast

DECISIONS = [
    ("conform", "Conform"),
    ("doubt", "Doubt: interrogate, hold the mark back"),
    ("non_conform", "Non-conform (NV)"),
]


class GpmeConformityWizard(models.TransientModel):
    """The commission's conformity decision: conform, doubt or NV, preset
    from the dossier's facts, which it lists."""

    _name = "gpme.conformity.wizard"
    _inherit = "gpme.commission.wizard.mixin"
    _description = "E4 conformity decision"

    nv_detected = fields.Char(related="evaluation_id.nv_detected")
    decision = fields.Selection(DECISIONS, required=True, default="conform")
    nv_case = fields.Selection(NV_CASES, string="Non-conformity case")
    note = fields.Text()
    # --- the facts the decision rests on (read as superuser once the role
    # is checked, in default_get and create) ---
    handed_in_date = fields.Datetime(compute="_compute_facts", string="Handed in on")
    hand_in_deadline = fields.Date(compute="_compute_facts", string="Hand-in deadline")
    internship_count = fields.Integer(
        compute="_compute_facts", string="Attestations recorded"
    )
    internship_weeks = fields.Float(
        compute="_compute_facts", digits=(4, 1), string="Internship weeks"
    )
    internship_required = fields.Float(
        compute="_compute_facts", digits=(4, 1), string="Weeks required"
    )
    unsigned_count = fields.Integer(
        compute="_compute_facts", string="Attestations not signed or stamped"
    )
    synoptic_attested = fields.Boolean(
        compute="_compute_facts", string="Synoptic attested"
    )
    refusal = fields.Char(
        compute="_compute_refusal",
        help="Why the decision chosen would be refused: the button is hidden "
        "until the facts or the decision change.",
    )

    # The wizard shows the candidate and the facts found: only the
    # candidate's commission (or an administrator) opens one, checked before
    # anything is read (its related fields are computed as superuser).
    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        evaluation_id = values.get("evaluation_id") or self.env.context.get(
            "default_evaluation_id"
        )
        if evaluation_id:
            # The decision the facts point to: conform only when no official
            # case shows; else NV on the first case found (the commission may
            # still choose a doubt).
            evaluation = self._gpme_check_evaluation(evaluation_id)
            cases = evaluation.sudo()._gpme_nv_cases()
            if cases and "decision" in fields_list:
                values["decision"] = "non_conform"
            if cases and "nv_case" in fields_list:
                values["nv_case"] = cases[0]
        return values

    @api.depends("evaluation_id")
    def _compute_facts(self):
        for wizard in self:
            # The role first (a refusal naming nothing), then the facts.
            evaluation = self._gpme_check_evaluation(wizard.evaluation_id.id).sudo()
            internships = evaluation.dossier_id.internship_ids
            wizard.handed_in_date = evaluation.handed_in_date
            wizard.hand_in_deadline = evaluation.hand_in_deadline
            wizard.internship_count = len(internships)
            wizard.internship_weeks = sum(internships.mapped("weeks"))
            wizard.internship_required = (
                rules.WAIVER_WEEKS
                if evaluation.internship_waiver
                else rules.REQUIRED_WEEKS
            )
            wizard.unsigned_count = len(
                internships.filtered(lambda i: not (i.signed and i.stamped))
            )
            wizard.synoptic_attested = evaluation.synoptic_attested

    @api.depends("evaluation_id", "decision", "nv_case")
    def _compute_refusal(self):
        labels = dict(self._fields["nv_case"]._description_selection(self.env))
        for wizard in self:
            cases = wizard.evaluation_id.sudo()._gpme_nv_cases()
            refusal = False
            if wizard.decision == "conform" and cases:
                refusal = _(
                    "The facts show a case of non-conformity (%s): record the "
                    "missing facts first (an attestation on paper, a signature), "
                    "or declare NV, or record a doubt.",
                    wizard.evaluation_id.sudo().nv_detected,
                )
            elif (
                wizard.decision == "non_conform"
                and wizard.nv_case
                and wizard.nv_case not in cases
            ):
                refusal = _(
                    "Non-conformity case « %s »: the facts do not show it.",
                    labels[wizard.nv_case],
                )
            wizard.refusal = refusal

    def action_record_internship(self):
        """The commission records an attestation it holds on paper, then
        comes back to its decision."""
        self.ensure_one()
        return self.evaluation_id.action_record_internship()

    def action_confirm(self):
        self.ensure_one()
        evaluation = self.evaluation_id
        if self.decision == "conform":
            evaluation.action_confirm_conformity()
        elif self.decision == "doubt":
            evaluation.action_doubt(self.note)
        else:
            evaluation.action_declare_nv(self.nv_case, self.note)
        labels = dict(self._fields["decision"]._description_selection(self.env))
        return toast(
            _("Conformity"),
            _(
                "Decision recorded for %(student)s: %(decision)s.",
                student=evaluation.sudo().student_id.name,
                decision=labels[self.decision],
            ),
            "success" if self.decision == "conform" else "warning",
        )
