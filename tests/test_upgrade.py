"""Install from scratch and upgrade (-u gpme_e4) in separate databases:
what an administrator edited, the classes and the students' work (a submitted
dossier, its frozen evidence snapshots) survive the upgrade untouched; a demo
database made when the demo lived in gpme_e4 keeps it, now gpme_e4_demo's."""

import hashlib
import json
import os
import subprocess
import sys

import psycopg2
import pytest

from odoo.tools import config

ODOO = "import sys, odoo.cli; sys.argv[0] = 'odoo'; odoo.cli.main()"
EDITED = "Facturation et relances clients (libellé de l'académie)"
# Comments of a bilan as the previous version stored them, one column each.
OLD_BILAN = {
    "1_1": None,
    "1_2": "Devis bien construits (ancien bilan).",
    "1_3": None,
    "1_4": None,
    "1_5": None,
    "1_6": "Lettrage à revoir (ancien bilan).",
}

# Grid B's criteria before 16.0.2.0.0 (the third as an administrator edited it)
# and after the upgrade.
GRID_B_BEFORE = {
    "criterion_b_analysis": "B_ANALYSIS",
    "criterion_b_message": "B_MESSAGE",
    "criterion_b_language": "B_LANG_ACADEMIE",
}
GRID_B_AFTER = {
    "criterion_b_analysis": "B_GRCF",
    "criterion_b_message": "B_INTERVIEW",
    "criterion_b_language": "B_LANG_ACADEMIE",
}


def _odoo(*args, stdin=None):
    cmd = [sys.executable, "-c", ODOO, *args, "-c", config.rcfile]
    cmd += ["--log-level=warn", "--max-cron-threads=0"]
    proc = subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, timeout=1200, check=False
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert " ERROR " not in proc.stderr, proc.stderr[-3000:]
    return proc


def _connect(dbname):
    conn = psycopg2.connect(
        host=config["db_host"],
        port=config["db_port"],
        user=config["db_user"],
        dbname=dbname,
    )
    conn.autocommit = True
    return conn


def _drop(dbname):
    conn = _connect("postgres")
    try:
        with conn.cursor() as cr:
            # The job runner of the test server may still listen on it.
            cr.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    finally:
        conn.close()


def _evidence_rows(dbname):
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT evidence_id, version, seal, frozen_values, taken_date "
                "FROM gpme_evidence_snapshot ORDER BY evidence_id, version"
            )
            return cr.fetchall()
    finally:
        conn.close()


OLD_PDF = b"%PDF-1.4 snapshot PDF stored on the evidence before 16.0.2"
OLD_SEAL = "f" * 64


def _evidence_id(cr, xmlid):
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE name = %s "
        "AND module IN ('gpme_e4', 'gpme_e4_demo')",
        (xmlid,),
    )
    return cr.fetchone()[0]


def _make_evidence_unversioned(dbname):
    """Give one evidence the 16.0.1 shape: its last snapshot in columns of
    gpme_evidence and its PDF an attachment of the evidence, no version."""
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            ev_id = _evidence_id(cr, "demo_evidence_sale_1")
            cr.execute(
                "ALTER TABLE gpme_evidence ADD COLUMN snapshot_values text, "
                "ADD COLUMN snapshot_values_hash varchar, "
                "ADD COLUMN snapshot_hash varchar, "
                "ADD COLUMN snapshot_date timestamp"
            )
            cr.execute(
                "UPDATE gpme_evidence e SET snapshot_values = s.frozen_values, "
                "snapshot_values_hash = s.values_hash, snapshot_hash = %s, "
                "snapshot_date = s.taken_date FROM gpme_evidence_snapshot s "
                "WHERE s.evidence_id = e.id AND e.id = %s AND s.version = "
                "(SELECT max(version) FROM gpme_evidence_snapshot "
                "WHERE evidence_id = e.id)",
                (OLD_SEAL, ev_id),
            )
            cr.execute(
                "SELECT frozen_values, taken_date FROM gpme_evidence_snapshot "
                "WHERE evidence_id = %s ORDER BY version DESC LIMIT 1",
                (ev_id,),
            )
            last = cr.fetchone()
            cr.execute(
                "DELETE FROM ir_attachment WHERE res_model = "
                "'gpme.evidence.snapshot' AND res_id IN (SELECT id FROM "
                "gpme_evidence_snapshot WHERE evidence_id = %s)",
                (ev_id,),
            )
            cr.execute(
                "DELETE FROM gpme_evidence_snapshot WHERE evidence_id = %s", (ev_id,)
            )
            cr.execute(
                "UPDATE ir_attachment SET res_id = %s WHERE res_model = "
                "'gpme.evidence' AND res_field = 'snapshot_pdf'",
                (ev_id,),
            )
            assert cr.rowcount == 1
    finally:
        conn.close()
    return ev_id, last


