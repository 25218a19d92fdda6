#!/usr/bin/env python3
"""Evidence benchmark (issue 14), side by side with Odoo in the same run.

A. In the dev database, in a transaction rolled back at the end, as a student
   (record rules and locks on):
   - tagging one sale order (values sealed, its PDF queued) against Odoo's
     own ``message_post`` on the same order: time and queries of the request;
   - handing in a conforming dossier holding 60 evidence.
B. The deadline evening, for real: a copy of the dev database, an Odoo server
   in multi-process mode (4 workers) with its queue_job runner (``--channels``,
   default as gpme_e4/services/job_channels.py sizes them for 4 workers:
   two PDFs at a time), then 35 students who each tag their 6 sale orders and hand in
   their dossier over XML-RPC within a minute. Prints the requests' times and
   how long until every evidence PDF is sealed and every dossier kept.
   The copy is made with its filestore, and nothing is timed before a first
   PDF tagged over XML-RPC is sealed at its first attempt with the company
   header. Run once per ``--batches`` size (PDFs per wkhtmltopdf run; default
   10 then 1, the one-by-one baseline), figures side by side. The copy is
   dropped at the end.

    scripts/dev-test.sh gpme_e4/tests/test_referential.py   # makes the dev DB
    python3 scripts/bench_evidence.py [--config CONF] [--db gpme_dev]
                                      [--dossiers 35] [--skip-server]
                                      [--batches 10,1]
"""

import argparse
import base64
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import xmlrpc.client

import odoo
from odoo import SUPERUSER_ID, Command, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_dossier import default_config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The server of part B: the job channels sized for it by the addon's source.
WORKERS = 4
os.environ["PATH"] = (
    os.path.join(ROOT, ".local/wkhtmltox/bin") + ":" + os.environ["PATH"]
)
RUNS = 15
FICHES = 6  # the conforming dossier of the tests: 6 fiches


def fixtures(env):
    """The tests' conforming-dossier builder, on this environment."""
    # Imported once Odoo's configuration is parsed (the addons path).
    from odoo.addons.gpme_e4.tests.common import (  # noqa: PLC0415
        DossierFixtures,
    )

    fixture = type("BenchFixtures", (DossierFixtures,), {"env": env})
    fixture.setUpDossierFixtures()
    return fixture


def sale_orders(env, partner, user, count):
    product = env["product.product"].create({"name": "Ramette A4", "list_price": 4.5})
    return env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": i + 1})
                ],
            }
            for i in range(count)
        ]
    )


def timed(env, func):
    env.flush_all()
    start_q, start = env.cr.sql_log_count, time.perf_counter()
    func()
    env.flush_all()
    return time.perf_counter() - start, env.cr.sql_log_count - start_q


