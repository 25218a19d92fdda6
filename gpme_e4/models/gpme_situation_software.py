from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..services import fiche_checks
from .gpme_lock_mixin import check_values


class GpmeSituationSoftware(models.Model):
    """One line of « Solutions logicielles choisies et fonctionnalités
    mobilisées » on the fiche V-4: a tool, the software with its version and
    the functions used."""

    _name = "gpme.situation.software"
    _description = "Software solution of an E4 situation"
    _order = "situation_id, sequence, id"

    situation_id = fields.Many2one(
        "gpme.situation", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one(related="situation_id.student_id", store=True)
    sequence = fields.Integer(default=10)
    tool_id = fields.Many2one("gpme.tool", required=True, ondelete="restrict")
    tool_kind = fields.Selection(related="tool_id.kind")
    software_name = fields.Char(
        string="Software", help="For instance: Odoo, LibreOffice Calc."
    )
    version = fields.Char()
    functions = fields.Text(string="Functions used")
    display_line = fields.Char(compute="_compute_display_line", string="Line")

    @api.depends("software_name", "version", "functions", "tool_id.name")
    def _compute_display_line(self):
        for line in self:
            label = " ".join(p for p in (line.software_name, line.version) if p)
            label = label or line.tool_id.name or ""
            line.display_line = (
                f"{label} — {line.functions}" if line.functions else label
            )

    def name_get(self):
        return [(line.id, line.display_line) for line in self]

    @api.constrains("tool_id", "software_name", "version")
    def _check_version(self):
        for line in self:
            codes = fiche_checks.software_line_errors(
                line.tool_id.kind, line.software_name, line.version
            )
            if fiche_checks.MISSING_SOFTWARE in codes:
                raise ValidationError(
                    _(
                        "Fiche %(fiche)s: give the name of the software used as "
                        "« %(tool)s ».",
                        fiche=line.situation_id.display_name,
                        tool=line.tool_id.name,
                    )
                )
            if fiche_checks.MISSING_VERSION in codes:
                raise ValidationError(
                    _(
                        "Fiche %(fiche)s: the version of the software « %(software)s » "
                        "(%(tool)s) is missing; the official fiche asks for the name "
                        "and version of each software.",
                        fiche=line.situation_id.display_name,
                        software=line.software_name,
                        tool=line.tool_id.name,
                    )
                )

    # The lines belong to the fiche: same locks as the fiche itself.
    def _check_situation_editable(self, situations):
        situations._check_dossier_unlocked()
        situations._check_fiche_editable()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_values(self, vals, create=True)
        lines = super().create(vals_list)
        self._check_situation_editable(lines.situation_id)
        return lines

    def write(self, vals):
        self._check_situation_editable(self.situation_id)
        check_values(self, vals)
        res = super().write(vals)
        if "situation_id" in vals:
            self._check_situation_editable(self.situation_id)
        return res

    def unlink(self):
        self._check_situation_editable(self.situation_id)
        return super().unlink()