def _check_evidence_versioned(dbname, ev_id, last):
    """The 16.0.1 snapshot became version 1, values and PDF untouched, the
    old seal inside the new seal document, and the version verifies."""
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT id, version, reason, frozen_values, taken_date, pdf_state, "
                "pdf_sha256, seal, seal_json FROM gpme_evidence_snapshot "
                "WHERE evidence_id = %s",
                (ev_id,),
            )
            rows = cr.fetchall()
            assert len(rows) == 1, rows
            snap_id, version, reason, values, taken, pdf_state, digest, seal, doc = (
                rows[0]
            )
            assert (version, reason, values, taken) == (1, "migration", *last)
            assert pdf_state == "done"
            assert digest == hashlib.sha256(OLD_PDF).hexdigest()
            assert seal == hashlib.sha256(doc.encode("utf-8")).hexdigest()
            sealed = json.loads(doc)
            assert sealed["context"]["previous_seal"] == OLD_SEAL
            assert sealed["pdf_sha256"] == digest
            assert sealed["values"] == json.loads(values)
            # The PDF moved to the version; nothing left on the evidence.
            cr.execute(
                "SELECT res_model, res_id, res_field FROM ir_attachment "
                "WHERE res_field IN ('snapshot_pdf', 'pdf') AND res_model LIKE "
                "'gpme.evidence%%' AND (res_model, res_id) IN "
                "(('gpme.evidence', %s), ('gpme.evidence.snapshot', %s))",
                (ev_id, snap_id),
            )
            assert cr.fetchall() == [("gpme.evidence.snapshot", snap_id, "pdf")]
    finally:
        conn.close()
    proc = _odoo(
        "shell",
        "-d",
        dbname,
        stdin=(
            "snaps = env['gpme.evidence.snapshot'].search([])\n"
            "print('VERIFIED', sorted(set(ok for ok, _p in "
            "snaps._gpme_verify().values())), len(snaps))\n"
        ),
    )
    verified = [line for line in proc.stdout.splitlines() if "VERIFIED" in line]
    assert verified and verified[0].startswith("VERIFIED [True] "), proc.stdout[-2000:]


def _make_previous_version(dbname):
    """Give the database the shape of 16.0.1: bilans with six comment columns
    and no line, so that the 16.0.2.0.0 migration scripts run on it."""
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            for code in OLD_BILAN:
                cr.execute(f"ALTER TABLE gpme_review ADD COLUMN comment_{code} text")
            cr.execute("DELETE FROM gpme_review_line")
            cr.execute("DELETE FROM gpme_review_teacher_rel")
            cr.execute(
                "UPDATE gpme_review SET comment_1_2 = %s, comment_1_6 = %s, "
                "comment_1_4 = '  '",
                (OLD_BILAN["1_2"], OLD_BILAN["1_6"]),
            )
            # Classes held an integer year; dossiers had their own commission.
            cr.execute(
                "ALTER TABLE gpme_cohort ALTER COLUMN exam_session_id DROP NOT NULL"
            )
            cr.execute("UPDATE gpme_cohort SET exam_session_id = NULL")
            cr.execute("UPDATE gpme_dossier SET exam_session_id = NULL")
            cr.execute("DELETE FROM gpme_exam_session_member")
            cr.execute("DELETE FROM gpme_exam_session")
            # Grid B's criteria under their first codes; the administrator
            # edited the third one (its code), which the upgrade must keep.
            for xmlid, code in GRID_B_BEFORE.items():
                cr.execute(
                    "UPDATE gpme_grid_criterion c SET code = %s FROM ir_model_data x "
                    "WHERE x.module = 'gpme_e4' AND x.name = %s "
                    "AND x.model = 'gpme.grid.criterion' AND x.res_id = c.id",
                    (code, xmlid),
                )
            cr.execute(
                "UPDATE ir_module_module SET latest_version = '16.0.1.0.0' "
                "WHERE name = 'gpme_e4'"
            )
    finally:
        conn.close()


