import json
import logging

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..services import reference_date
from ..services.evidence_display import EvidenceDisplay
from ..services.evidence_snapshot import (
    STATUS_CHANGED,
    STATUS_DELETED,
    STATUS_UP_TO_DATE,
    printed_status,
    restrict_to,
)
from .gpme_evidence_checks import EvidenceTaggingChecks
from .gpme_evidence_mixin import document_kind_selection
from .gpme_evidence_snapshot import PDF_STATES
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


class GpmeEvidence(EvidenceTaggingChecks, models.Model):
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
    # Tagging reads the situation to check it is the student's own.
    _gpme_ids_checked_by_model = frozenset({"situation_id"})

    # Its tasks and note: what the form lets the student change.
    _gpme_readonly_probe = "note"

    situation_id = fields.Many2one(
        "gpme.situation", required=True, index=True, ondelete="cascade"
    )
    gpme_readonly = fields.Boolean(
        string="Read-only for me",
        compute="_compute_gpme_readonly",
        help="You may change nothing on this evidence (a teacher, the "
        "commission, or its dossier handed in): the form shows it read-only.",
    )
    # precompute: written with the row at tagging, not by an UPDATE after it.
    dossier_id = fields.Many2one(
        related="situation_id.dossier_id", store=True, index=True, precompute=True
    )
    student_id = fields.Many2one(
        related="situation_id.student_id",
        store=True,
        index=True,
        string="Student",
        precompute=True,
    )
    cohort_id = fields.Many2one(
        related="situation_id.cohort_id",
        store=True,
        index=True,
        string="Class",
        precompute=True,
    )
    res_model = fields.Char(string="Document model", required=True, index=True)
    res_id = fields.Integer(string="Document ID", required=True, index=True)
    res_model_id = fields.Many2one(
        "ir.model",
        string="Document type",
        compute="_compute_res_model_id",
        store=True,
        precompute=True,
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
    tagged_date = fields.Datetime(
        default=lambda self: reference_date.now(), readonly=True
    )
    # Versions of the frozen snapshot (never rewritten); the fields below
    # show the last one.
    snapshot_ids = fields.One2many(
        "gpme.evidence.snapshot", "evidence_id", string="Snapshot versions"
    )
    last_snapshot_id = fields.Many2one(
        "gpme.evidence.snapshot", compute="_compute_last_snapshot"
    )
    first_snapshot_id = fields.Many2one(
        "gpme.evidence.snapshot", compute="_compute_last_snapshot"
    )
    snapshot_count = fields.Integer(string="Versions", compute="_compute_last_snapshot")
    snapshot_values = fields.Text(compute="_compute_last_snapshot")
    snapshot_values_hash = fields.Char(compute="_compute_last_snapshot")
    snapshot_pdf = fields.Binary(
        string="Snapshot PDF", compute="_compute_last_snapshot"
    )
    snapshot_pdf_name = fields.Char(compute="_compute_last_snapshot")
    snapshot_pdf_state = fields.Selection(
        PDF_STATES,
        string="PDF",
        compute="_compute_last_snapshot",
    )
    # As the user is told: « being prepared » while an attempt is left.
    snapshot_pdf_status = fields.Selection(
        PDF_STATES,
        string="PDF progress",
        compute="_compute_last_snapshot",
    )
    snapshot_pdf_sha256 = fields.Char(
        string="PDF SHA-256", compute="_compute_last_snapshot"
    )
    snapshot_hash = fields.Char(
        string="Seal (SHA-256)", compute="_compute_last_snapshot"
    )
    snapshot_date = fields.Datetime(compute="_compute_last_snapshot")
    snapshot_note = fields.Char(
        compute="_compute_snapshot_note",
        help="Why the snapshot has no PDF, when it has none.",
    )
    # « Retry » on the last version's failed PDF, for those who may ask again.
    can_retry_pdf = fields.Boolean(
        string="Can retry the PDF", compute="_compute_snapshot_note"
    )
    kind = fields.Selection(
        document_kind_selection,
        string="Document kind",
        compute="_compute_last_snapshot",
    )
    source_create_uid = fields.Many2one(
        "res.users", string="Source created by", compute="_compute_last_snapshot"
    )
    snapshot_html = fields.Html(
        string="Snapshot", compute="_compute_snapshot_html", sanitize=False
    )
    diff_html = fields.Html(
        string="Changes", compute="_compute_diff_html", sanitize=False
    )
    live_html = fields.Html(
        string="Live document", compute="_compute_live_html", sanitize=False
    )
    # The viewer: the last frozen version beside the live document, read on
    # the reader's behalf (no right on the PGI models needed).
    compare_html = fields.Html(
        string="Frozen and live", compute="_compute_compare_html", sanitize=False
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
    status_note = fields.Char(
        string="What changed",
        compute="_compute_status",
        help="The fields of the document that differ from the snapshot; a "
        "« normal evolution » (invoicing, delivery, payment) leaves the "
        "evidence up to date.",
    )

    _sql_constraints = [
        (
            "record_situation_uniq",
            "unique(situation_id, res_model, res_id)",
            "This document is already evidence of this situation.",
        )
    ]

    def init(self):
        # The evidence counter of the PGI lists looks documents up by
        # (model, id): one index serves it (the single-column ones do not).
        tools.create_index(
            self._cr,
            "gpme_evidence_res_model_res_id_index",
            self._table,
            ["res_model", "res_id"],
        )

    @api.model
    def _selection_res_ref(self):
        names = self._gpme_evidence_models()
        models_ = self.env["ir.model"].sudo().search([("model", "in", names)])
        return [(m.model, m.name) for m in models_]

    @api.model
    @tools.ormcache()
    def _gpme_evidence_models(self):
        """Installed models usable as evidence (they inherit the mixin); the
        registry is rebuilt (and this cache cleared) when modules change."""
        return tuple(
            sorted(
                name
                for name, cls in self.env.registry.items()
                if not cls._abstract
                and not cls._transient
                and hasattr(cls, "_gpme_evidence_values")
            )
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

    @api.depends("snapshot_ids")
    def _compute_last_snapshot(self):
        snaps = (
            self.env["gpme.evidence.snapshot"]
            .sudo()
            .search([("evidence_id", "in", self.ids)], order="evidence_id, version")
        )
        by_evidence = {}
        for snap in snaps:
            by_evidence.setdefault(snap.evidence_id.id, []).append(snap)
        for evidence in self:
            versions = by_evidence.get(evidence.id) or [snaps.browse()]
            last = versions[-1]
            evidence.first_snapshot_id = versions[0]
            evidence.last_snapshot_id = last
            evidence.snapshot_count = len(by_evidence.get(evidence.id, []))
            evidence.snapshot_values = last.frozen_values
            evidence.snapshot_values_hash = last.values_hash
            evidence.snapshot_pdf = last.pdf if last.pdf_state == "done" else False
            evidence.snapshot_pdf_name = last.pdf_name
            evidence.snapshot_hash = last.seal
            evidence.snapshot_date = last.taken_date
            evidence.snapshot_pdf_state = last.pdf_state
            evidence.snapshot_pdf_sha256 = last.pdf_sha256
            evidence.kind = last.kind
            evidence.source_create_uid = versions[0].source_create_uid
            evidence.snapshot_pdf_status = last.pdf_status

    # Apart from the versions: what is said, and the button, depend on who
    # reads (gpme.dossier.pdf's PDF_RETRY_ROLES).
    @api.depends("snapshot_ids")
    @api.depends_context("uid")
    def _compute_snapshot_note(self):
        pdf_off = not self._snapshot_pdf_enabled()
        for evidence in self:
            last = evidence.sudo().last_snapshot_id
            evidence.can_retry_pdf = last.can_retry_pdf
            if last.pdf_state in ("failed", "pending"):
                evidence.snapshot_note = last.pdf_status_note
            elif last and pdf_off and evidence._gpme_has_report():
                evidence.snapshot_note = _(
                    "PDF snapshots are disabled in the settings."
                )
            else:
                evidence.snapshot_note = False

    def action_retry_pdf(self):
        """« Retry »: a new render of the last version's failed PDF; refused
        here, naming nothing, to whoever may not ask again (an evidence
        without a version included)."""
        self.sudo().dossier_id.with_env(self.env)._gpme_check_retry_pdf()
        return self.sudo().last_snapshot_id.with_env(self.env).action_retry_pdf()

    def _gpme_has_report(self):
        model = self.env.get(self.res_model)
        return model is not None and bool(getattr(model, "_gpme_evidence_report", None))

    def _compute_status(self):
        sources = self._gpme_sources()
        current = {}
        for model, records in self._gpme_sources_by_model(sources).items():
            for res_id, values in records._gpme_evidence_values().items():
                current[(model, res_id)] = values
        for evidence in self:
            source = sources.get(evidence.id)
            values = current.get((evidence.res_model, evidence.res_id))
            frozen = json.loads(evidence.snapshot_values or "null")
            live = restrict_to(values, frozen) if source else None
            display = EvidenceDisplay(evidence)
            neutral = display.neutral_fields()
            evidence.status = printed_status(frozen, live, neutral)
            evidence.status_note = display.status_note(frozen, live, neutral)

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Unsupported search on the evidence status."))
        wanted = {value} if isinstance(value, str) else set(value or ())
        evidences = self.search([])
        matching = evidences.filtered(lambda e: e.status in wanted)
        positive = operator in ("=", "in")
        return [("id", "in" if positive else "not in", matching.ids)]

    # The frozen and live values as the reader reads them: services/evidence_display.
    def _compute_snapshot_html(self):
        for evidence in self:
            evidence.snapshot_html = EvidenceDisplay(evidence).snapshot_html()

    def _compute_diff_html(self):
        sources = self._gpme_sources()
        for evidence in self:
            display = EvidenceDisplay(evidence)
            evidence.diff_html = display.diff_html(sources.get(evidence.id))

    def _compute_compare_html(self):
        sources = self._gpme_sources()
        live_by_key = {}
        for model, records in self._gpme_sources_by_model(sources).items():
            for res_id, values in records._gpme_evidence_values().items():
                live_by_key[(model, res_id)] = values
        for evidence in self:
            live = None
            if sources.get(evidence.id):
                live = live_by_key.get((evidence.res_model, evidence.res_id))
            evidence.compare_html = EvidenceDisplay(evidence).compare_html(live)

    def _compute_live_html(self):
        sources = self._gpme_sources()
        for evidence in self:
            display = EvidenceDisplay(evidence)
            evidence.live_html = display.live_html(sources.get(evidence.id))

    # --- create / write / unlink ----------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # Types and ids first: the checks below read the values given.
        for vals in vals_list:
            self._gpme_check_sizes(vals)
        situations = (
            self.env["gpme.situation"]
            .sudo()
            .browse({v.get("situation_id") for v in vals_list} - {None, False})
        )
        # A tag racing a submission waits for it, then is refused.
        situations.dossier_id._gpme_lock_rows()
        self._check_new_links(vals_list)
        checked = self._check_sources(vals_list)
        for vals in vals_list:
            if not self.env.su:
                # The seal is computed here, never taken from the client.
                for fname in PROTECTED_FIELDS - {"res_model", "res_id"}:
                    vals.pop(fname, None)
            source = checked[(vals["res_model"], vals["res_id"])]
            vals.setdefault("name", source.display_name)
            company = source._gpme_evidence_company()
            vals["company_id"] = company.id if company else False
        records = super().create(vals_list)
        records._check_dossier_unlocked()
        records._check_own_situation()
        # Values sealed now; the PDFs come from background jobs.
        self.env["gpme.evidence.snapshot"]._gpme_take(records, "tagging")
        records.situation_id._gpme_evidence_changed(records, "added")
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
        self.env["gpme.dossier"]._gpme_check_deletion_reason(
            self.sudo().dossier_id.filtered("is_locked"),
            what=", ".join(self.sudo().mapped("name")),
            records=self.filtered(lambda e: e.sudo().dossier_id.is_locked),
        )
        self.sudo().situation_id._gpme_evidence_changed(self, "removed")
        self.sudo().snapshot_ids.with_context(gpme_evidence_unlink=True).unlink()
        return super().unlink()

    def _check_dossier_unlocked(self):
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        if self.sudo().dossier_id.filtered("is_locked"):
            raise UserError(self._gpme_lock_message("locked", {"name"}))

    # --- locks (gpme.lock.mixin) ------------------------------------------------
    @api.depends("dossier_id.state")
    @api.depends_context("uid")
    def _compute_gpme_readonly(self):
        return super()._compute_gpme_readonly()

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

    # --- snapshot ---------------------------------------------------------------
    def _take_snapshot(self, reason="refresh", only_changed=False):
        """Add a sealed version, unless the dossier is locked; the earlier
        versions stay. Sources that are gone keep their last snapshot. Runs as
        superuser: the user's right to read the source was checked when
        tagging."""
        todo = self.sudo().filtered(lambda e: not e.dossier_id.is_locked)
        if only_changed:
            # The status has no dependencies: compute it afresh.
            todo.invalidate_recordset(["status"])
            todo = todo.filtered(lambda e: e.status == STATUS_CHANGED)
        if not todo:
            return self.env["gpme.evidence.snapshot"]
        return self.env["gpme.evidence.snapshot"]._gpme_take(todo, reason)

    @api.model
    def _snapshot_pdf_enabled(self):
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.evidence_snapshot_pdf", "1")
        )
        return param not in ("0", "False", "false")

    def _verify_snapshot(self):
        """True when every version's seal still matches what is stored."""
        self.ensure_one()
        snaps = self.sudo().snapshot_ids
        if not snaps:
            return False
        return all(ok for ok, _problem in snaps._gpme_verify().values())

    def action_refresh_snapshot(self):
        # The caller's rights first: the dossier's state is said only to
        # those who may read it.
        self.check_access_rights("read")
        self.check_access_rule("read")
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
        """The live document: its own form for the student who tagged it,
        when she may read it; for everyone else (teachers, commission, and
        across a company per student) the E4 viewer, read-only: nobody but
        the student acts on her documents."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        source = self._gpme_sources().get(self.id)
        if not source:
            raise UserError(
                _(
                    "The document « %s » has been deleted; its snapshot is kept.",
                    self.name,
                )
            )
        readable = source.with_user(self.env.user)
        if (
            self.sudo().student_id == self.env.user
            and readable.check_access_rights("read", raise_exception=False)
            and not readable._filter_access_rules("read") == readable.browse()
        ):
            return {
                "type": "ir.actions.act_window",
                "res_model": self.res_model,
                "res_id": self.res_id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        return self.action_open_viewer()

    def action_open_viewer(self):
        """The E4 viewer: frozen beside live and the sealed PDF, read on the
        reader's behalf once the evidence itself is readable."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("%s (frozen and live, read-only)", self.name),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("gpme_e4.gpme_evidence_view_form_live").id, "form")
            ],
            "target": "new",
        }