def paired(measure, first, second, runs=RUNS):
    """Medians of first(i) and second(i), run alternately (the machine's load
    drifts: both sides see the same)."""
    a, b = [], []
    for i in range(runs):
        a.append(measure(lambda i=i: first(i)))
        b.append(measure(lambda i=i: second(i)))
    return [
        (statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for rs in (a, b)
    ]


def line(label, seconds, queries, ref=None):
    ratio = f"  ({seconds / ref:.2f}×)" if ref else ""
    print(f"{label:<58} {seconds * 1000:8.1f} ms {queries:5d} queries{ratio}")


def part_a(env):
    env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "1")
    fx = fixtures(env)
    pgi = env.ref("gpme_e4.group_student_pgi")
    (fx.student | fx.other_student).write({"groups_id": [Command.link(pgi.id)]})
    # Tagging: a student's draft fiche.
    tagger = fx.other_student
    fiche = fx.make_situation(
        fx.make_dossier(tagger), "Relance", {"grcf"}, ["1.2.1"], 0
    )
    orders = sale_orders(env, fx.evidence_partners[0], tagger, RUNS + 2)
    Evidence = env["gpme.evidence"].with_user(tagger)

    def tag(i):
        Evidence.create(
            {
                "situation_id": fiche.id,
                "res_model": "sale.order",
                "res_id": orders[i].id,
            }
        )

    def post(i):
        orders[0].with_user(tagger).message_post(body=f"Relance client n° {i}")

    tag(RUNS + 1)  # warm the caches, as on a running server
    post(0)
    (t_post, q_post), (t_tag, q_tag) = paired(lambda f: timed(env, f), post, tag)
    print(f"A. in the ORM, as the student (median of {RUNS}, PDF queued for a job)")
    line("Odoo message_post on a sale order", t_post, q_post)
    line("tag a sale order as evidence (values sealed, PDF job)", t_tag, q_tag, t_post)

    # Hand-in: a conforming dossier (validated fiches) brought to 60 evidence
    # by an administrator's tags (the fiches stay validated), whose sources
    # changed since: each evidence takes a new version and its PDF job.
    dossier = fx.make_full_dossier()
    have = len(dossier.situation_ids.evidence_ids)
    more = sale_orders(env, fx.evidence_partners[1], fx.student, 60 - have)
    env["gpme.evidence"].create(
        [
            {
                "situation_id": dossier.situation_ids[i % FICHES].id,
                "res_model": "sale.order",
                "res_id": order.id,
            }
            for i, order in enumerate(more)
        ]
    )
    more.write({"client_order_ref": "Modifié avant le dépôt"})
    env.invalidate_all()
    count = len(dossier.situation_ids.evidence_ids)
    t_sub, q_sub = timed(env, dossier.with_user(fx.student).action_submit)
    assert dossier.state == "submitted", dossier.state
    jobs = env["queue.job"].search_count([("state", "=", "pending")])
    line(f"hand in a dossier of {count} evidence", t_sub, q_sub, t_post)
    print(f"  {jobs} PDF jobs queued in all (tags and hand-in, evidence and dossier)")
    env.cr.rollback()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_args():
    cfg = odoo.tools.config
    args = ["-h", cfg["db_host"] or "localhost", "-p", str(cfg["db_port"] or 5432)]
    return args + (["-U", cfg["db_user"]] if cfg["db_user"] else [])


def build_copy(conf, source, target, dossiers, port):
    """The copy, committed: a class whose conforming dossiers are ready to
    hand in, their evidence's sources changed since tagged."""
    drop_copy(target)
    subprocess.run(["createdb", *pg_args(), "-T", source, target], check=True)
    # With its filestore: a copy whose report bundles point at missing files
    # serves wkhtmltopdf no styles, and the benchmark measures refusals.
    if os.path.isdir(odoo.tools.config.filestore(source)):
        shutil.copytree(
            odoo.tools.config.filestore(source), odoo.tools.config.filestore(target)
        )
    registry = odoo.registry(target)
    students = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        params = env["ir.config_parameter"]
        params.set_param("gpme_e4.evidence_snapshot_pdf", "0")
        params.set_param("report.url", f"http://127.0.0.1:{port}")
        # The jobs the dev database left behind are not the deadline's.
        cr.execute(
            "UPDATE queue_job SET state = 'cancelled' WHERE state NOT IN "
            "('done', 'failed', 'cancelled')"
        )
        params.set_param("web.base.url", f"http://127.0.0.1:{port}")
        fx = fixtures(env)
        for i in range(dossiers):
            login = f"bench_deadline_{i:02d}"
            user = env["res.users"].create(
                {
                    "name": f"Élève échéance {i:02d}",
                    "login": login,
                    "password": login,
                    "gpme_cohort_id": fx.cohort.id,
                    "groups_id": [
                        Command.link(env.ref("gpme_e4.group_student_pgi").id)
                    ],
                }
            )
            dossier = fx.make_full_dossier(student=user)
            orders = sale_orders(env, fx.evidence_partners[1], user, FICHES)
            env["gpme.evidence"].create(
                [
                    {"situation_id": f.id, "res_model": "sale.order", "res_id": o.id}
                    for f, o in zip(dossier.situation_ids, orders, strict=True)
                ]
            )
            # Changed since tagged (a discount, an invoice paid...): the
            # hand-in takes a new version of each, with its PDF.
            orders.write({"client_order_ref": "Remise accordée"})
            students.append((login, dossier.id))
        params.set_param("gpme_e4.evidence_snapshot_pdf", "1")
        # Tagging over RPC: a student of another class, a draft fiche.
        tagger = fx.other_student
        tagger.write(
            {
                "password": tagger.login,
                "groups_id": [Command.link(env.ref("gpme_e4.group_student_pgi").id)],
            }
        )
        fiche = fx.make_situation(
            fx.make_dossier(tagger), "Relance", {"grcf"}, ["1.2.1"], 0
        )
        orders = sale_orders(env, fx.evidence_partners[0], tagger, RUNS + 2)
        rpc_tag = (tagger.login, fiche.id, orders.ids)
    return students, rpc_tag