def _check_bilans_migrated(dbname):
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            # One exam session per former year, which classes and dossiers
            # point to; each dossier keeps its commission, now session members.
            cr.execute(
                "SELECT count(*), count(DISTINCT c.exam_session_id), min(s.year) "
                "FROM gpme_cohort c JOIN gpme_exam_session s "
                "ON s.id = c.exam_session_id AND s.year = c.session_year"
            )
            cohorts, sessions, year = cr.fetchone()
            cr.execute("SELECT count(*) FROM gpme_cohort")
            assert (cohorts, sessions, year) == (cr.fetchone()[0], 1, 2027)
            cr.execute(
                "SELECT count(*) FROM gpme_dossier d JOIN gpme_cohort c "
                "ON c.id = d.cohort_id WHERE d.exam_session_id IS DISTINCT FROM "
                "c.exam_session_id"
            )
            assert cr.fetchone()[0] == 0
            cr.execute(
                "SELECT u.login, EXISTS (SELECT 1 FROM gpme_exam_session_member m "
                "WHERE m.user_id = r.user_id AND m.session_id = d.exam_session_id) "
                "FROM gpme_dossier_commission_rel r "
                "JOIN gpme_dossier d ON d.id = r.dossier_id "
                "JOIN res_users u ON u.id = r.user_id"
            )
            # The demo's commission: the professional, and a teacher of the
            # class since 16.0.2.2.0; all of them members of the dossier's
            # session (the demo addon, loaded after gpme_e4's migrations,
            # also recreates the demo's own session deleted above).
            rows = set(cr.fetchall())
            assert ("jury", True) in rows and all(ok for __, ok in rows), rows
            cr.execute(
                "SELECT a.code, l.comment, l.student_id = r.student_id "
                "FROM gpme_review_line l JOIN gpme_review r ON r.id = l.review_id "
                "JOIN gpme_activity a ON a.id = l.activity_id ORDER BY a.code"
            )
            rows = cr.fetchall()
            cr.execute("SELECT count(*) FROM gpme_review")
            reviews = cr.fetchone()[0]
            # Blank comments (1.4) give no line; the others one per bilan.
            assert (
                rows
                == [("1.2", OLD_BILAN["1_2"], True)] * reviews
                + [("1.6", OLD_BILAN["1_6"], True)] * reviews
            ), rows
            cr.execute(
                "SELECT count(*) FROM gpme_review r JOIN gpme_review_teacher_rel t "
                "ON t.review_id = r.id AND t.user_id = r.teacher_id"
            )
            assert cr.fetchone()[0] == reviews
            cr.execute(
                "SELECT count(*) FROM information_schema.columns WHERE "
                "table_name = 'gpme_review' AND column_name LIKE 'comment_1_%%'"
            )
            assert cr.fetchone()[0] == 0
    finally:
        conn.close()


@pytest.fixture(scope="module")
def installed_db():
    """gpme_e4 and its demo installed once; each test upgrades a copy.
    scripts/test.sh hands over a copy of its fresh install (installing again
    takes minutes); elsewhere the test installs it."""
    given = os.environ.get("GPME_UPGRADE_DB")
    if given:
        yield given
        return
    dbname = f"{config['db_name']}_upgrade_tpl"
    _drop(dbname)
    try:
        _odoo("-d", dbname, "-i", "gpme_e4_demo", "--stop-after-init")
        yield dbname
    finally:
        _drop(dbname)


def _copy(template, dbname):
    _drop(dbname)
    conn = _connect("postgres")
    try:
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{dbname}" TEMPLATE "{template}"')
    finally:
        conn.close()


