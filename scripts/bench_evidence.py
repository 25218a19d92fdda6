#!/usr/bin/env python3
"""Benchmark of E4 evidence against the dev database (made by dev-test.sh).

    python3 scripts/bench_evidence.py [--conf odoo.conf] [--db gpme_dev] [--n 200]

Prints queries and time to tag one record, the smart-button count on 80
orders, and tagging N records with PDF snapshots. Everything is rolled back.
"""

import argparse
import glob
import hashlib
import os
import sys
import time

import odoo
from odoo import Command
from odoo.tests.common import new_test_user

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ["PATH"] = (
    os.path.join(ROOT, ".local/wkhtmltox/bin") + ":" + os.environ["PATH"]
)


def default_conf():
    digest = hashlib.md5((ROOT + "\n").encode()).hexdigest()[:6]
    path = f"/tmp/gpme-dev-{digest}/odoo.conf"
    return (
        path
        if os.path.exists(path)
        else (glob.glob("/tmp/gpme-dev-*/odoo.conf") or [None])[0]
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--conf", default=default_conf())
    parser.add_argument("--db", default="gpme_dev")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()

    odoo.tools.config.parse_config(
        ["-c", args.conf, "-d", args.db, "--log-level=error"]
    )
    registry = odoo.registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "1")
        groups = (
            "gpme_e4.group_student,sales_team.group_sale_salesman_all_leads,"
            "purchase.group_purchase_user,account.group_account_invoice"
        )
        cohort = env["gpme.cohort"].create(
            {"name": "Bench class", "session_year": 2027}
        )
        student = new_test_user(
            env, "bench_student", groups=groups, gpme_cohort_id=cohort.id
        )
        dossier = env["gpme.dossier"].create(
            {"student_id": student.id, "cohort_id": cohort.id}
        )
        situations = env["gpme.situation"].create(
            [{"dossier_id": dossier.id, "name": f"Bench {i}"} for i in range(3)]
        )
        partner = env["res.partner"].create({"name": "Bench customer"})
        product = env["product.product"].create(
            {"name": "Bench product", "list_price": 10}
        )
        orders = (
            env["sale.order"]
            .with_user(student)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": i + 1}
                            )
                        ],
                    }
                    for i in range(max(args.n, 80) + 10)
                ]
            )
        )
        Evidence = env["gpme.evidence"].with_user(student)

        def tag(records, situation):
            env.flush_all()
            env.invalidate_all()
            start_q, start_t = cr.sql_log_count, time.perf_counter()
            Evidence.create(
                [
                    {
                        "situation_id": situation.id,
                        "res_model": "sale.order",
                        "res_id": o.id,
                    }
                    for o in records
                ]
            )
            env.flush_all()
            return cr.sql_log_count - start_q, time.perf_counter() - start_t

        # Values only; caches warmed first, as on a running server.
        env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "0")
        tag(orders[-1], situations[2])
        q, t = tag(orders[0], situations[0])
        print(f"tag 1 record, values snapshot only : {q:4d} queries {t * 1000:8.1f} ms")
        q, t = tag(orders[1:6], situations[0])
        print(f"tag 5 records, values snapshot only: {q:4d} queries {t * 1000:8.1f} ms")

        orders[-2].with_user(student).gpme_evidence_count  # noqa: B018 (warm the rules)
        env.invalidate_all()
        eighty = orders[:80].with_user(student)
        start_q, start_t = cr.sql_log_count, time.perf_counter()
        counts = eighty.mapped("gpme_evidence_count")
        q, t = cr.sql_log_count - start_q, time.perf_counter() - start_t
        print(
            f"smart-button count on 80 orders    : {q:4d} queries "
            f"{t * 1000:8.1f} ms (sum {sum(counts)})"
        )

        # With PDF snapshots (the first render also builds the report assets).
        env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "1")
        tag(orders[-2], situations[2])
        q, t = tag(orders[6], situations[0])
        print(f"tag 1 record with PDF snapshot     : {q:4d} queries {t * 1000:8.1f} ms")
        batch = orders[7 : 7 + args.n]
        q, t = tag(batch, situations[1])
        with_pdf = Evidence.search_count(
            [("situation_id", "=", situations[1].id), ("snapshot_pdf", "!=", False)]
        )
        print(
            f"tag {len(batch)} records with PDF snapshots: {q:4d} queries {t:8.1f} s "
            f"({t / len(batch) * 1000:.0f} ms/record, {with_pdf} PDFs)"
        )
        cr.rollback()
    return 0


if __name__ == "__main__":
    sys.exit(main())
