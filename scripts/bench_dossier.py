#!/usr/bin/env python3
"""Benchmark of the E4 dossier checklist and indicators on the dev database.

Builds, in a transaction that is rolled back at the end, a class of 35
students whose dossiers each hold 12 situations and 60 evidence, then times
the conformity checklist (cold ORM cache) for one dossier, for the class read
at once and for the class read dossier by dossier, and the indicators refresh
of the demo company. Prints time and SQL queries.

    scripts/dev-test.sh gpme_e4/tests/test_referential.py   # makes the dev DB
    python3 scripts/bench_dossier.py [--config CONF] [--db gpme_dev]
"""

import argparse
import hashlib
import os
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api

STUDENTS = 35
SITUATIONS = 12
EVIDENCE_PER_SITUATION = 5
RUNS = 5


def default_config():
    """The dev database of this checkout, as scripts/dev-test.sh names it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.md5((root + "\n").encode()).hexdigest()[:6]
    directory = os.environ.get("GPME_DEV_DIR") or f"/tmp/gpme-dev-{digest}"
    path = os.path.join(directory, "conf_path")
    if not os.path.exists(path):
        raise SystemExit("No dev database: run scripts/dev-test.sh once first.")
    with open(path) as f:
        return f.read().strip()


def report(label, seconds, queries):
    print(f"{label:<52} {seconds * 1000:8.1f} ms {queries:5d} queries")


def measure(env, func):
    """(median seconds, queries) of func() with a cold ORM cache."""
    times, queries = [], []
    for __ in range(RUNS):
        env.invalidate_all()
        start_q = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - start_q)
    return statistics.median(times), max(queries)


def build_class(env):
    tasks = env["gpme.task"].search([])
    by_activity = {}
    for task in tasks:
        by_activity.setdefault(task.activity_id.code, []).append(task.id)
    codes = sorted(by_activity)
    teacher = env["res.users"].create({"name": "Bench prof", "login": "bench_prof"})
    cohort = env["gpme.cohort"].create(
        {
            "name": "Bench BTS GPME",
            "session_year": 2027,
            "teacher_ids": [(6, 0, teacher.ids)],
        }
    )
    students = env["res.users"].create(
        [
            {
                "name": f"Bench élève {i}",
                "login": f"bench_eleve_{i}",
                "gpme_cohort_id": cohort.id,
            }
            for i in range(STUDENTS)
        ]
    )
    # A situation holds a document once: five documents per situation.
    partners = env["res.partner"].create(
        [{"name": f"Bench client {k}"} for k in range(EVIDENCE_PER_SITUATION)]
    )
    context = {
        name: f"<p>{name}</p>"
        for name in env["gpme.dossier"]._fields
        if name.startswith("ctx_")
    }
    dossiers = env["gpme.dossier"].create(
        [dict(context, student_id=s.id, cohort_id=cohort.id) for s in students]
    )
    kinds = ["is_grcf", "is_written", "is_oral"]
    for dossier in dossiers:
        situations = env["gpme.situation"].create(
            [
                {
                    "dossier_id": dossier.id,
                    "name": f"Situation {n}",
                    kinds[n % 3]: True,
                    "with_customer": n % 2 == 0,
                    "state": "validated" if n % 4 else "draft",
                    "task_ids": [(6, 0, by_activity[codes[n % len(codes)]][:2])],
                }
                for n in range(SITUATIONS)
            ]
        )
        env["gpme.evidence"].create(
            [
                {
                    "situation_id": situation.id,
                    "res_model": "res.partner",
                    "res_id": partners[k].id,
                    "name": f"Preuve {k}",
                }
                for situation in situations
                for k in range(EVIDENCE_PER_SITUATION)
            ]
        )
    return teacher, dossiers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=None)
    parser.add_argument("--db", default="gpme_dev")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config or default_config()])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "fr_FR"})
        start = time.perf_counter()
        teacher, dossiers = build_class(env)
        env.flush_all()
        print(
            f"built {len(dossiers)} dossiers × {SITUATIONS} situations × "
            f"{SITUATIONS * EVIDENCE_PER_SITUATION} evidence in "
            f"{time.perf_counter() - start:.1f} s"
        )
        as_teacher = dossiers.with_user(teacher)
        # A fresh browse: its prefetch set is this dossier only.
        one = as_teacher.browse(dossiers[0].id)
        # Warm the registry-level caches (rules, translations) once.
        as_teacher.mapped("conformity_html")

        t, q = measure(env, lambda: one.conformity_html)
        report("checklist, 1 dossier (12 situations, 60 evidence)", t, q)
        t, q = measure(env, lambda: as_teacher.mapped("conformity_html"))
        report(f"checklist, class of {STUDENTS} read at once", t, q)

        def one_by_one():
            # A fresh browse per dossier: no batching across dossiers, as in
            # 35 separate form views.
            for dossier_id in dossiers.ids:
                as_teacher.browse(dossier_id).conformity_html  # noqa: B018

        t, q = measure(env, one_by_one)
        report(f"checklist, class of {STUDENTS}, one dossier at a time", t, q)
        findings = one._gpme_conformity_findings()[one.id]
        failed = [f.code for f in findings if not f.passed]
        print(f"  findings of one dossier: {len(findings)} rules, failing: {failed}")

        company = env.company
        t, q = measure(env, lambda: one._gpme_indicator_values(company))
        moves = env["account.move"].search_count(
            [("company_id", "=", company.id), ("state", "=", "posted")]
        )
        print(
            f"indicators of {company.name} ({moves} posted moves): "
            f"{t * 1000:.1f} ms, {q} queries"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