def test_upgrade_keeps_edited_referential_and_data(installed_db):
    dbname = f"{config['db_name']}_upgrade_run"
    _copy(installed_db, dbname)
    try:
        _odoo(
            "shell",
            "-d",
            dbname,
            stdin=(
                f"env.ref('gpme_e4.task_1_2_4').name = {EDITED!r}\n"
                "env['gpme.cohort'].create({'name': 'Classe avant mise à jour', "
                "'exam_session_id': env['gpme.exam.session'].create("
                "{'year': 2027, 'academy': 'Avant'}).id})\n"
                # The demo student's work, frozen as at submission.
                "ev = env.ref('gpme_e4_demo.demo_evidence_sale_1')\n"
                "ev._take_snapshot()\n"
                # The PDF a 16.0.1 evidence kept in its snapshot_pdf field.
                "env['ir.attachment'].create({'name': 'old.pdf', "
                "'res_model': 'gpme.evidence', 'res_id': ev.id, "
                f"'res_field': 'snapshot_pdf', 'raw': {OLD_PDF!r}}})\n"
                "env.ref('gpme_e4_demo.demo_dossier_student1').sudo().write("
                "{'state': 'submitted'})\n"
                # A demo built before it recorded its reference date.
                "env['ir.config_parameter'].search("
                "[('key', '=', 'gpme_e4.demo_date')]).unlink()\n"
                "env.cr.commit()\n"
            ),
        )
        before = _evidence_rows(dbname)
        assert before and all(row[1] for row in before), before
        ev_id, last = _make_evidence_unversioned(dbname)
        _make_previous_version(dbname)
        _odoo("-d", dbname, "-u", "gpme_e4", "--stop-after-init")
        _check_bilans_migrated(dbname)
        conn = _connect(dbname)
        with conn.cursor() as cr:
            cr.execute(
                "SELECT x.name, c.code FROM gpme_grid_criterion c JOIN ir_model_data x "
                "ON x.res_id = c.id AND x.model = 'gpme.grid.criterion' "
                "WHERE x.name IN %s",
                (tuple(GRID_B_AFTER),),
            )
            assert dict(cr.fetchall()) == GRID_B_AFTER
            cr.execute("SELECT name FROM gpme_task WHERE code = '1.2.4'")
            assert cr.fetchone()[0] == EDITED
            cr.execute("SELECT count(*) FROM gpme_task")
            assert cr.fetchone()[0] == 29
            cr.execute(
                "SELECT session_year FROM gpme_cohort WHERE name = %s",
                ("Classe avant mise à jour",),
            )
            assert cr.fetchone()[0] == 2027
            # The demo's reference date is back: the day its company was made.
            cr.execute(
                "SELECT p.value, c.create_date::date::text FROM ir_config_parameter p, "
                "res_company c JOIN ir_model_data x ON x.res_id = c.id "
                "AND x.model = 'res.company' AND x.name = 'demo_company' "
                "WHERE p.key = 'gpme_e4.demo_date'"
            )
            value, built = cr.fetchone()
            assert value == built
            cr.execute("SELECT state FROM ir_module_module WHERE name = 'gpme_e4'")
            assert cr.fetchone()[0] == "installed"
            cr.execute(
                "SELECT d.state FROM gpme_dossier d JOIN ir_model_data x "
                "ON x.res_id = d.id AND x.model = 'gpme.dossier' "
                "AND x.name = 'demo_dossier_student1'"
            )
            assert cr.fetchone()[0] == "submitted"
        conn.close()
        # Versions already taken are untouched; the unversioned snapshot
        # became version 1.
        assert [r for r in _evidence_rows(dbname) if r[0] != ev_id] == [
            r for r in before if r[0] != ev_id
        ]
        _check_evidence_versioned(dbname, ev_id, last)
    finally:
        _drop(dbname)


