"""The install paths a school uses, run for real against a throwaway
PostgreSQL with the local Odoo: the compose set-ups' scripts (demo init,
production start, backup/restore: the same commands the containers run) and
scripts/run.sh's safe defaults."""

import json
import os
import socket
import stat
import subprocess
import sys
import time

import psutil
import pytest
import requests
from install_support import (
    DOCKER,
    ROOT,
    Cluster,
    docker_env,
    free_port,
    log_tail,
    make_workdir,
    remove,
    serving,
    wait_http,
)

DEMO_DB = "gpme_demo"
EVIDENCE = "gpme_e4_demo.demo_evidence_sale_1"


@pytest.fixture(scope="module")
def workdir():
    path = make_workdir()
    yield path
    remove(path)


@pytest.fixture(scope="module")
def cluster(workdir):
    cluster = Cluster(workdir)
    yield cluster
    cluster.stop()


def _run(cmd, env, timeout=1800, stdin=None):
    proc = subprocess.run(
        cmd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc


def _shell(cluster, workdir, db, code):
    """`odoo shell` on a database of the throwaway cluster; its stdout."""
    env = docker_env(cluster, workdir)
    cmd = [
        "odoo",
        "shell",
        "--db_host=127.0.0.1",
        f"--db_port={cluster.port}",
        "--db_user=gpme",
        f"--addons-path={env['ADDONS_PATH']}",
        f"--data-dir={env['DATA_DIR']}",
        "-d",
        db,
        "--no-http",
        "--log-level=warn",
    ]
    return _run(cmd, env, stdin=code).stdout


@pytest.fixture(scope="module")
def demo_db(cluster, workdir):
    """docker/init-demo.sh, as the compose `init` service runs it."""
    env = docker_env(
        cluster, workdir, DB_NAME=DEMO_DB, REPORT_URL="http://localhost:8069"
    )
    proc = _run(["bash", str(DOCKER / "init-demo.sh")], env)
    assert f"{DEMO_DB} created" in proc.stdout
    return env


def test_init_demo_creates_the_demo_database_once(cluster, demo_db):
    rows = cluster.query(
        DEMO_DB,
        "SELECT name, state, demo FROM ir_module_module "
        "WHERE name IN ('gpme_e4', 'gpme_e4_demo', 'l10n_fr') ORDER BY name",
    )
    assert rows == [
        ("gpme_e4", "installed", True),
        ("gpme_e4_demo", "installed", True),
        ("l10n_fr", "installed", True),
    ]
    langs = cluster.query(
        DEMO_DB,
        "SELECT DISTINCT p.lang FROM res_users u JOIN res_partner p "
        "ON p.id = u.partner_id WHERE u.active",
    )
    assert langs == [("fr_FR",)]
    assert cluster.query(
        DEMO_DB, "SELECT value FROM ir_config_parameter WHERE key = 'report.url'"
    ) == [("http://localhost:8069",)]
    # The `odoo` service waits for `init` at every start: it must end at once.
    again = _run(["bash", str(DOCKER / "init-demo.sh")], demo_db, timeout=120)
    assert "already exists" in again.stdout


def test_backup_restored_into_a_new_database_keeps_sealed_evidence(
    cluster, workdir, demo_db
):
    """docker/backup.py: Odoo's zip dump (database + filestore) restored into
    a new database; the dossier's frozen evidence and its files are intact."""
    seal = json.loads(
        _shell(
            cluster,
            workdir,
            DEMO_DB,
            "import json\n"
            "env['ir.config_parameter'].set_param("
            "'gpme_e4.evidence_snapshot_pdf', '0')\n"
            f"ev = env.ref({EVIDENCE!r})\n"
            "ev._take_snapshot()\n"
            "att = env['ir.attachment'].create({'name': 'bon.txt', "
            "'raw': b'bon de commande signe', 'res_model': ev._name, "
            "'res_id': ev.id})\n"
            "env.cr.commit()\n"
            "print(json.dumps({'hash': ev.snapshot_hash, "
            "'values': ev.snapshot_values, 'ok': ev._verify_snapshot(), "
            "'att': att.checksum}))\n",
        )
        .strip()
        .splitlines()[-1]
    )
    assert seal["ok"] and seal["hash"]
    conf = workdir / "backup.conf"
    conf.write_text(
        "[options]\n"
        f"db_host = 127.0.0.1\ndb_port = {cluster.port}\ndb_user = gpme\n"
        f"addons_path = {demo_db['ADDONS_PATH']}\n"
        f"data_dir = {demo_db['DATA_DIR']}\nlist_db = False\n"
    )
    dump = workdir / "gpme_demo.zip"
    backup = [sys.executable, str(DOCKER / "backup.py"), "-c", str(conf)]
    _run([*backup, "backup", DEMO_DB, str(dump)], demo_db)
    assert dump.read_bytes()[:2] == b"PK"
    restored = "gpme_restored"
    _run([*backup, "restore", restored, str(dump), "--copy"], demo_db)
    # Restoring over an existing database is refused, naming it.
    proc = subprocess.run(
        [*backup, "restore", restored, str(dump)],
        env=demo_db,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0 and restored in proc.stderr
    after = json.loads(
        _shell(
            cluster,
            workdir,
            restored,
            "import json\n"
            f"ev = env.ref({EVIDENCE!r})\n"
            "att = env['ir.attachment'].search([('res_model', '=', ev._name), "
            "('res_id', '=', ev.id), ('name', '=', 'bon.txt')])\n"
            "print(json.dumps({'hash': ev.snapshot_hash, "
            "'values': ev.snapshot_values, 'ok': ev._verify_snapshot(), "
            "'att': att.checksum, 'raw': att.raw.decode()}))\n",
        )
        .strip()
        .splitlines()[-1]
    )
    assert after == {**seal, "raw": "bon de commande signe"}


def _listening(port):
    return {
        c.laddr.ip
        for c in psutil.net_connections(kind="inet")
        if c.status == psutil.CONN_LISTEN and c.laddr.port == port
    }


def _refuses_database_manager(base, master_password, db):
    """/web/database/*: no list, no backup, no drop, even with the master
    password."""
    resp = requests.post(
        f"{base}/web/database/backup",
        data={"master_pwd": master_password, "name": db, "backup_format": "zip"},
        timeout=60,
    )
    assert not resp.content.startswith(b"PK")
    assert "zip" not in resp.headers.get("Content-Type", "")
    resp = requests.post(
        f"{base}/web/database/list",
        json={"jsonrpc": "2.0", "method": "call", "params": {}},
        timeout=60,
    )
    assert "error" in resp.json()
    requests.post(
        f"{base}/web/database/drop",
        data={"master_pwd": master_password, "name": db},
        timeout=60,
    )


def test_run_script_serves_on_localhost_only_without_database_manager(
    cluster, workdir, demo_db
):
    http_port = free_port()
    secrets = workdir / "secrets"
    state = workdir / "state"
    env = {
        **os.environ,
        "GPME_PG_DIR": str(cluster.pgdir),
        "GPME_PG_PORT": str(cluster.port),
        "GPME_DB": DEMO_DB,
        "GPME_HTTP_PORT": str(http_port),
        "GPME_STATE_DIR": str(state),
        "GPME_SECRETS_DIR": str(secrets),
    }
    cmd = ["bash", str(ROOT / "scripts" / "run.sh"), "--max-cron-threads=0"]
    with serving(cmd, env, workdir / "run.log") as proc:
        base = f"http://127.0.0.1:{http_port}"
        try:
            wait_http(f"{base}/web/login", proc, timeout=600)
        except AssertionError as exc:
            raise AssertionError(log_tail(workdir / "run.log")) from exc
        assert _listening(http_port) == {"127.0.0.1"}
        password_file = secrets / "master-password"
        password = password_file.read_text().strip()
        assert len(password) >= 24
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        conf = (state / "odoo.conf").read_text()
        assert password not in conf and "admin_passwd = $pbkdf2-sha512$" in conf
        assert "list_db = False" in conf
        _refuses_database_manager(base, password, DEMO_DB)
        # Still there after the drop attempt.
        assert cluster.query(DEMO_DB, "SELECT 1") == [(1,)]
        # PDFs are rendered against this very server.
        assert cluster.query(
            DEMO_DB, "SELECT value FROM ir_config_parameter WHERE key = 'report.url'"
        ) == [(base,)]


def test_run_script_postgresql_has_no_tcp(workdir):
    """run.sh's cluster (GPME_PG_LISTEN=""): the socket in its private
    directory only."""
    cluster = Cluster(workdir / "socket-only", listen="")
    try:
        assert cluster.query("postgres", "SELECT 1") == [(1,)]
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", cluster.port), timeout=5)
        assert stat.S_IMODE(cluster.pgdir.stat().st_mode) & 0o077 == 0 or (
            os.geteuid() == 0
        )
    finally:
        cluster.stop()


def test_production_start_serves_the_school_database(cluster, workdir):
    """docker/start-prod.sh: first start creates the database without demo
    data, then Odoo serves in multi-process mode with the manager off."""
    http_port, gevent_port = free_port(), free_port()
    admin_password = "Prod-Master-Pw-4242"
    conf = workdir / "prod.conf"
    env = docker_env(
        cluster,
        workdir,
        DB_NAME="gpme_prod",
        ADMIN_PASSWORD=admin_password,
        HTTP_PORT=str(http_port),
        GEVENT_PORT=str(gevent_port),
        HTTP_INTERFACE="127.0.0.1",
        WORKERS="2",
        ODOO_CONF_OUT=str(conf),
        LOG_LEVEL="warn",
    )
    cmd = ["bash", str(DOCKER / "start-prod.sh")]
    with serving(cmd, env, workdir / "prod.log") as proc:
        base = f"http://127.0.0.1:{http_port}"
        try:
            wait_http(f"{base}/web/login", proc, timeout=1200)
        except AssertionError as exc:
            raise AssertionError(log_tail(workdir / "prod.log")) from exc
        rows = cluster.query(
            "gpme_prod",
            "SELECT state, demo FROM ir_module_module WHERE name = 'gpme_e4'",
        )
        assert rows == [("installed", False)]
        assert not cluster.query(
            "gpme_prod", "SELECT 1 FROM res_users WHERE login = 'eleve1'"
        )
        text = conf.read_text()
        assert admin_password not in text and "list_db = False" in text
        assert "proxy_mode = True" in text and "workers = 2" in text
        # Channels sized from the workers: at least one job at a time.
        assert (
            "channels = root:1,root.gpme_evidence_pdf:1,root.gpme_dossier_pdf:1,"
            "root.gpme_class_print:1" in text
        ), text
        # Multi-process: the prefork server and its HTTP workers, the gevent
        # server for live updates.
        server = psutil.Process(proc.pid)
        children = server.children(recursive=True)
        assert len(children) >= 3, [c.cmdline() for c in children]
        # The gevent process imports Odoo before it binds: give it time.
        deadline = time.time() + 180
        while not _listening(gevent_port) and time.time() < deadline:
            time.sleep(2)
        assert _listening(gevent_port), log_tail(workdir / "prod.log")
        _refuses_database_manager(base, admin_password, "gpme_prod")
        assert cluster.query("gpme_prod", "SELECT 1") == [(1,)]
        assert cluster.query(
            "gpme_prod",
            "SELECT value FROM ir_config_parameter WHERE key = 'report.url'",
        ) == [(f"http://localhost:{http_port}",)]


def test_production_start_refuses_jobs_that_take_every_worker(cluster, workdir):
    """A JOB_CHANNELS leaving wkhtmltopdf no free worker is refused before
    anything starts (the PDF jobs would wait on their own styles)."""
    env = docker_env(
        cluster,
        workdir,
        DB_NAME="gpme_prod_refused",
        ADMIN_PASSWORD="Prod-Master-Pw-4242",
        WORKERS="4",
        JOB_CHANNELS="root:3,root.gpme_evidence_pdf:2",
        ODOO_CONF_OUT=str(workdir / "refused.conf"),
    )
    proc = subprocess.run(
        ["bash", str(DOCKER / "start-prod.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "WORKERS - 2" in proc.stderr
    assert not (workdir / "refused.conf").exists()
