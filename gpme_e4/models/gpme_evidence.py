import base64
import json
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..services.evidence_snapshot import (
    STATUS_CHANGED,
    STATUS_DELETED,
    STATUS_UP_TO_DATE,
    snapshot_hash,
    snapshot_status,
    values_hash,
)
from .gpme_lock_mixin import ALL

_logger = logging.getLogger(__name__)

# Fields only the snapshot machinery (sudo) may write: the seal of the evidence.
PROTECTED_FIELDS = {
    "res_model",
    "res_id",
    "company_id",
    "snapshot_values",
    "snapshot_values_hash",
    "snapshot_pdf",
    "snapshot_pdf_name",
    "snapshot_hash",
    "snapshot_date",
    "snapshot_note",
    "tagged_by_id",
    "tagged_date",
}
# Records rendered per wkhtmltopdf call; Odoo splits the PDF by outlines.
PDF_CHUNK = 40


class GpmeEvidence(models.Model):
    _name = "gpme.evidence"
    _inherit = ["gpme.lock.mixin"]
    _description = "E4 evidence from the PGI"
    _order = "situation_id, id"
    # The student tags and untags while the dossier is a draft; then it is
    # frozen (the snapshot is the exam's record).
    _gpme_lock_rules = {
        "open": {"admin": ALL, "student": ALL},
        "locked": {"admin": ALL},
    }
    _gpme_lock_protected = frozenset(
        PROTECTED_FIELDS | {"dossier_id", "student_id", "cohort_id"}
    )

    situation_id = fields.Many2one(
        "gpme.situation", required=True, index=True, ondelete="cascade"
    )
    dossier_id = fields.Many2one(
        related="situation_id.dossier_id", store=True, index=True
    )
    student_id = fields.Many2one(
        related="situation_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="situation_id.cohort_id", store=True, index=True, string="Class"
    )
    res_model = fields.Char(string="Document model", required=True, index=True)
    res_id = fields.Integer(string="Document ID", required=True, index=True)
    res_model_id = fields.Many2one(
        "ir.model",
        string="Document type",
        compute="_compute_res_model_id",
        store=True,
        ondelete="set null",
    )
    res_ref = fields.Reference(
        selection="_selection_res_ref", compute="_compute_res_ref", string="Document"
    )
    company_id = fields.Many2one("res.company", readonly=True)
    name = fields.Char(string="Reference", required=True)
    task_ids = fields.Many2many("gpme.task", string="Tasks shown")
    note = fields.Text()
    tagged_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
        string="Tagged by",
    )
    tagged_date = fields.Datetime(default=fields.Datetime.now, readonly=True)
    # Frozen snapshot: values as canonical JSON, the standard report's PDF,
    # and a SHA-256 over both.
    snapshot_values = fields.Text(readonly=True)
    snapshot_values_hash = fields.Char(readonly=True)
    snapshot_pdf = fields.Binary(string="Snapshot PDF", attachment=True, readonly=True)
    snapshot_pdf_name = fields.Char(readonly=True)
    snapshot_hash = fields.Char(string="SHA-256", readonly=True)
    snapshot_date = fields.Datetime(readonly=True)
    snapshot_note = fields.Char(
        readonly=True, help="Why the snapshot has no PDF, when it has none."
    )
    snapshot_html = fields.Html(
        string="Snapshot", compute="_compute_snapshot_html", sanitize=False
    )
    status = fields.Selection(
        [
            (STATUS_UP_TO_DATE, "Up to date"),
            (STATUS_CHANGED, "Source changed since snapshot"),
            (STATUS_DELETED, "Source deleted"),
        ],
        compute="_compute_status",
        search="_search_status",
    )

    _sql_constraints = [
        (
            "record_situation_uniq",
            "unique(situation_id, res_model, res_id)",
            "This document is already evidence of this situation.",
        )
    ]

    @api.model
    def _selection_res_ref(self):
        names = self._gpme_evidence_models()
        models_ = self.env["ir.model"].sudo().search([("model", "in", names)])
        return [(m.model, m.name) for m in models_]

    @api.model
    def _gpme_evidence_models(self):
        """Installed models usable as evidence (they inherit the mixin)."""
        return sorted(
            name
            for name, cls in self.env.registry.items()
            if not cls._abstract
            and not cls._transient
            and hasattr(cls, "_gpme_evidence_values")
        )

    @api.depends("res_model")
    def _compute_res_model_id(self):
        for evidence in self:
            evidence.res_model_id = (
                self.env["ir.model"]._get_id(evidence.res_model)
                if evidence.res_model
                else False
            )

    def _gpme_sources(self):
        """{evidence id: source record (sudo) or None when it is gone}."""
        sources = {}
        by_model = {}
        for evidence in self:
            by_model.setdefault(evidence.res_model, []).append(evidence)
        for model, evidences in by_model.items():
            if model not in self.env:
                for evidence in evidences:
                    sources[evidence.id] = None
                continue
            existing = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .browse([e.res_id for e in evidences])
                .exists()
            )
            found = {r.id: r for r in existing}
            for evidence in evidences:
                sources[evidence.id] = found.get(evidence.res_id)
        return sources

    @api.model
    def _gpme_sources_by_model(self, sources):
        """{model: recordset} of the live sources, to read each model once."""
        by_model = {}
        for source in filter(None, sources.values()):
            by_model[source._name] = (
                by_model.get(source._name, source.browse()) | source
            )
        return by_model

    def _compute_res_ref(self):
        sources = self._gpme_sources()
        for evidence in self:
            source = sources.get(evidence.id)
            evidence.res_ref = f"{source._name},{source.id}" if source else False

    def _compute_status(self):
        sources = self._gpme_sources()
        current = {}
        for model, records in self._gpme_sources_by_model(sources).items():
            for res_id, values in records._gpme_evidence_values().items():
                current[(model, res_id)] = values
        for evidence in self:
            source = sources.get(evidence.id)
            values = current.get((evidence.res_model, evidence.res_id))
            evidence.status = snapshot_status(
                evidence.snapshot_values_hash, values if source else None
            )

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the evidence status."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        evidences = self.search([])
        matching = evidences.filtered(lambda e: e.status in wanted)
        positive = operator in ("=", "in")
        return [("id", "in" if positive else "not in", matching.ids)]

    def _compute_snapshot_html(self):
        for evidence in self:
            evidence.snapshot_html = evidence._render_snapshot_html()

    def _render_snapshot_html(self):
        """A readable table of the frozen values (the JSON stays the truth)."""
        if not self.snapshot_values:
            return False
        values = json.loads(self.snapshot_values)
        lines = values.pop("lines", None)
        model = self.env[self.res_model] if self.res_model in self.env else None
        line_model = None
        if model is not None and model._gpme_evidence_line_field:
            line_model = self.env[
                model._fields[model._gpme_evidence_line_field].comodel_name
            ]

        def label(mdl, key):
            field = mdl._fields.get(key) if mdl is not None else None
            return field._description_string(self.env) if field else key

        def shown(mdl, key, val):
            # Selection keys (state, move type…) are shown with their label.
            field = mdl._fields.get(key) if mdl is not None else None
            if field and field.type == "selection":
                return dict(field._description_selection(self.env)).get(val, val)
            return val

        rows = [
            (label(model, key), shown(model, key, val))
            for key, val in values.items()
            if key not in ("model", "id", "display_name")
            and val not in (False, None, "")
        ]
        keys = list(lines[0].keys()) if lines else []
        return self.env["ir.qweb"]._render(
            "gpme_e4.snapshot_table",
            {
                "rows": rows,
                "line_columns": [label(line_model, k) for k in keys],
                "line_rows": [[line.get(k) for k in keys] for line in lines or []],
            },
        )

    # --- create / write / unlink ----------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        situations = (
            self.env["gpme.situation"]
            .sudo()
            .browse({v.get("situation_id") for v in vals_list} - {None, False})
        )
        # A tag racing a submission waits for it, then is refused.
        situations.dossier_id._gpme_lock_rows()
        self._check_new_links(vals_list)
        checked = self._check_sources(vals_list)
        sources = {}
        for vals in vals_list:
            if not self.env.su:
                # The seal is computed here, never taken from the client.
                for fname in PROTECTED_FIELDS - {"res_model", "res_id"}:
                    vals.pop(fname, None)
            source = checked[(vals["res_model"], vals["res_id"])]
            sources.setdefault(source._name, source.browse())
            sources[source._name] |= source
            vals.setdefault("name", source.display_name)
            company = source._gpme_evidence_company()
            vals["company_id"] = company.id if company else False
        # Snapshots are computed before the INSERT: one query batch however
        # many records are tagged.
        snapshots = {}
        for records in sources.values():
            snapshots.update(self._snapshot_vals(records))
        for vals in vals_list:
            vals.update(snapshots[(vals["res_model"], vals["res_id"])])
        records = super().create(vals_list)
        records._check_dossier_unlocked()
        records._check_own_situation()
        return records

    def write(self, vals):
        self._check_dossier_unlocked()
        if not self.env.su and PROTECTED_FIELDS & set(vals):
            raise UserError(
                _("The link and the snapshot of an evidence cannot be edited by hand.")
            )
        if "situation_id" in vals:
            self._check_new_links(
                [
                    {
                        "situation_id": vals["situation_id"],
                        "res_model": e.res_model,
                        "res_id": e.res_id,
                        "name": e.name,
                    }
                    for e in self
                ]
            )
        return super().write(vals)

    def unlink(self):
        self._check_dossier_unlocked()
        return super().unlink()

    def _check_dossier_unlocked(self):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        if self.sudo().dossier_id.filtered("is_locked"):
            raise UserError(self._gpme_lock_message("locked", {"name"}))

    # --- locks (gpme.lock.mixin) ------------------------------------------------
    def _gpme_lock_state(self):
        return {
            e.id: "locked" if e.dossier_id.is_locked else "open" for e in self.sudo()
        }

    def _gpme_lock_roles(self):
        dossiers = self.sudo().dossier_id.with_env(self.env)
        roles = dossiers._gpme_roles_map()
        return {e.id: roles[e.sudo().dossier_id.id] for e in self}

    def _gpme_lock_move_fields(self):
        return {"situation_id"}

    def _gpme_lock_message(self, state, refused):
        if state == "locked":
            return _(
                "The dossier has been submitted: its evidence can no longer be changed."
            )
        return super()._gpme_lock_message(state, refused)

    def _gpme_lock_state_label(self, state):
        return _("dossier submitted") if state == "locked" else _("draft dossier")

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
                    _("Records of type « %s » cannot be used as E4 evidence.", model)
                )
            ids_by_model.setdefault(model, set()).add(vals.get("res_id"))
        result = {}
        for model, ids in ids_by_model.items():
            records = self.env[model].browse(ids).exists()
            if len(records) != len(ids):
                raise UserError(_("The document to use as evidence no longer exists."))
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
                _("You can only use documents as evidence of your own situations.")
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
                    _("You can only use documents as evidence of your own situations.")
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

    # --- snapshot ---------------------------------------------------------------
    def _take_snapshot(self):
        """Freeze the source's values and PDF, unless the dossier is locked.

        Sources that are gone keep their last snapshot. Runs as superuser: the
        user's right to read the source was checked when tagging.
        """
        todo = self.sudo().filtered(lambda e: not e.dossier_id.is_locked)
        if not todo:
            return True
        sources = todo._gpme_sources()
        snapshots = {}
        for records in self._gpme_sources_by_model(sources).values():
            snapshots.update(self._snapshot_vals(records))
        for evidence in todo:
            vals = snapshots.get((evidence.res_model, evidence.res_id))
            if vals:
                evidence.write(vals)
        return True

    @api.model
    def _snapshot_vals(self, records):
        """{(model, id): snapshot field values} for records of one model."""
        records = records.sudo()
        values = records._gpme_evidence_values()
        pdfs, note = self._render_snapshot_pdfs(records)
        now = fields.Datetime.now()
        result = {}
        for record in records:
            vals = values[record.id]
            pdf = pdfs.get(record.id)
            result[(record._name, record.id)] = {
                "snapshot_values": json.dumps(
                    vals, sort_keys=True, ensure_ascii=False, indent=1
                ),
                "snapshot_values_hash": values_hash(vals),
                "snapshot_pdf": base64.b64encode(pdf) if pdf else False,
                "snapshot_pdf_name": (
                    f"{vals.get('display_name')}.pdf".replace("/", "_")
                    if pdf
                    else False
                ),
                "snapshot_hash": snapshot_hash(vals, pdf),
                "snapshot_date": now,
                "snapshot_note": False if pdf else note,
            }
        return result

    @api.model
    def _snapshot_pdf_enabled(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.evidence_snapshot_pdf", "1")
        )
        return param not in ("0", "False", "false")

    @api.model
    def _render_snapshot_pdfs(self, records):
        """({res_id: pdf bytes}, note when some PDF is missing).

        Never raises: without a usable wkhtmltopdf the values snapshot is kept.
        """
        report_xmlid = records._gpme_evidence_report
        if not report_xmlid:
            return {}, False
        if not self._snapshot_pdf_enabled():
            return {}, _("PDF snapshots are disabled in the settings.")
        report = self.env.ref(report_xmlid, raise_if_not_found=False)
        if not report:
            return {}, False
        if not self.env.registry.ready:
            # While modules load (demo data) the report assets do not exist.
            return {}, _(
                "PDF not generated while installing; refresh the snapshot to add it."
            )
        Report = self.env["ir.actions.report"].sudo()
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            return {}, _(
                "PDF not generated: wkhtmltopdf is not available on the server; "
                "the values are frozen."
            )
        printable = records._gpme_evidence_report_applies()
        if not printable:
            return {}, False
        # No commit of the assets bundle inside our savepoints.
        Report = Report.with_context(
            force_report_rendering=True, commit_assetsbundle=False
        )
        pdfs = {}
        ids = printable.ids
        try:
            for start in range(0, len(ids), PDF_CHUNK):
                chunk = ids[start : start + PDF_CHUNK]
                with self.env.cr.savepoint():
                    streams = Report._render_qweb_pdf_prepare_streams(
                        report, {}, res_ids=chunk
                    )
                if False in streams:
                    # The PDF could not be split per record: one call each.
                    streams = {}
                    for res_id in chunk:
                        with self.env.cr.savepoint():
                            streams.update(
                                Report._render_qweb_pdf_prepare_streams(
                                    report, {}, res_ids=[res_id]
                                )
                            )
                for res_id, data in streams.items():
                    if res_id and data.get("stream"):
                        pdfs[res_id] = data["stream"].getvalue()
        except Exception as exc:  # pylint: disable=broad-except
            # A broken report must not prevent tagging: the values are frozen.
            _logger.warning("E4 evidence PDF snapshot failed: %s", exc)
            return pdfs, _("PDF not generated (%s); the values are frozen.", exc)
        return pdfs, False

    def _verify_snapshot(self):
        """True when the stored SHA-256 still matches the values and PDF."""
        self.ensure_one()
        evidence = self.sudo()
        if not evidence.snapshot_values:
            return False
        values = json.loads(evidence.snapshot_values)
        pdf = base64.b64decode(evidence.snapshot_pdf) if evidence.snapshot_pdf else None
        return snapshot_hash(values, pdf) == evidence.snapshot_hash

    def action_refresh_snapshot(self):
        if self.sudo().dossier_id.filtered("is_locked"):
            raise UserError(
                _("The dossier has been submitted: its snapshots are frozen.")
            )
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._check_own_situation()
        self._take_snapshot()
        return True

    def action_open_source(self):
        self.ensure_one()
        source = self._gpme_sources().get(self.id)
        if not source:
            raise UserError(
                _(
                    "The document « %s » has been deleted; its snapshot is kept.",
                    self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