def _demo_facts(dbname):
    """What a teacher sees of the demo: its company and two years of business,
    the class, its users, dossiers, fiches and evidence, the records the demo
    named (external ids without their module, each still pointing to a row)."""
    conn = _connect(dbname)
    facts = {}
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name, model, res_id FROM ir_model_data WHERE name LIKE "
                "'demo\\_%%' AND module IN ('gpme_e4', 'gpme_e4_demo') ORDER BY name"
            )
            facts["xmlids"] = cr.fetchall()
            for _name, model, res_id in facts["xmlids"]:
                cr.execute(
                    f"SELECT 1 FROM {model.replace('.', '_')} WHERE id = %s", (res_id,)
                )
                assert cr.fetchone(), (_name, model, res_id)
            ids = {name: res_id for name, _m, res_id in facts["xmlids"]}
            company, cohort = ids["demo_company"], ids["demo_cohort"]
            queries = {
                "company": (
                    "SELECT c.name, p.vat FROM res_company c JOIN res_partner p "
                    "ON p.id = c.partner_id WHERE c.id = %s",
                    company,
                ),
                "business": (
                    "SELECT move_type, state, count(*), sum(amount_total) "
                    "FROM account_move WHERE company_id = %s "
                    "GROUP BY 1, 2 ORDER BY 1, 2",
                    company,
                ),
                "orders": (
                    "SELECT state, count(*) FROM sale_order WHERE company_id = %s "
                    "GROUP BY 1 ORDER BY 1",
                    company,
                ),
                "class": (
                    "SELECT u.login, u.active FROM res_users u "
                    "WHERE u.gpme_cohort_id = %s ORDER BY u.login",
                    cohort,
                ),
                "dossiers": (
                    "SELECT id, state, student_id FROM gpme_dossier "
                    "WHERE cohort_id = %s ORDER BY id",
                    cohort,
                ),
                "fiches": (
                    "SELECT s.id, s.state, s.name FROM gpme_situation s JOIN "
                    "gpme_dossier d ON d.id = s.dossier_id WHERE d.cohort_id = %s "
                    "ORDER BY s.id",
                    cohort,
                ),
                "evidence": (
                    "SELECT e.id, e.res_model, e.res_id, count(v.id) "
                    "FROM gpme_evidence e "
                    "JOIN gpme_situation s ON s.id = e.situation_id "
                    "JOIN gpme_dossier d ON d.id = s.dossier_id "
                    "LEFT JOIN gpme_evidence_snapshot v "
                    "ON v.evidence_id = e.id WHERE d.cohort_id = %s "
                    "GROUP BY e.id ORDER BY e.id",
                    cohort,
                ),
            }
            for key, (query, arg) in queries.items():
                cr.execute(query, (arg,))
                facts[key] = cr.fetchall()
    finally:
        conn.close()
    assert all(facts.values()), facts
    return facts


def _demo_in_core(dbname):
    """The shape of 16.0.2.2.0: the demo was gpme_e4's, and Odoo had never
    heard of gpme_e4_demo."""
    conn = _connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "UPDATE ir_model_data SET module = 'gpme_e4' "
                "WHERE module = 'gpme_e4_demo'"
            )
            cr.execute(
                "DELETE FROM ir_model_data WHERE module = 'base' "
                "AND name = 'module_gpme_e4_demo'"
            )
            cr.execute("DELETE FROM ir_module_module WHERE name = 'gpme_e4_demo'")
            assert cr.rowcount == 1
            cr.execute(
                "UPDATE ir_module_module SET latest_version = '16.0.2.2.0' "
                "WHERE name = 'gpme_e4'"
            )
    finally:
        conn.close()


def test_upgrade_hands_the_demo_to_its_own_addon(installed_db):
    """A demo database of the previous main (demo in gpme_e4) upgraded with
    -u gpme_e4: gpme_e4_demo ends installed and owns the demo's records; the
    company, its business, the class, its dossiers, fiches and evidence are
    the same rows as before."""
    dbname = f"{config['db_name']}_upgrade_demo"
    _copy(installed_db, dbname)
    try:
        before = _demo_facts(dbname)
        _demo_in_core(dbname)
        _odoo("-d", dbname, "-u", "gpme_e4", "--stop-after-init")
        assert _demo_facts(dbname) == before
        conn = _connect(dbname)
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name, state, demo FROM ir_module_module "
                "WHERE name LIKE 'gpme_e4%%' AND state != 'uninstalled' ORDER BY name"
            )
            assert cr.fetchall() == [
                ("gpme_e4", "installed", True),
                ("gpme_e4_demo", "installed", True),
            ]
            cr.execute(
                "SELECT module, count(*) FROM ir_model_data WHERE name LIKE "
                "'demo\\_%%' AND module LIKE 'gpme%%' GROUP BY module"
            )
            assert cr.fetchall() == [("gpme_e4_demo", len(before["xmlids"]))]
        conn.close()
    finally:
        _drop(dbname)