def drop_copy(target):
    subprocess.run(["dropdb", "--if-exists", "--force", *pg_args(), target], check=True)
    shutil.rmtree(odoo.tools.config.filestore(target), ignore_errors=True)


def first_pdf_styled(common, models, target, login, fiche_id, order_id):
    """Tag one order over XML-RPC and wait for its PDF: sealed at the first
    attempt, with the company header, or the benchmark stops here."""
    uid = common.authenticate(target, login, login, {})
    models.execute_kw(
        target,
        uid,
        login,
        "gpme.evidence",
        "create",
        [{"situation_id": fiche_id, "res_model": "sale.order", "res_id": order_id}],
    )
    deadline = time.time() + 300
    while time.time() < deadline:
        with odoo.registry(target).cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            snap = (
                env["gpme.evidence"]
                .search([("res_model", "=", "sale.order"), ("res_id", "=", order_id)])
                .last_snapshot_id
            )
            if snap.pdf_state in ("done", "failed"):
                if snap.pdf_state != "done" or snap.pdf_attempts != 1:
                    raise SystemExit(f"The first PDF was not sealed: {snap.pdf_error}")
                text = snap._gpme_pdf_text(base64.b64decode(snap.pdf))
                company = env["sale.order"].browse(order_id).company_id.name
                if company not in text:
                    raise SystemExit("The first PDF has no company header: unstyled.")
                print(f"  first PDF sealed at the first attempt, styled ({company})")
                return
        time.sleep(2)
    raise SystemExit("The first PDF did not come within 5 minutes.")


