"""The checks of a new evidence link, at tagging and when it moves to
another situation: a plain mixin of gpme.evidence (not a model of its own),
kept apart from the model's fields and state."""

from odoo import _, api
from odoo.exceptions import AccessError, UserError, ValidationError

from .gpme_lock_mixin import field_label


class EvidenceTaggingChecks:
    """Business rules of tagging, run before the rows are written: the
    tagged records must exist, be readable by the student and be in her
    current company; only her own situations; no record twice in one."""

    @api.model
    def _check_sources(self, vals_list):
        """The tagged records must be of an evidence model, readable by the
        user and in the user's current company. Checked per model in batch;
        returns {(model, id): record}."""
        allowed = self._gpme_evidence_models()
        ids_by_model = {}
        for vals in vals_list:
            model = vals.get("res_model")
            if model not in allowed:
                raise UserError(
                    _(
                        "« %(field)s »: records of type « %(model)s » cannot be "
                        "used as E4 evidence.",
                        field=field_label(self, self._fields["res_model"]),
                        model=model,
                    )
                )
            if not vals.get("res_id"):
                raise UserError(
                    _(
                        "« %(field)s »: this field is required.",
                        field=field_label(self, self._fields["res_id"]),
                    )
                )
            ids_by_model.setdefault(model, set()).add(vals.get("res_id"))
        result = {}
        for model, ids in ids_by_model.items():
            records = self.env[model].browse(ids).exists()
            if len(records) != len(ids):
                raise UserError(
                    _(
                        "« %(field)s »: the document to use as evidence does not "
                        "exist.",
                        field=field_label(self, self._fields["res_id"]),
                    )
                )
            if not self.env.su:
                try:
                    records.check_access_rights("read")
                    records.check_access_rule("read")
                except AccessError as exc:
                    raise UserError(
                        _(
                            "You are not allowed to read these documents (%s): they "
                            "cannot be your evidence.",
                            self.env["ir.model"]._get(model).name,
                        )
                    ) from exc
            for record in records:
                company = record._gpme_evidence_company()
                if not self.env.su and company and company != self.env.company:
                    raise UserError(
                        _(
                            "« %(doc)s » belongs to the company %(company)s, not to "
                            "your current company %(current)s.",
                            doc=record.display_name,
                            company=company.name,
                            current=self.env.company.name,
                        )
                    )
                result[(model, record.id)] = record
        return result

    def _check_own_situation(self):
        """Only a student tags, and only into their own situations."""
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        foreign = self.filtered(lambda e: e.sudo().student_id != self.env.user)
        if foreign:
            raise UserError(
                _(
                    "« %(field)s »: you can only use documents as evidence of "
                    "your own situations.",
                    field=field_label(self, self._fields["situation_id"]),
                )
            )

    @api.model
    def _check_new_links(self, vals_list):
        """Before inserting: own situations only, no record twice in one
        situation (the SQL constraint would only give a technical message)."""
        situations = (
            self.env["gpme.situation"]
            .sudo()
            .browse(
                {
                    vals.get("situation_id")
                    for vals in vals_list
                    if vals.get("situation_id")
                }
            )
        )
        if not (self.env.su or self.env.user.has_group("gpme_e4.group_admin")):
            foreign = situations.filtered(lambda s: s.student_id != self.env.user)
            if foreign:
                raise UserError(
                    _(
                        "« %(field)s »: you can only use documents as evidence of "
                        "your own situations.",
                        field=field_label(self, self._fields["situation_id"]),
                    )
                )
        seen = set()
        existing = self.sudo().search_read(
            [
                ("situation_id", "in", situations.ids),
                ("res_id", "in", [vals.get("res_id") for vals in vals_list]),
            ],
            ["situation_id", "res_model", "res_id", "name"],
        )
        seen = {(e["situation_id"][0], e["res_model"], e["res_id"]) for e in existing}
        for vals in vals_list:
            key = (vals.get("situation_id"), vals.get("res_model"), vals.get("res_id"))
            if key in seen:
                situation = situations.browse(key[0])
                raise ValidationError(
                    _(
                        "« %(doc)s » is already evidence of the situation "
                        "« %(situation)s ».",
                        doc=vals.get("name")
                        or self.env[key[1]].sudo().browse(key[2]).display_name,
                        situation=situation.display_name,
                    )
                )
            seen.add(key)
