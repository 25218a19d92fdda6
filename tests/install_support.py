"""Helpers of the install-path tests: a throwaway PostgreSQL cluster made by
scripts/lib.sh, the local Odoo behind an `odoo` command (as in the official
image), and waiting for a server to answer."""

import contextlib
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import psycopg2
import requests

ROOT = pathlib.Path(__file__).resolve().parent.parent
LIB = ROOT / "scripts" / "lib.sh"
DOCKER = ROOT / "docker"


def bash_lib(script, env=None, timeout=300):
    """Run `script` in bash after sourcing scripts/lib.sh; its stdout."""
    proc = subprocess.run(
        ["bash", "-c", f'source "{LIB}"; {script}'],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_workdir():
    # PostgreSQL runs as "postgres" when we are root: it must traverse this.
    path = pathlib.Path(tempfile.mkdtemp(prefix="gpme-install-", dir="/tmp"))
    path.chmod(0o755)
    return path


class Cluster:
    """A private cluster started the way run.sh/test.sh start theirs."""

    def __init__(self, workdir, listen="127.0.0.1"):
        self.pgdir = workdir / "pg"
        self.port = free_port()
        self.listen = listen
        bash_lib(
            f'GPME_PG_LISTEN="{listen}" pg_start "{self.pgdir}" {self.port} '
            '"-c fsync=off -c full_page_writes=off -c synchronous_commit=off"'
        )

    def stop(self):
        bash_lib(f'pg_stop "{self.pgdir}"')

    def connect(self, dbname="postgres", host=None):
        conn = psycopg2.connect(
            host=host or str(self.pgdir), port=self.port, user="gpme", dbname=dbname
        )
        conn.autocommit = True
        return conn

    def query(self, dbname, sql, args=None):
        conn = self.connect(dbname)
        try:
            with conn.cursor() as cr:
                cr.execute(sql, args)
                return cr.fetchall()
        finally:
            conn.close()


def odoo_bin_dir(workdir):
    """A directory with an `odoo` command running the local Odoo, and psql."""
    bindir = workdir / "bin"
    bindir.mkdir(exist_ok=True)
    odoo = bindir / "odoo"
    # argv[0] is Odoo's own odoo-bin: the multi-process server starts its
    # gevent process as `python argv[0] gevent`.
    odoo.write_text(
        "#!/bin/sh\n"
        f"exec '{sys.executable}' -c 'import os, sys, odoo, odoo.cli; "
        "sys.argv[0] = os.path.join(os.path.dirname(os.path.dirname("
        'odoo.__file__)), "odoo-bin"); odoo.cli.main()\' "$@"\n'
    )
    odoo.chmod(0o755)
    pg_bin = bash_lib("postgres_bindir")
    return f"{bindir}:{pg_bin}:{os.environ['PATH']}"


def docker_env(cluster, workdir, **extra):
    """The environment the official image gives the scripts (HOST, USER,
    PASSWORD), pointed at the throwaway cluster and the local Odoo."""
    return {
        **os.environ,
        "PATH": odoo_bin_dir(workdir),
        "HOST": "127.0.0.1",
        "PORT": str(cluster.port),
        "USER": "gpme",
        # The throwaway cluster trusts local connections: any value works.
        "PASSWORD": "unused-trust",
        "ADDONS_PATH": bash_lib("odoo_addons_path"),
        "DATA_DIR": str(workdir / "data"),
        "ODOO_PYTHON": sys.executable,
        # The local Odoo already has the OCA addons (scripts/lib.sh).
        "SKIP_OCA_INSTALL": "1",
        **extra,
    }


def wait_http(url, proc, timeout=900):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}")
        with contextlib.suppress(requests.RequestException):
            resp = requests.get(url, timeout=10)
            if resp.status_code == 200:
                return resp
        time.sleep(2)
    raise AssertionError(f"{url} did not answer within {timeout}s")


@contextlib.contextmanager
def serving(cmd, env, log_path):
    """Start a server in its own session; stop that whole session after."""
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            yield proc
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def log_tail(path, size=4000):
    return pathlib.Path(path).read_text(errors="replace")[-size:]


def remove(path):
    shutil.rmtree(path, ignore_errors=True)
