#!/usr/bin/env python3
"""Académie-scale benchmark: 1,000 students in classes of 35.

Builds, in a transaction rolled back at the end (the dev database is left as
it was), 29 classes (1,000 students), one dossier each with 10 situations
(5 validated, 1 handed in, 1 returned, 3 drafts), a bilan for every other
one, and 50 evidence: 10,000 situations and 50,000 evidence pointing at 80
sale orders. Then times what users do every day, as
those users (record rules included): the teacher's dashboard of her class,
the dashboard rows of the whole académie (admin), the student's home and
lists, the smart-button count on 80 orders, the conformity checklist; next
to them, standard Odoo screens of the same run (a list of 80 sale orders,
a grouped sale report) as a yardstick. Prints time (median of 5 runs, cold
ORM cache) and SQL queries.

The dashboard is measured twice: with one class of 35 students built, then
with the whole académie: its number of queries must not change.

How the académie is built (15 to 25 s on 2 cores): teachers, classes and
students through the ORM (``create`` of a list: groups, partners and homes as
in real life); dossiers, situations, their tasks and activities, bilans and
evidence in bulk SQL (``INSERT ... SELECT generate_series``), with every NOT
NULL column and every stored computed or related field the screens read
(names, codes SP1…, student/class/session of each row, e4_activity_ids).
Bypassed on purpose: the locks, the chatter and the evidence snapshots (the
screens measured here do not read them; bench_evidence.py measures those).
The tables are ANALYZEd, as autovacuum would have done on a real académie.

    scripts/dev-test.sh gpme_e4/tests/test_referential.py   # makes the dev DB
    python3 scripts/bench_academie.py [--config CONF] [--db gpme_dev]

Figures (2-core machine shared with other work, dev database with the demo
data, 2026-11-28; cold ORM cache, warm registry):

                                                  35 students      1,000 students
                                                  ms   queries     ms   queries
teacher: class dashboard (get_dashboard, 35)      83      37       74      37
admin: class dashboard (get_dashboard, 35)        91      38       64      38
admin: dashboard rows of all the dossiers       73 (35)   29    1,585 (1,000) 29
student: my home (get_student_home)               28      35       34      35
Odoo: sale.order list of 80 (web_search_read)     14       9       12       9
Odoo: sale.order by customer x state (read_group) 1.5      1      1.4       1

With 1,000 students: a student's 10 situations 3.3 ms (4 queries), her 50
evidence 5.4 ms (4); the class's 350 situations 23 ms (4); the evidence count
of 80 orders 54 ms (3) as a teacher, 1.2 s (3) as admin (every order tagged
by 600 students: 45,000 groups); the checklist of a class 62 ms (27), of the
académie 1.1 s (20); situations by class and state 6 ms (1). Medians of 5
runs; the same figures vary by ±40 % from one run to the next on this shared
machine (teacher's dashboard: 74 to 124 ms over two runs). The build: 2 s for
the first class, 12 to 19 s for the 28 others; the whole script, under a
minute.

The evidence counter of the order list (issue 19; run of 2026-12-04, same
machine): one query through the (res_model, res_id) index, the students'
names apart. 80 orders with 35 students: 3 to 4 ms as admin or teacher
(Odoo's list of the same 80 orders: 8 to 29 ms, 9 queries); with 1,000
students, every order tagged by 600 of them (50,000 evidence): 35 to 40 ms
as admin, 5 to 9 ms as a teacher, Odoo's list 18 to 24 ms. Counting and
naming in one grouped query took 209 to 222 ms as admin (45,000 groups).

Before the conformity facts were read in SQL (same data, an earlier run): the
teacher's dashboard 143 ms (39 queries), the académie's rows 4.0 s with 31
queries at 35 dossiers and 49 at 1,000 (the ORM reads 1,000 ids at a time).
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
BIG_TABLES = (
    "res_users",
    "res_partner",
    "gpme_cohort",
    "gpme_dossier",
    "gpme_situation",
    "gpme_situation_gpme_task_rel",
    "gpme_activity_gpme_situation_rel",
    "gpme_evidence",
    "gpme_evidence_gpme_task_rel",
    "gpme_review",
)


def build_base(env):
    """The sale orders the evidence points at and the exam session."""
    env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "0")
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
    return orders, session


def build_classes(env, orders, session, first, last):
    """Students first..last-1 in classes of CLASS_SIZE, with their dossiers."""
    env = env(context=dict(env.context, **NOTRACK))
    starts = range(first, last, CLASS_SIZE)
    teachers = env["res.users"].create(
        [{"name": f"Bench prof {c}", "login": f"bench_ac_prof_{c}"} for c in starts]
    )
    cohorts = env["gpme.cohort"].create(
        [
            {
                "name": f"Bench académie {c}",
                "exam_session_id": session.id,
                "teacher_ids": [(6, 0, teacher.ids)],
            }
            for c, teacher in zip(starts, teachers, strict=True)
        ]
    )
    students = env["res.users"].create(
        [
            {
                "name": f"Bench élève {c + i:04d}",
                "login": f"bench_ac_eleve_{c + i}",
                "gpme_cohort_id": cohort.id,
            }
            for c, cohort in zip(starts, cohorts, strict=True)
            for i in range(min(CLASS_SIZE, last - c))
        ]
    )
    env.flush_all()
    dossiers = env["gpme.dossier"].browse(_sql_dossiers(env, students, orders))
    env.invalidate_all()
    return cohorts, teachers, students, dossiers


def _sql_dossiers(env, students, orders):
    """Dossiers, situations, bilans and evidence of the students, in SQL."""
    cr = env.cr
    tasks = env["gpme.task"].search([]).ids  # the référentiel's order
    sale_model = env["ir.model"]._get_id("sale.order")
    company = env.company.id
    cr.execute(
        """
        INSERT INTO gpme_dossier (
            student_id, cohort_id, exam_session_id, session_year, company_id,
            state, name, create_uid, write_uid, create_date, write_date)
        SELECT u.id, c.id, c.exam_session_id, c.session_year, %(company)s,
               'draft',
               'Dossier E4 – ' || p.name || ' – session ' || c.session_year,
               1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
          FROM res_users u
          JOIN res_partner p ON p.id = u.partner_id
          JOIN gpme_cohort c ON c.id = u.gpme_cohort_id
         WHERE u.id = ANY(%(students)s)
           AND NOT EXISTS (SELECT 1 FROM gpme_dossier d
                            WHERE d.student_id = u.id
                              AND d.exam_session_id = c.exam_session_id)
        RETURNING id
        """,
        {"company": company, "students": students.ids},
    )
    dossier_ids = [r[0] for r in cr.fetchall()]
    # Situation n (1..10) of each dossier: kind by n % 3, validated when n is
    # odd, one handed in and one returned, the others drafts; two tasks each.
    cr.execute(
        """
        INSERT INTO gpme_situation (
            dossier_id, student_id, cohort_id, sequence, code, name,
            is_grcf, is_written, is_oral, with_customer, state,
            create_uid, write_uid, create_date, write_date)
        SELECT d.id, d.student_id, d.cohort_id, n, 'SP' || n, 'Situation ' || n,
               n %% 3 = 1, n %% 3 = 2, n %% 3 = 0, n %% 2 = 0,
               CASE WHEN n %% 2 = 1 THEN 'validated'
                    WHEN n = 2 THEN 'submitted'
                    WHEN n = 4 THEN 'to_rework'
                    ELSE 'draft' END,
               d.student_id, d.student_id,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM gpme_dossier d CROSS JOIN generate_series(1, %(n)s) n
         WHERE d.id = ANY(%(dossiers)s)
        """,
        {"n": SITUATIONS, "dossiers": dossier_ids},
    )
    pairs = [
        (n, tasks[(n * 5 + k) % len(tasks)])
        for n in range(1, SITUATIONS + 1)
        for k in range(2)
    ]
    cr.execute(
        """
        INSERT INTO gpme_situation_gpme_task_rel (gpme_situation_id, gpme_task_id)
        SELECT s.id, v.task
          FROM gpme_situation s
          JOIN unnest(%(n)s::int[], %(task)s::int[]) AS v(n, task)
            ON v.n = s.sequence
         WHERE s.dossier_id = ANY(%(dossiers)s)
        """,
        {
            "n": [p[0] for p in pairs],
            "task": [p[1] for p in pairs],
            "dossiers": dossier_ids,
        },
    )
    # The stored compute e4_activity_ids: the activities of the tasks.
    cr.execute(
        """
        INSERT INTO gpme_activity_gpme_situation_rel
               (gpme_situation_id, gpme_activity_id)
        SELECT DISTINCT r.gpme_situation_id, t.activity_id
          FROM gpme_situation_gpme_task_rel r
          JOIN gpme_task t ON t.id = r.gpme_task_id
          JOIN gpme_situation s ON s.id = r.gpme_situation_id
         WHERE s.dossier_id = ANY(%(dossiers)s)
        """,
        {"dossiers": dossier_ids},
    )
    # One bilan for every other dossier, written by the class's teacher.
    cr.execute(
        """
        INSERT INTO gpme_review (
            dossier_id, student_id, cohort_id, date, teacher_id, training_year,
            create_uid, write_uid, create_date, write_date)
        SELECT d.id, d.student_id, d.cohort_id,
               (now() at time zone 'UTC')::date - (d.id %% 30), t.user_id, '2',
               t.user_id, t.user_id, now() at time zone 'UTC',
               now() at time zone 'UTC'
          FROM gpme_dossier d
          JOIN LATERAL (SELECT min(user_id) AS user_id
                          FROM gpme_cohort_teacher_rel
                         WHERE cohort_id = d.cohort_id) t ON true
         WHERE d.id = ANY(%(dossiers)s) AND d.id %% 2 = 0
        """,
        {"dossiers": dossier_ids},
    )
    # Five sale orders per situation (a document once per situation),
    # tagged by the student with the situation's tasks.
    cr.execute(
        """
        INSERT INTO gpme_evidence (
            situation_id, dossier_id, student_id, cohort_id, res_model, res_id,
            res_model_id, company_id, name, tagged_by_id, tagged_date,
            create_uid, write_uid, create_date, write_date)
        SELECT s.id, s.dossier_id, s.student_id, s.cohort_id, 'sale.order', o.id,
               %(model)s, o.company_id, o.name, s.student_id,
               now() at time zone 'UTC', s.student_id, s.student_id,
               now() at time zone 'UTC', now() at time zone 'UTC'
          FROM gpme_situation s
         CROSS JOIN generate_series(0, %(k)s) k
          JOIN sale_order o
            ON o.id = (%(orders)s::int[])[1 + (s.id + k * 7) %% %(count)s]
         WHERE s.dossier_id = ANY(%(dossiers)s)
        """,
        {
            "model": sale_model,
            "k": EVIDENCE_PER_SITUATION - 1,
            "orders": orders.ids,
            "count": len(orders),
            "dossiers": dossier_ids,
        },
    )
    cr.execute(
        """
        INSERT INTO gpme_evidence_gpme_task_rel (gpme_evidence_id, gpme_task_id)
        SELECT e.id, r.gpme_task_id
          FROM gpme_evidence e
          JOIN gpme_situation_gpme_task_rel r
            ON r.gpme_situation_id = e.situation_id
         WHERE e.dossier_id = ANY(%(dossiers)s)
        """,
        {"dossiers": dossier_ids},
    )
    for table in BIG_TABLES:
        cr.execute(f"ANALYZE {table}")
    return dossier_ids


def check(env, teacher, cohort):
    """The rows built in SQL read as the ORM would have made them."""
    data = env["gpme.dashboard"].with_user(teacher).get_dashboard(cohort.id)
    row = data["rows"][0]
    got = (
        len(data["rows"]),
        row["validated"],
        row["waiting"],
        row["to_rework"],
        row["draft"],
        row["evidence"],
        row["kinds"],
        sum(row["activities"].values()) > 0,
    )
    want = (CLASS_SIZE, 5, 1, 1, 3, 50, {"grcf": 2, "oral": 2, "written": 1}, True)
    if got != want:
        raise SystemExit(f"The académie is not built as expected: {got} != {want}")


def measure_dashboard(env, label, cohort, teacher, student, dossiers, orders):
    """The dashboard's figures with the students built so far."""
    admin = env.ref("base.user_admin")
    Dashboard = env["gpme.dashboard"]
    rows = [
        (
            f"teacher: class dashboard, 1 class of 35 [{label}]",
            lambda: Dashboard.with_user(teacher).get_dashboard(cohort.id),
        ),
        (
            f"admin: class dashboard, 1 class of 35 [{label}]",
            lambda: Dashboard.with_user(admin).get_dashboard(cohort.id),
        ),
        (
            f"admin: dashboard rows of {len(dossiers)} dossiers [{label}]",
            lambda: Dashboard.with_user(admin)._rows(dossiers.with_user(admin)),
        ),
        (
            f"student: my home [{label}]",
            lambda: Dashboard.with_user(student).get_student_home(),
        ),
    ]
    SaleOrder = env["sale.order"].with_user(admin)
    list_fields = [
        "name",
        "date_order",
        "partner_id",
        "user_id",
        "company_id",
        "amount_untaxed",
        "amount_total",
        "currency_id",
        "invoice_status",
        "state",
        "activity_ids",
    ]
    rows += [
        (
            f"Odoo: sale.order list of 80 (web_search_read) [{label}]",
            lambda: SaleOrder.web_search_read([], list_fields, limit=80),
        ),
        (
            # The counter the order list shows beside Odoo's own columns.
            f"E4: evidence count of 80 orders, admin [{label}]",
            lambda: orders.with_user(admin).mapped("gpme_evidence_count"),
        ),
        (
            f"E4: evidence count of 80 orders, teacher [{label}]",
            lambda: orders.with_user(teacher).mapped("gpme_evidence_count"),
        ),
        (
            f"Odoo: sale.order by customer × state (read_group) [{label}]",
            lambda: SaleOrder.read_group(
                [], ["amount_total:sum"], ["partner_id", "state"], lazy=False
            ),
        ),
    ]
    figures = {}
    for name, func in rows:
        # Registry-level caches (rules, translations, groups of the user)
        # warm, as on a server in use; the ORM cache is cleared each run.
        func()
        t, q = measure(env, func)
        report(name, t, q)
        figures[name] = (t, q)
    return figures


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
        orders, session = build_base(env)
        # One class first: the dashboard's figures with 35 students ...
        cohorts, teachers, students, dossiers = build_classes(
            env, orders, session, 0, CLASS_SIZE
        )
        seconds = time.perf_counter() - start
        print(f"built 1 class of {len(students)} in {seconds:.1f} s")
        teacher, student, cohort = teachers[0], students[0], cohorts[0]
        check(env, teacher, cohort)
        small = measure_dashboard(
            env, "35 students", cohort, teacher, student, dossiers, orders
        )
        # ... then the whole académie.
        start = time.perf_counter()
        more = build_classes(env, orders, session, CLASS_SIZE, STUDENTS)
        cohorts |= more[0]
        teachers |= more[1]
        students |= more[2]
        dossiers |= more[3]
        print(
            f"built {len(cohorts)} classes, {len(students)} students, "
            f"{env['gpme.situation'].search_count([])} situations, "
            f"{env['gpme.evidence'].search_count([])} evidence "
            f"in {time.perf_counter() - start:.1f} s more"
        )
        big = measure_dashboard(
            env, "1,000 students", cohort, teacher, student, dossiers, orders
        )
        for (name, (__, q_small)), (__, (__, q_big)) in zip(
            small.items(), big.items(), strict=True
        ):
            if "rows of" not in name and q_small != q_big:
                print(f"  !! queries grew: {name}: {q_small} -> {q_big}")

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
        klass = dossiers.filtered(lambda d: d.cohort_id == cohort).with_user(teacher)
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
