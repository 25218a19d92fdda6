from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..services import evaluation as rules
from .gpme_lock_mixin import check_values

KINDS = [
    ("grcf", "GRCF"),
    ("oral", "Oral communication"),
    ("written", "Written communication"),
]
SITUATION_KIND_FIELD = {"grcf": "is_grcf", "oral": "is_oral", "written": "is_written"}


class GpmeWorkSheet(models.Model):
    """Fiche de travail of situation B (annex V-5 for the CCF, V-6 for the
    ponctuelle form): the situation chosen in the synoptic and the work asked
    of the candidate on it."""

    _name = "gpme.work.sheet"
    _description = "E4 fiche de travail"
    _order = "evaluation_id, sequence, id"
    _rec_name = "kind"

    evaluation_id = fields.Many2one(
        "gpme.evaluation", required=True, index=True, ondelete="cascade"
    )
    dossier_id = fields.Many2one(related="evaluation_id.dossier_id")
    student_id = fields.Many2one(related="evaluation_id.student_id", string="Candidate")
    sequence = fields.Integer(default=10)
    kind = fields.Selection(KINDS, required=True)
    situation_id = fields.Many2one(
        "gpme.situation",
        ondelete="restrict",
        domain="[('dossier_id', '=', dossier_id), ('state', '=', 'validated')]",
    )
    drawn = fields.Boolean(
        readonly=True, help="Drawn at random rather than chosen by the commission."
    )
    changes = fields.Text(
        string="Changed parameters or work asked",
        help="GRCF: parameters changed without a strong break with the original "
        "situation. Oral: significant but realistic changes.",
    )
    roles = fields.Text(
        help="Oral communication: roles of the candidate and the commission."
    )
    productions = fields.Text(string="Expected productions")
    tool_ids = fields.Many2many("gpme.tool", string="Tools")
    # The consultation screen: the fiche's evidence, live and frozen.
    evidence_ids = fields.One2many(
        related="situation_id.evidence_ids", string="Evidence"
    )
    changed_count = fields.Integer(
        compute="_compute_changed_count", string="Sources changed"
    )

    @api.depends("situation_id")
    def _compute_changed_count(self):
        for sheet in self:
            sheet.changed_count = len(
                sheet.sudo().situation_id.evidence_ids.filtered(
                    lambda e: e.status != "up_to_date"
                )
            )

    @api.constrains("situation_id", "kind", "evaluation_id")
    def _check_situation(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for sheet in self.sudo():
            # One fiche per kind, chosen or not yet.
            duplicate = sheet.evaluation_id.work_sheet_ids.filtered(
                lambda s, k=sheet.kind: s.kind == k
            )
            if len(duplicate) > 1:
                raise ValidationError(
                    _(
                        "Kind of the fiche de travail: one fiche per kind (%s).",
                        kinds[sheet.kind],
                    )
                )
            # The written situation of the forme ponctuelle is chosen on the
            # evaluation, with no fiche de travail (référentiel p. 77).
            if sheet.kind not in rules.WORK_SHEET_KINDS[sheet.evaluation_id.form]:
                raise ValidationError(
                    _(
                        "Kind of the fiche de travail: no fiche de travail of "
                        "kind %s in this form (the written situation is chosen "
                        "on the evaluation).",
                        kinds[sheet.kind],
                    )
                )
            situation = sheet.situation_id
            if not situation:
                continue
            if (
                situation.dossier_id != sheet.evaluation_id.dossier_id
                or situation.state != "validated"
                or not situation[SITUATION_KIND_FIELD[sheet.kind]]
            ):
                raise ValidationError(
                    _(
                        "Situation of the fiche de travail: « %(situation)s » is "
                        "not a validated %(kind)s situation of the candidate's "
                        "synoptic.",
                        situation=situation.code or situation.name,
                        kind=kinds[sheet.kind],
                    )
                )

    def _gpme_check_edit(self, evaluations):
        if self.env.su:
            return
        for evaluation in evaluations:
            roles = evaluation._gpme_eval_roles()
            if not roles & {"admin", "commission"}:
                raise AccessError(
                    _("Only the commission writes the fiches de travail.")
                )
            evaluation._gpme_check_open(evaluation._gpme_exam_grid())

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals, create=True)
        evaluations = self.env["gpme.evaluation"].browse(
            [v.get("evaluation_id") for v in vals_list if v.get("evaluation_id")]
        )
        self._gpme_check_edit(evaluations)
        return super().create(vals_list)

    def write(self, vals):
        self._gpme_check_edit(self.mapped("evaluation_id"))
        check_values(self, vals)
        if "evaluation_id" in vals:
            raise AccessError(_("A fiche de travail stays with its candidate."))
        return super().write(vals)

    def unlink(self):
        self._gpme_check_edit(self.mapped("evaluation_id"))
        return super().unlink()

    def action_open_situation(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "gpme.situation",
            "res_id": self.situation_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
