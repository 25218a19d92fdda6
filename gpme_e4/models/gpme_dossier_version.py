"""A hand-in of the dossier, kept as handed in: its whole PDF in a field of
its own (never an attachment found by name), checked to show the candidate,
the session and every fiche code, and sealed by its SHA-256. A reopening
keeps the version; the next hand-in makes a new one."""

import base64
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..services.evidence_snapshot import pdf_missing_texts, sha256_hex
from ..services.job_rows import claim_row

_logger = logging.getLogger(__name__)
# Dossiers printed together by one job (each part one wkhtmltopdf run for
# them all); gpme_e4.dossier_pdf_batch overrides it, 1 prints one by one.
DOSSIER_PDF_BATCH = 5


class GpmeDossierVersion(models.Model):
    _name = "gpme.dossier.version"
    _description = "E4 dossier as handed in (sealed PDF)"
    _order = "dossier_id, version desc"
    _rec_name = "pdf_name"

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, readonly=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    version = fields.Integer(readonly=True, required=True)
    submitted_date = fields.Datetime(string="Handed in on", readonly=True)
    state = fields.Selection(
        [
            ("pending", "Being printed"),
            ("done", "Sealed"),
            ("failed", "Failed"),
        ],
        default="pending",
        required=True,
        readonly=True,
    )
    pdf = fields.Binary(string="PDF", attachment=True, readonly=True)
    pdf_name = fields.Char(string="File name", readonly=True)
    pdf_sha256 = fields.Char(string="PDF SHA-256", readonly=True)
    error = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "dossier_version_uniq",
            "unique(dossier_id, version)",
            "A dossier has one version per number.",
        )
    ]

    # --- the application writes it ---------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_("The handed-in versions are kept by the application."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(_("The handed-in versions are kept by the application."))
        if self.filtered(lambda v: v.state == "done"):
            # A sealed version never changes, not even by the application.
            raise AccessError(_("A sealed handed-in version cannot be changed."))
        return super().write(vals)

    @api.model
    def _gpme_new(self, dossiers):
        """One new version per dossier handed in (called at the hand-in)."""
        Version = self.sudo()
        vals = []
        for dossier in dossiers.sudo():
            last = Version.search([("dossier_id", "=", dossier.id)], limit=1)
            vals.append(
                {
                    "dossier_id": dossier.id,
                    "version": (last.version or 0) + 1,
                    "submitted_date": dossier.submitted_date,
                }
            )
        return Version.create(vals)

    # --- printing in batches ------------------------------------------------------
    def _gpme_claim_batch(self):
        """This version and up to gpme_e4.dossier_pdf_batch - 1 other last
        versions ready to print (handed in, every evidence PDF sealed),
        locked for this job; empty when another job holds this one."""
        self.ensure_one()
        if not self._gpme_lock_row():
            return self.browse()
        size = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.dossier_pdf_batch", DOSSIER_PDF_BATCH)
        )
        if size <= 1:
            return self
        self.flush_model(["state", "version", "dossier_id"])
        self.env["gpme.dossier"].flush_model(["state"])
        self.env.cr.execute(
            """
            SELECT v.id
              FROM gpme_dossier_version v
              JOIN gpme_dossier d ON d.id = v.dossier_id
             WHERE v.state != 'done' AND d.state != 'draft' AND v.id != %s
               AND v.version = (SELECT max(version) FROM gpme_dossier_version
                                 WHERE dossier_id = v.dossier_id)
             ORDER BY v.id
             LIMIT %s
            """,
            [self.id, 4 * size],
        )
        others = self.browse([row[0] for row in self.env.cr.fetchall()])
        claimed = self
        for other in others.filtered(lambda v: not v.dossier_id.evidence_pdf_pending):
            if len(claimed) >= size:
                break
            if other._gpme_lock_row():
                claimed |= other
        return claimed

    def _gpme_lock_row(self):
        """Lock this version's row for this job (see services.job_rows)."""
        self.flush_recordset(["state"])
        return claim_row(
            self.env.cr, "gpme_dossier_version", self.id, "state != 'done'"
        )

    # --- sealing -------------------------------------------------------------------
    def _gpme_pdf_needles(self):
        """What the PDF must show: the candidate, the session, every fiche."""
        self.ensure_one()
        dossier = self.dossier_id.sudo()
        needles = [dossier.student_id.name, str(dossier.session_year)]
        needles += [code for code in dossier.situation_ids.mapped("code") if code]
        return [n for n in needles if n]

    def _gpme_seal(self, pdf):
        """Check the rendered PDF, then keep and seal it (or say why not)."""
        self.ensure_one()
        Snapshot = self.env["gpme.evidence.snapshot"]
        missing = pdf_missing_texts(
            Snapshot._gpme_pdf_text(pdf), self._gpme_pdf_needles()
        )
        version = self.sudo()
        if missing:
            error = _(
                "the PDF does not show %s",
                ", ".join(f"« {m} »" for m in missing),
            )
            _logger.warning("E4 dossier version %s not sealed: %s", self.id, error)
            version.write({"state": "failed", "error": error})
            return False
        dossier = self.dossier_id.sudo()
        version.write(
            {
                "pdf": base64.b64encode(pdf),
                "pdf_name": f"Dossier E4 - {dossier.student_id.name} - "
                f"v{self.version}.pdf".replace("/", "_"),
                "pdf_sha256": sha256_hex(pdf),
                "error": False,
                "state": "done",
            }
        )
        # The seal in the journal too: a version replaced behind the
        # application's back no longer matches its entry.
        self.env["gpme.journal"]._gpme_log(
            "dossier_sealed",
            dossier,
            details={"version": self.version, "sha256": version.pdf_sha256},
        )
        return True

    def _gpme_raw(self):
        """The PDF's bytes if the seal still verifies, else None."""
        self.ensure_one()
        version = self.sudo()
        if version.state != "done" or not version.pdf:
            return None
        pdf = base64.b64decode(version.pdf)
        return pdf if sha256_hex(pdf) == version.pdf_sha256 else None

    def _gpme_verified(self):
        return {v.id: v.state == "done" and v._gpme_raw() is not None for v in self}
