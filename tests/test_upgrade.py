"""Install from scratch and upgrade (-u gpme_e4) in a separate database:
what an administrator edited, the classes and the students' work (a submitted
dossier, its frozen evidence snapshots) survive the upgrade untouched."""

import subprocess
import sys

import psycopg2

from odoo.tools import config

ODOO = "import sys, odoo.cli; sys.argv[0] = 'odoo'; odoo.cli.main()"
EDITED = "Facturation et relances clients (libellé de l'académie)"


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
            cr.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
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


def test_upgrade_keeps_edited_referential_and_data():
    dbname = f"{config['db_name']}_upgrade"
    _drop(dbname)
    try:
        _odoo("-d", dbname, "-i", "gpme_e4", "--stop-after-init")
        _odoo(
            "shell",
            "-d",
            dbname,
            stdin=(
                f"env.ref('gpme_e4.task_1_2_4').name = {EDITED!r}\n"
                "env['gpme.cohort'].create("
                "{'name': 'Classe avant mise à jour', 'session_year': 2027})\n"
                # The demo student's work, frozen as at submission.
                "ev = env.ref('gpme_e4.demo_evidence_sale_1')\n"
                "ev._take_snapshot()\n"
                "env.ref('gpme_e4.demo_dossier_student1').sudo().write("
                "{'state': 'submitted'})\n"
                "env.cr.commit()\n"
            ),
        )
        before = _evidence_rows(dbname)
        assert before and all(row[1] for row in before), before
        _odoo("-d", dbname, "-u", "gpme_e4", "--stop-after-init")
        conn = _connect(dbname)
        with conn.cursor() as cr:
            cr.execute("SELECT name FROM gpme_task WHERE code = '1.2.4'")
            assert cr.fetchone()[0] == EDITED
            cr.execute("SELECT count(*) FROM gpme_task")
            assert cr.fetchone()[0] == 29
            cr.execute(
                "SELECT session_year FROM gpme_cohort WHERE name = %s",
                ("Classe avant mise à jour",),
            )
            assert cr.fetchone()[0] == 2027
            cr.execute("SELECT state FROM ir_module_module WHERE name = 'gpme_e4'")
            assert cr.fetchone()[0] == "installed"
            cr.execute(
                "SELECT d.state FROM gpme_dossier d JOIN ir_model_data x "
                "ON x.res_id = d.id AND x.model = 'gpme.dossier' "
                "AND x.name = 'demo_dossier_student1'"
            )
            assert cr.fetchone()[0] == "submitted"
        conn.close()
        assert _evidence_rows(dbname) == before
    finally:
        _drop(dbname)
