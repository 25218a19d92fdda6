from odoo import _, api, fields, models
from odoo.exceptions import UserError


class GpmeReferentialMixin(models.AbstractModel):
    """Common shape of the référentiel records shipped as data.

    The official records are protected: an administrator may edit or archive
    them, but deleting one would break fiches, synoptics and grids that point
    to it.
    """

    _name = "gpme.referential.mixin"
    _description = "E4 référentiel record"
    _order = "sequence, code, id"

    # Official numbered items (1.2, 1.2.4, S1.7) read with their code; the
    # others' codes are technical keys that users need not see.
    _gpme_code_in_name = False

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Label", required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_official(self):
        # No context key bypasses this: deleting is never the way out.
        if self._gpme_in_use():
            raise UserError(
                _(
                    "These référentiel records are used by fiches: archive them "
                    "instead of deleting them."
                )
            )
        official = (
            self.env["ir.model.data"]
            .sudo()
            .search_count(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("module", "=", "gpme_e4"),
                ]
            )
        )
        if official:
            raise UserError(
                _(
                    "These records belong to the official référentiel and cannot "
                    "be deleted: archive them instead (%s).",
                    ", ".join(self.mapped("display_name")),
                )
            )

    def _gpme_in_use(self):
        """Whether a fiche (or a line of one) points to these records."""
        for model in ("gpme.situation", "gpme.situation.software"):
            Model = self.env[model].sudo().with_context(active_test=False)
            for name, field in Model._fields.items():
                if field.comodel_name == self._name and field.store:
                    if Model.search_count([(name, "in", self.ids)], limit=1):
                        return True
        return False

    def name_get(self):
        if not self._gpme_code_in_name:
            return super().name_get()
        return [(rec.id, f"{rec.code} {rec.name}") for rec in self]

    @api.model
    def _name_search(
        self, name, args=None, operator="ilike", limit=100, name_get_uid=None
    ):
        args = list(args or [])
        if name:
            args = [
                "|",
                ("code", "=ilike", name + "%"),
                ("name", operator, name),
            ] + args
        return self._search(args, limit=limit, access_rights_uid=name_get_uid)
