"""Grids from the référentiel (16.0.2.1.0), after the data is loaded.

The criteria are noupdate data, which an upgrade does not rewrite: the
former ones are rewritten once from the data file (wording, family, kind,
tasks, rows; the former grid was « à vérifier », an administrator's wording
of it is replaced, except on grid B's three rows, unchanged in meaning), the
new ones were created by the upgrade. The four
invented criteria of the former grid A are archived. An evaluation still
open (not published, dossier not archived) whose grid A is not signed
gets the new grid: the former lines are removed, the rows, the penalties and
the new critères de performance added, proposed from the year-2 bilans; a
note in its chatter says so. A signed grid A stays as it was signed (its
criteria archived, still readable).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file

INVENTED = (
    "criterion_a_analysis",
    "criterion_a_methods",
    "criterion_a_erp",
    "criterion_a_communication",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_grids(env)


def migrate_grids(env):
    # Grid B's three rows keep their meaning in this version: what an
    # administrator made of them (code, wording) survives the rewrite.
    env.cr.execute(
        "SELECT id, code, name FROM gpme_grid_criterion WHERE situation = 'B'"
    )
    grid_b = env.cr.fetchall()
    # Mode "init": records of a noupdate file are written, not skipped.
    convert_file(
        env.cr,
        "gpme_e4",
        "data/gpme_grid_criterion_data.xml",
        {},
        mode="init",
        noupdate=True,
        kind="data",
    )
    for criterion_id, code, name in grid_b:
        env.cr.execute(
            "UPDATE gpme_grid_criterion SET code = %s, name = %s WHERE id = %s",
            [code, name, criterion_id],
        )
    env.invalidate_all()
    Criterion = env["gpme.grid.criterion"].with_context(active_test=False)
    invented = Criterion.browse(
        [
            r.id
            for r in (
                env.ref(f"gpme_e4.{x}", raise_if_not_found=False) for x in INVENTED
            )
            if r
        ]
    )
    invented.write({"active": False})
    evaluations = env["gpme.evaluation"].search(
        [("published", "=", False), ("dossier_id.state", "!=", "archived")]
    )
    for evaluation in evaluations:
        if evaluation.signed_a:
            continue
        old = evaluation.line_ids.filtered(lambda x: x.criterion_id in invented)
        old.unlink()
        added = evaluation._gpme_create_lines()
        if old or added.filtered(lambda x: x.grid == "A"):
            # Upgrades run without a language: the note stays in English.
            evaluation.message_post(
                body="Grid A now follows the critères de performance of the "
                "référentiel: its lines were replaced, proposed from the bilans "
                "of the second year."
            )
