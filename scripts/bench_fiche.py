"""Benchmark of the fiches d'analyse against the dev database.

    python3 scripts/bench_fiche.py [-c /tmp/gpme-dev-*/odoo.conf] [-d gpme_dev]
        [--students 300] [--fiches 5] [--evidence 4] [--pdf out.pdf]

Creates a class of students with fiches and evidence in one transaction,
times the hot paths (hand-in, software pre-fill, teacher list, warnings,
bilans recap), prints the figures and rolls everything back. --pdf also writes
the recap of the demo student's bilans.
"""

import argparse
import glob
import time

import odoo
from odoo.tools import config


def timed(label, func, cr):
    queries = cr.sql_log_count
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(
        f"{label:<58} {elapsed * 1000:9.1f} ms {cr.sql_log_count - queries:7d} queries"
    )
    return result


def main():
    parser = argparse.ArgumentParser()
    confs = glob.glob("/tmp/gpme-dev-*/odoo.conf")
    parser.add_argument("-c", "--config", default=confs[0] if confs else None)
    parser.add_argument("-d", "--database", default="gpme_dev")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--fiches", type=int, default=5)
    parser.add_argument("--evidence", type=int, default=4)
    parser.add_argument("--pdf")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.registry(args.database)
    with registry.cursor() as cr:
        # commit_assetsbundle=False: printing must not commit the bench data.
        env = odoo.api.Environment(
            cr, odoo.SUPERUSER_ID, {"lang": "fr_FR", "commit_assetsbundle": False}
        )
        try:
            run(env, args)
        finally:
            cr.rollback()


def run(env, args):
    cr = env.cr
    teacher = env.ref("gpme_e4_demo.demo_user_teacher")
    cohort = env["gpme.cohort"].create(
        {
            "name": "Bench fiches",
            "session_year": 2027,
            "teacher_ids": [(6, 0, teacher.ids)],
        }
    )
    group = env.ref("gpme_e4.group_student")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            [
                {
                    "name": f"Bench élève {i}",
                    "login": f"bench_fiche_{i}",
                    "gpme_cohort_id": cohort.id,
                    "groups_id": [(6, 0, group.ids)],
                }
                for i in range(args.students)
            ]
        )
    )
    dossiers = env["gpme.dossier"].create(
        [{"student_id": u.id, "cohort_id": cohort.id} for u in users]
    )
    tasks = env["gpme.task"].search([])
    orders = env["sale.order"].search([], limit=args.evidence) or env[
        "res.partner"
    ].search([], limit=args.evidence)
    start = time.perf_counter()
    fiches = env["gpme.situation"].create(
        [
            {
                "dossier_id": d.id,
                "name": f"Situation {n}",
                "is_grcf": True,
                "is_written": n % 2 == 0,
                "task_ids": [(6, 0, tasks[(n * 3) % 29 : (n * 3) % 29 + 2].ids)],
            }
            for d in dossiers
            for n in range(args.fiches)
        ]
    )
    env["gpme.evidence"].create(
        [
            {
                "situation_id": f.id,
                "res_model": o._name,
                "res_id": o.id,
                "name": o.display_name,
            }
            for f in fiches
            for o in orders
        ]
    )
    env.flush_all()
    print(
        f"setup: {len(users)} students, {len(fiches)} fiches, "
        f"{len(fiches) * len(orders)} evidence in {time.perf_counter() - start:.1f} s"
    )
    env.invalidate_all()
    timed(
        f"software functions from evidence ({len(fiches)} fiches)",
        fiches._evidence_functions,
        cr,
    )
    env.invalidate_all()
    timed(
        f"pre-fill software lines ({len(fiches)} fiches)",
        fiches.action_prefill_software,
        cr,
    )
    env.invalidate_all()
    timed(
        f"kind warnings ({len(fiches)} fiches)",
        lambda: fiches.mapped("kind_warning"),
        cr,
    )
    env.invalidate_all()
    timed(
        f"hand in ({len(fiches)} fiches, to-do per teacher)", fiches.action_submit, cr
    )
    env.flush_all()
    Situation = env["gpme.situation"].with_user(teacher)
    env.invalidate_all()
    timed(
        "teacher list 'to review' (search_read 80 rows)",
        lambda: Situation.search_read(
            [("state", "=", "submitted")],
            [
                "student_id",
                "code",
                "name",
                "e4_activity_ids",
                "state",
                "evidence_count",
            ],
            limit=80,
        ),
        cr,
    )
    timed(
        "teacher list grouped by student (read_group)",
        lambda: Situation.read_group(
            [("cohort_id", "=", cohort.id)], ["student_id"], ["student_id"]
        ),
        cr,
    )
    env.invalidate_all()
    timed(
        f"validate ({len(fiches)} fiches, as the teacher)",
        Situation.browse(fiches.ids).action_validate,
        cr,
    )
    reviews = env["gpme.review"].create(
        [
            {
                "dossier_id": d.id,
                "teacher_id": teacher.id,
                "comment": "Bilan",
                "comment_1_2": "OK",
            }
            for d in dossiers
            for _i in range(3)
        ]
    )
    report = env.ref("gpme_e4.action_report_gpme_review_recap")
    some = dossiers[:50]
    timed(
        f"bilans recap HTML ({len(some)} students, "
        f"{len(reviews) // len(dossiers)} each)",
        lambda: report._render_qweb_html(report.report_name, some.ids),
        cr,
    )
    if args.pdf:
        demo = env.ref("gpme_e4_demo.demo_dossier_student1")
        pdf, _kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, demo.ids
        )
        with open(args.pdf, "wb") as out:
            out.write(pdf)
        print("recap written to", args.pdf)


if __name__ == "__main__":
    main()
