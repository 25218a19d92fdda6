"""Dossiers handed in before the hand-in versions existed (16.0.2.2.0).

Such a dossier has no gpme.dossier.version: its prints were rendered live
(or, before, served from whatever attachment bore its name). Each one gets
its version 1 now, dated by its hand-in, and the same background job as a
hand-in prints, checks and seals it (queue_job, channel of the dossier PDFs).

Why a version now and the PDF by the job, not a flag for « the next print »:
the dossier is locked since its hand-in (fiches, evidence snapshots and
indicators frozen), so what is printed now is what was handed in; a version
made at the upgrade shows on the integrity page at once and the commission's
next print already reads the sealed file, whoever prints first. Rendering
the PDFs inside the upgrade instead would hold it for seconds per dossier
(the evidence PDFs with them) and fail it on a renderer problem. An old
attachment named like the dossier is never taken as the version: anyone who
could attach a file to the draft could have made it.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        "SELECT d.id FROM gpme_dossier d WHERE d.state != 'draft' AND NOT EXISTS "
        "(SELECT 1 FROM gpme_dossier_version v WHERE v.dossier_id = d.id) "
        "ORDER BY d.id"
    )
    dossiers = env["gpme.dossier"].browse([row[0] for row in cr.fetchall()])
    if not dossiers:
        return
    env["gpme.dossier.version"]._gpme_new(dossiers)
    dossiers._gpme_queue_dossier_pdf()
