from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import evaluation as rules
from .gpme_evaluation_line import closed_message
from .gpme_lock_mixin import ALL, check_values

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
    _inherit = ["gpme.lock.mixin"]
    _description = "E4 fiche de travail"
    # The commission writes the fiches de travail of an open situation B;
    # grid B signed, published, archived or not evaluated (never handed in,
    # NV), nobody does (grid B's unlock by an administrator reopens them).
    _gpme_lock_rules = {
        "open": {"commission": ALL, "admin": ALL},
        "signed": {},
        "published": {},
        "archived": {},
        "nv": {},
        "not_handed_in": {},
    }
    # A fiche de travail stays with its candidate.
    _gpme_lock_protected = frozenset({"evaluation_id"})
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

    # --- the lock (gpme.lock.mixin) ----------------------------------------------
    def _gpme_lock_state(self):
        sheets = self.sudo()
        states = sheets.evaluation_id._gpme_lock_state()
        result = {}
        for sheet in sheets:
            evaluation = sheet.evaluation_id
            state = states[evaluation.id]
            if state in ("published", "archived"):
                result[sheet.id] = state
            elif evaluation.conformity == "non_conform":
                result[sheet.id] = "nv"
            elif evaluation.dossier_id.state == "draft":
                result[sheet.id] = "not_handed_in"
            elif evaluation._gpme_signed_grids()[evaluation._gpme_exam_grid()]:
                # Grid B (CCF) or the forme ponctuelle's grid P.
                result[sheet.id] = "signed"
            else:
                result[sheet.id] = "open"
        return result

    def _gpme_lock_roles(self):
        sheets = self.sudo()
        roles = sheets.evaluation_id.with_env(self.env)._gpme_eval_roles_map()
        return {sheet.id: roles.get(sheet.evaluation_id.id, set()) for sheet in sheets}

    def _gpme_lock_state_label(self, state):
        return {
            "open": _("situation B being prepared"),
            "signed": _("grid B signed"),
            "published": _("published"),
            "archived": _("archived"),
            "nv": _("non-conform (NV)"),
            "not_handed_in": _("not handed in"),
        }.get(state, state)

    def _gpme_lock_message(self, state, refused):
        roles = self._gpme_lock_roles().get(self.id, set())
        if roles & {"commission", "admin"}:
            message = closed_message(self, state, "B")
            if message:
                return message
        if "evaluation_id" in refused:
            return _("A fiche de travail stays with its candidate.")
        if roles:
            return _("Only the commission writes the fiches de travail.")
        return super()._gpme_lock_message(state, refused)

    def _gpme_lock_move_fields(self):
        return {"evaluation_id"}

    @api.model
    def _gpme_check_sizes(self, vals, create=False):
        # The candidate's evaluation too must exist (protected, not unchecked).
        check_values(self, vals, create=create)

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