@contextlib.contextmanager
def server(conf, target, port, channels):
    """An Odoo server on the copy, multi-process, its job runner on channels."""
    env = dict(os.environ, ODOO_QUEUE_JOB_CHANNELS=channels)
    bin_ = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin")
    # fmt: off
    proc = subprocess.Popen(
        [sys.executable, bin_, "-c", conf, "-d", target, f"--db-filter=^{target}$",
         f"--http-port={port}", f"--gevent-port={free_port()}",
         f"--workers={WORKERS}",
         "--max-cron-threads=0", "--limit-time-real=600", "--log-level=warn",
         "--load=base,web,queue_job"],
        env=env, stdout=subprocess.DEVNULL, stderr=open(f"/tmp/{target}.log", "a"),
    )
    # fmt: on
    url = f"http://127.0.0.1:{port}"
    try:
        for __ in range(120):
            try:
                xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
                break
            except OSError:
                time.sleep(1)
        yield (
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common"),
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True),
        )
    finally:
        # A second SIGTERM stops Odoo without waiting for its requests.
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wall(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start, 0


def stats(values):
    values = sorted(values)
    return (
        f"median {statistics.median(values) * 1000:6.0f} ms, "
        f"p95 {values[max(0, int(len(values) * 0.95) - 1)] * 1000:6.0f} ms, "
        f"max {values[-1] * 1000:6.0f} ms"
    )


def rpc_requests(common, models, target, login, fiche_id, order_ids):
    """Tag against message_post over XML-RPC as the student: the request as
    she sends it (HTTP, transaction, commit). The runner is off meanwhile so
    that no PDF render competes for the CPU."""
    uid = common.authenticate(target, login, login, {})

    def call(model, method, args, kwargs=None):
        return models.execute_kw(target, uid, login, model, method, args, kwargs or {})

    def tag(i):
        vals = {
            "situation_id": fiche_id,
            "res_model": "sale.order",
            "res_id": order_ids[i],
        }
        call("gpme.evidence", "create", [vals])

    def post(i):
        call(
            "sale.order", "message_post", [[order_ids[0]]], {"body": f"Relance n° {i}"}
        )

    for i in range(3):  # every worker warm
        post(i)
    tag(RUNS + 1)
    (t_post, _q), (t_tag, _q) = paired(wall, post, tag)
    print(f"  one request over XML-RPC, as the student (median of {RUNS}):")
    print(f"  {'Odoo message_post on a sale order':<56} {t_post * 1000:8.1f} ms")
    print(
        f"  {'tag a sale order as evidence (values sealed, PDF job)':<56} "
        f"{t_tag * 1000:8.1f} ms  ({t_tag / t_post:.2f}×)"
    )


def remaining(target, dossier_ids):
    """(PDFs still to render, PDFs sealed, dossiers kept) of the deadline's
    dossiers (the copy's own demo versions have no job: they stay pending)."""
    with odoo.registry(target).cursor() as cr:
        cr.execute(
            "SELECT count(*) FILTER (WHERE pdf_state = 'pending'), "
            "count(*) FILTER (WHERE pdf_state = 'done') FROM gpme_evidence_snapshot"
            " WHERE dossier_id = ANY(%s)",
            [dossier_ids],
        )
        pending, done = cr.fetchone()
        # A dossier is kept when its hand-in version holds its sealed PDF.
        cr.execute(
            "SELECT count(DISTINCT dossier_id) FROM gpme_dossier_version"
            " WHERE state = 'done' AND dossier_id = ANY(%s)",
            [dossier_ids],
        )
        return pending, done, cr.fetchone()[0]


def job_times(target):
    """Where the time went: per channel, the jobs run, the seconds they
    held a worker in all and the slowest one."""
    with odoo.registry(target).cursor() as cr:
        cr.execute(
            "SELECT channel, count(*), sum(exec_time), max(exec_time)"
            "  FROM queue_job WHERE state = 'done' GROUP BY channel ORDER BY channel"
        )
        for channel, count, total, slowest in cr.fetchall():
            print(
                f"  {channel:<24} {count:4d} jobs, {total or 0:7.1f} s of work, "
                f"slowest {slowest or 0:5.1f} s"
            )


def part_b(conf, db, dossiers, channels, batches):
    """The deadline evening once per batch size (1: the baseline, Odoo's own
    way: one wkhtmltopdf run per PDF and its 1 s JavaScript delay), each on a
    fresh copy."""
    figures = {}
    for batch in batches:
        figures[batch] = deadline(conf, db, dossiers, channels, batch)
    if len(figures) > 1:
        print("\n  PDFs per wkhtmltopdf run   hand-in p95   all sealed and kept")
        for batch, (p95, sealed) in figures.items():
            print(f"  {batch:>24}   {p95 * 1000:8.0f} ms   {sealed:8.1f} s")


def deadline(conf, db, dossiers, channels, batch):
    port = free_port()
    target = f"{db}_bench_jobs"
    t0 = time.perf_counter()
    students, rpc_tag = build_copy(conf, db, target, dossiers, port)
    # The baseline (1) is Odoo's own way: one PDF per wkhtmltopdf run, one
    # dossier per job, Odoo's 1 s JavaScript delay (report.print_delay).
    params = {
        "gpme_e4.evidence_pdf_batch": str(batch),
        "gpme_e4.dossier_pdf_batch": "1" if batch == 1 else "5",
        "gpme_e4.print_delay": "1000" if batch == 1 else "50",
    }
    with odoo.registry(target).cursor() as cr:
        config = api.Environment(cr, SUPERUSER_ID, {})["ir.config_parameter"]
        for key, value in params.items():
            config.set_param(key, value)
    print(
        f"\nB. a real server ({WORKERS} workers), {batch} PDF(s) per wkhtmltopdf run, "
        f"{params['gpme_e4.dossier_pdf_batch']} dossier(s) per job, "
        f"{params['gpme_e4.print_delay']} ms JavaScript delay, "
        f"copy built in {time.perf_counter() - t0:.0f} s"
    )
    login, fiche_id, order_ids = rpc_tag
    try:
        # Nothing is timed before a first PDF came out right.
        with server(conf, target, port, channels) as (common, models):
            first_pdf_styled(common, models, target, login, fiche_id, order_ids[RUNS])
        with server(conf, target, port, "root:0") as (common, models):
            rpc_requests(common, models, target, *rpc_tag)
        with server(conf, target, port, channels) as (common, models):
            uids = {
                login: common.authenticate(target, login, login, {})
                for login, _d in students
            }
            submit_times = []
            start = time.perf_counter()
            for login, dossier_id in students:
                submit_times.append(
                    wall(
                        lambda login=login, dossier_id=dossier_id: models.execute_kw(
                            target,
                            uids[login],
                            login,
                            "gpme.dossier",
                            "action_submit",
                            [[dossier_id]],
                        )
                    )[0]
                )
            handed_in = time.perf_counter() - start
            pending, done, kept = remaining(target, [d for __, d in students])
            print(
                f"  the deadline: {len(students)} hand-ins, then {pending} PDFs to seal"
            )
            while (pending or kept < dossiers) and time.perf_counter() - start < 3600:
                time.sleep(5)
                pending, done, kept = remaining(target, [d for __, d in students])
            sealed = time.perf_counter() - start
            job_times(target)
        print(f"  job channels {channels}")
        print(f"  {len(submit_times)} hand-ins over XML-RPC: {stats(submit_times)}")
        print(f"  all handed in after {handed_in:6.1f} s")
        print(
            f"  every evidence PDF sealed ({done}) and every dossier kept ({kept}) "
            f"after {sealed:6.1f} s{' (gave up: still pending)' if pending else ''}"
        )
        values = sorted(submit_times)
        return values[max(0, int(len(values) * 0.95) - 1)], sealed
    finally:
        odoo.sql_db.close_db(target)
        drop_copy(target)


def default_channels():
    """queue_job's channels for WORKERS, from gpme_e4/services/job_channels.py
    (run as a script: no import of the addon)."""
    source = os.path.join(ROOT, "gpme_e4", "services", "job_channels.py")
    return subprocess.run(
        [sys.executable, source, "--workers", str(WORKERS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--db", default="gpme_dev")
    parser.add_argument("--dossiers", type=int, default=35)
    parser.add_argument("--channels", default=default_channels())
    parser.add_argument("--skip-server", action="store_true")
    parser.add_argument(
        "--batches",
        default="10,1",
        help="PDFs per wkhtmltopdf run, one deadline each (1: the baseline)",
    )
    args = parser.parse_args()
    conf = args.config or default_config()
    odoo.tools.config.parse_config(["-c", conf, "-d", args.db, "--log-level=warn"])
    with odoo.registry(args.db).cursor() as cr:
        part_a(api.Environment(cr, SUPERUSER_ID, {}))
    odoo.sql_db.close_db(args.db)  # the copy needs its template unused
    if not args.skip_server:
        batches = [int(b) for b in args.batches.split(",")]
        part_b(conf, args.db, args.dossiers, args.channels, batches)
    return 0


if __name__ == "__main__":
    sys.exit(main())
