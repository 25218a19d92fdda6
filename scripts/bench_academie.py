#!/usr/bin/env python3
"""Académie-scale benchmark: 1,000 students in classes of 35.

Builds, in a transaction rolled back at the end, 29 classes (1,000 students),
one dossier each with 10 situations (half of them validated) and 50 evidence
(10,000 situations, 50,000 evidence pointing at 80 sale orders), then times
what users do every day, as those users (record rules included): a student's
lists and home, a teacher's class and dashboard, the smart-button count on 80
orders, the conformity checklist of a class and of the whole académie, the
dashboard rows of the whole académie (same number of queries as for one
class). Prints time and SQL queries.

    scripts/dev-test.sh gpme_e4/tests/test_referential.py   # makes the dev DB
    python3 scripts/bench_academie.py [--config CONF] [--db gpme_dev]
"""

import argparse
import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_dossier import default_config, measure, report

STUDENTS = 1000
CLASS_SIZE = 35
SITUATIONS = 10
EVIDENCE_PER_SITUATION = 5
ORDERS = 80
NOTRACK = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def build(env):
    env = env(context=dict(env.context, **NOTRACK))
    # The reads are measured here; PDF snapshots have their own benchmark
    # (bench_evidence.py): values-only snapshots while building.
    env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "0")
    tasks = env["gpme.task"].search([])
    customer = env["res.partner"].create({"name": "Bench client académie"})
    product = env["product.product"].create({"name": "Bench article", "list_price": 10})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                ],
            }
            for __ in range(ORDERS)
        ]
    )
    session = env["gpme.exam.session"].create(
        {"year": 2027, "academy": "Académie de benchmark"}
    )
    cohorts = env["gpme.cohort"]
    teachers = env["res.users"]
    students = env["res.users"]
    for c in range(0, STUDENTS, CLASS_SIZE):
        teacher = env["res.users"].create(
            {"name": f"Bench prof {c}", "login": f"bench_ac_prof_{c}"}
        )
        cohort = env["gpme.cohort"].create(
            {
                "name": f"Bench académie {c}",
                "exam_session_id": session.id,
                "teacher_ids": [(6, 0, teacher.ids)],
            }
        )
        size = min(CLASS_SIZE, STUDENTS - c)
        students |= env["res.users"].create(
            [
                {
                    "name": f"Bench élève {c + i}",
                    "login": f"bench_ac_eleve_{c + i}",
                    "gpme_cohort_id": cohort.id,
                }
                for i in range(size)
            ]
        )
        cohorts |= cohort
        teachers |= teacher
    dossiers = env["gpme.dossier"].search([("student_id", "in", students.ids)])
    dossiers |= env["gpme.dossier"].create(
        [
            {"student_id": s.id, "cohort_id": s.gpme_cohort_id.id}
            for s in students - dossiers.student_id
        ]
    )
    kinds = ["is_grcf", "is_written", "is_oral"]
    situations = env["gpme.situation"].create(
        [
            {
                "dossier_id": d.id,
                "name": f"Situation {n}",
                kinds[n % 3]: True,
                "task_ids": [(6, 0, tasks[(n * 5) % 29 : (n * 5) % 29 + 2].ids)],
            }
            for d in dossiers
            for n in range(SITUATIONS)
        ]
    )
    # Half the fiches validated by the teachers: the dashboard has counts.
    situations.filtered(lambda s: s.id % 2).sudo().write({"state": "validated"})
    env["gpme.evidence"].create(
        [
            {
                "situation_id": s.id,
                "res_model": "sale.order",
                "res_id": orders[(i + k * 7) % ORDERS].id,
                "name": orders[(i + k * 7) % ORDERS].name,
            }
            for i, s in enumerate(situations)
            for k in range(EVIDENCE_PER_SITUATION)
        ]
    )
    return cohorts, teachers, students, dossiers, orders


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
        cohorts, teachers, students, dossiers, orders = build(env)
        env.flush_all()
        print(
            f"built {len(cohorts)} classes, {len(students)} students, "
            f"{env['gpme.situation'].search_count([])} situations, "
            f"{env['gpme.evidence'].search_count([])} evidence "
            f"in {time.perf_counter() - start:.1f} s"
        )
        student, teacher = students[0], teachers[0]
        admin = env.ref("base.user_admin")
        Situation = env["gpme.situation"]
        Evidence = env["gpme.evidence"]
        fields_list = ["code", "name", "state", "e4_activity_ids"]

        t, q = measure(
            env, lambda: Situation.with_user(student).search_read([], fields_list)
        )
        report("student: my situations (10 of 10,000)", t, q)
        t, q = measure(
            env,
            lambda: Evidence.with_user(student).search_read(
                [], ["name", "res_model", "task_ids"]
            ),
        )
        report("student: my evidence (50 of 50,000)", t, q)
        Dashboard = env["gpme.dashboard"]
        t, q = measure(env, lambda: Dashboard.with_user(student).get_student_home())
        report("student: my home (progress, next action)", t, q)
        t, q = measure(
            env,
            lambda: Dashboard.with_user(teacher).get_dashboard(cohorts[0].id),
        )
        report("teacher: class dashboard (35 students)", t, q)
        t, q = measure(
            env, lambda: Dashboard.with_user(admin)._rows(dossiers.with_user(admin))
        )
        report(f"admin: dashboard rows of the académie ({len(dossiers)})", t, q)
        t, q = measure(
            env, lambda: Situation.with_user(teacher).search_read([], fields_list)
        )
        report("teacher: the class's situations (350)", t, q)
        t, q = measure(
            env, lambda: orders.with_user(teacher).mapped("gpme_evidence_count")
        )
        report("teacher: evidence count on 80 orders", t, q)
        t, q = measure(
            env, lambda: orders.with_user(admin).mapped("gpme_evidence_count")
        )
        report("admin: evidence count on 80 orders (50,000 evidence)", t, q)
        klass = dossiers.filtered(lambda d: d.cohort_id == cohorts[0]).with_user(
            teacher
        )
        t, q = measure(env, lambda: klass.mapped("conformity_html"))
        report(f"teacher: checklist of the class ({len(klass)})", t, q)
        everyone = dossiers.with_user(admin)
        t, q = measure(env, lambda: everyone.mapped("conformity_blocking_count"))
        report(f"admin: checklist of the académie ({len(everyone)} dossiers)", t, q)
        t, q = measure(
            env,
            lambda: Situation.with_user(admin).read_group(
                [], ["cohort_id", "state"], ["cohort_id", "state"], lazy=False
            ),
        )
        report("admin: situations by class and state (read_group)", t, q)
        cr.rollback()


if __name__ == "__main__":
    main()
