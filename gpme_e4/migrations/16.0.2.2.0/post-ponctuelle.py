"""Forme ponctuelle as its own path (16.0.2.2.0), after the data is loaded.

Grid P's rows (the four phases, /20) are new noupdate records, created by
the upgrade. An evaluation in the forme ponctuelle still open (not
published, dossier not archived, no grid signed) had grids A and B and,
when it was drawn, a third fiche de travail « written »: its lines of A and
B are removed, grid P's added; the written fiche becomes the evaluation's
written situation (when it is still a validated written fiche of the
dossier) and is removed; the mark is the grid's total. A note in its
chatter says so. A signed or published evaluation stays as it was signed.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_ponctuelle(env)


def migrate_ponctuelle(env):
    evaluations = env["gpme.evaluation"].search(
        [
            ("form", "=", "ponctuelle"),
            ("published", "=", False),
            ("dossier_id.state", "!=", "archived"),
        ]
    )
    for evaluation in evaluations.filtered(lambda e: not e.signature_ids):
        written = evaluation.work_sheet_ids.filtered(lambda s: s.kind == "written")
        situation = written.situation_id[:1]
        if (
            situation
            and not evaluation.written_situation_id
            and situation.dossier_id == evaluation.dossier_id
            and situation.state == "validated"
            and situation.is_written
        ):
            evaluation.written_situation_id = situation
        written.unlink()
        evaluation.line_ids.filtered(lambda x: x.grid != "P").unlink()
        evaluation._gpme_create_lines()
        # Upgrades run without a language: the note stays in English.
        evaluation.message_post(
            body="Forme ponctuelle: grids A and B were replaced by the grid of "
            "the one-hour exam in four phases (/20); the written situation is "
            "chosen on the evaluation, without a fiche de travail."
        )
