"""Evidence snapshots become versions (gpme.evidence.snapshot).

Before 16.0.2.0.0 the snapshot lived on gpme.evidence itself (columns
snapshot_values, snapshot_values_hash, snapshot_hash, snapshot_date and the
snapshot_pdf attachment). Each becomes version 1 ("before version history")
with its values and PDF untouched: the old SHA-256 is kept inside the new
seal document, so the old seal stays checkable. The old columns are left in
place (nothing is dropped by an upgrade).
"""

import base64
import json

from odoo import SUPERUSER_ID, api
from odoo.addons.gpme_e4.services.evidence_snapshot import (
    seal_document,
    sha256_hex,
)
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version or not column_exists(cr, "gpme_evidence", "snapshot_values"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    migrate_evidence_snapshots(env)


def migrate_evidence_snapshots(env):
    cr = env.cr
    cr.execute(
        """
        SELECT e.id, e.snapshot_values, e.snapshot_values_hash, e.snapshot_hash,
               e.snapshot_date, e.tagged_date
          FROM gpme_evidence e
         WHERE e.snapshot_values IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM gpme_evidence_snapshot s
                            WHERE s.evidence_id = e.id)
        """
    )
    rows = cr.fetchall()
    Attachment = env["ir.attachment"]
    Snapshot = env["gpme.evidence.snapshot"].with_context(gpme_snapshot_job=True)
    for ev_id, values_txt, v_hash, old_seal, snap_date, tagged_date in rows:
        evidence = env["gpme.evidence"].browse(ev_id)
        values = json.loads(values_txt)
        old_pdf = Attachment.search(
            [
                ("res_model", "=", "gpme.evidence"),
                ("res_id", "=", ev_id),
                ("res_field", "=", "snapshot_pdf"),
            ],
            limit=1,
        )
        pdf = base64.b64decode(old_pdf.datas) if old_pdf else None
        digest = sha256_hex(pdf) if pdf else None
        context = {
            "evidence": ev_id,
            "version": 1,
            "reason": "migration",
            "taken": str(snap_date or tagged_date),
            "fiche": evidence.situation_id.display_name,
            "fiche_id": evidence.situation_id.id,
            "student": evidence.student_id.name,
            "tagged_by": evidence.tagged_by_id.name,
            "tagged_by_login": evidence.tagged_by_id.login,
            "tagged_date": str(tagged_date),
            "source_created_by": None,
            "previous_seal": old_seal,
        }
        seal_json = seal_document(context, values, digest)
        Snapshot.create(
            {
                "evidence_id": ev_id,
                "version": 1,
                "reason": "migration",
                "taken_date": snap_date or tagged_date,
                "frozen_values": values_txt,
                "values_hash": v_hash,
                "pdf": old_pdf.datas if old_pdf else False,
                "pdf_name": old_pdf.name if old_pdf else False,
                "pdf_sha256": digest,
                "pdf_state": "done" if pdf else "none",
                "seal_json": seal_json,
                "seal": sha256_hex(seal_json.encode("utf-8")),
            }
        )
        if old_pdf:
            old_pdf.unlink()
