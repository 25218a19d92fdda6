from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from ..models.gpme_dossier import LOCKED_STATES
from ..models.gpme_situation import LOCK_RULES

# The fiches a student may still change (the lock rules' open states): a
# fiche handed in or validated is not offered.
OPEN_FICHE_STATES = [state for state, roles in LOCK_RULES.items() if "student" in roles]


class GpmeEvidenceTagWizard(models.TransientModel):
    """« Utiliser comme preuve E4 »: one or several PGI records (possibly of
    different models) into one of the student's own open situations."""

    _name = "gpme.evidence.tag.wizard"
    _description = "Use as E4 evidence"

    situation_id = fields.Many2one(
        "gpme.situation",
        string="Professional situation",
        domain=lambda self: self._situation_domain(),
    )
    note = fields.Text()
    missing_task_ids = fields.Many2many(
        "gpme.task",
        compute="_compute_missing_task_ids",
        string="Tasks not on the fiche",
    )
    add_missing_tasks = fields.Boolean(
        string="Add these tasks to the fiche",
        default=True,
        help="The documents show tasks the fiche does not list yet.",
    )
    line_ids = fields.One2many(
        "gpme.evidence.tag.wizard.line", "wizard_id", string="Documents"
    )

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        wizards._check_own_situation()
        return wizards

    def _check_own_situation(self):
        """A student documents only her own fiches: refused without naming
        the fiche (the caller may not read it)."""
        if self.env.su:
            return
        for wizard in self.sudo():
            if wizard.situation_id and wizard.situation_id.student_id != self.env.user:
                raise AccessError(
                    _("You can only use documents as evidence of your own situations.")
                )

    @api.model
    def _situation_domain(self):
        return [
            ("student_id", "=", self.env.uid),
            ("state", "in", OPEN_FICHE_STATES),
            ("dossier_id.state", "not in", list(LOCKED_STATES)),
        ]

    @api.depends("situation_id", "line_ids.task_ids")
    def _compute_missing_task_ids(self):
        for wizard in self:
            # _origin: in the form's onchange the lines' tasks are new records
            # and would never equal the fiche's saved ones.
            wizard.missing_task_ids = (
                wizard.line_ids.task_ids._origin - wizard.situation_id._origin.task_ids
                if wizard.situation_id
                else False
            )

    @api.model
    def _situation_of_origins(self, records):
        """The open fiche of the student that already documents a record of
        the same flow (the order of the invoice being tagged…), the latest
        one; an empty recordset when there is none."""
        pairs = set()
        for record in records:
            pairs.update(
                (origin._name, origin.id)
                for origins in record._gpme_evidence_origins()
                for origin in origins
            )
        pairs.update((r._name, r.id) for r in records)
        if not pairs:
            return self.env["gpme.situation"]
        by_model = {}
        for model, res_id in pairs:
            by_model.setdefault(model, []).append(res_id)
        domain = expression.OR(
            [
                [("res_model", "=", m), ("res_id", "in", ids)]
                for m, ids in by_model.items()
            ]
        )
        evidence = self.env["gpme.evidence"].search(
            expression.AND([domain, [("student_id", "=", self.env.uid)]]),
            order="id desc",
        )
        open_fiches = evidence.situation_id.filtered_domain(self._situation_domain())
        for item in evidence:
            if item.situation_id in open_fiches:
                return item.situation_id
        return self.env["gpme.situation"]

    @api.model
    def _action_open(self, records):
        return self.with_context(
            gpme_records=[[r._name, r.id] for r in records]
        )._action_open_pairs()

    @api.model
    def _action_open_pairs(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gpme_e4.gpme_evidence_tag_wizard_action"
        )
        action["context"] = {"gpme_records": self.env.context.get("gpme_records")}
        return action

    @api.model
    def _records_from_context(self):
        ctx = self.env.context
        pairs = ctx.get("gpme_records")
        if not pairs and ctx.get("active_model") and ctx.get("active_ids"):
            pairs = [[ctx["active_model"], i] for i in ctx["active_ids"]]
        return pairs or []

    @api.model
    def _tagged_records(self):
        records = []
        for model, res_id in self._records_from_context():
            if model not in self.env:
                continue
            record = self.env[model].browse(res_id).exists()
            if record and hasattr(record, "_gpme_evidence_kind"):
                records.append(record)
        return records

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        records = self._tagged_records()
        if "line_ids" in fields_list:
            lines = []
            for record in records:
                model = record._name
                lines.append(
                    (
                        0,
                        0,
                        {
                            "res_model": model,
                            "res_id": record.id,
                            "name": record.display_name,
                            "task_ids": [
                                (6, 0, record._gpme_evidence_suggested_tasks().ids)
                            ],
                        },
                    )
                )
            res["line_ids"] = lines
        if "situation_id" in fields_list and not res.get("situation_id"):
            situations = self._situation_of_origins(records)
            if not situations:
                situations = self.env["gpme.situation"].search(
                    self._situation_domain(), limit=2
                )
            if len(situations) == 1:
                res["situation_id"] = situations.id
        return res

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("gpme_e4.group_student"):
            raise UserError(_("Only students can use documents as E4 evidence."))
        if not self.situation_id:
            raise UserError(_("Choose the professional situation to document."))
        if not self.line_ids:
            raise UserError(_("There is no document to use as evidence."))
        if not self.situation_id.filtered_domain(self._situation_domain()):
            raise UserError(
                _(
                    "The fiche « %s » can no longer be changed (handed in or "
                    "validated): choose a fiche in progress or create one.",
                    self.situation_id.display_name,
                )
            )
        if self.add_missing_tasks and self.missing_task_ids:
            self.situation_id.write(
                {"task_ids": [(4, task.id) for task in self.missing_task_ids]}
            )
        evidence = self.env["gpme.evidence"].create(
            [
                {
                    "situation_id": self.situation_id.id,
                    "res_model": line.res_model,
                    "res_id": line.res_id,
                    "task_ids": [(6, 0, line.task_ids.ids)],
                    "note": self.note,
                }
                for line in self.line_ids
            ]
        )
        # She stays where she was (the record, or « Mes documents PGI »),
        # told where the evidence went; the view reloads its counters.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("E4 evidence"),
                "message": _(
                    "%(count)s document(s) added as evidence of the fiche %(fiche)s.",
                    count=len(evidence),
                    fiche=self.situation_id.display_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
