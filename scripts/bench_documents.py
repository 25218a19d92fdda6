"""Benchmark of the E4 documents against the dev database, side by side with
Odoo's own sale order report, in one run.

    python3 scripts/bench_documents.py [-c /tmp/gpme-dev-*/odoo.conf] [-d gpme_dev]
        [--students 35] [--evidence 60] [--out DIR]

Creates a class (students, dossiers, fiches, evidence) in one transaction,
prints each figure (time, queries, pages) and rolls everything back. --out
keeps the PDFs/XLSX to look at.

wkhtmltopdf fetches the report styles from the database's server
(report.url, else web.base.url): run one on that address (scripts/run.sh, or
odoo -c CONF -d DB --http-port=...) and put the patched-Qt wkhtmltopdf
(.local/wkhtmltox/bin) first on PATH, or the pages come out unstyled and the
figures mean nothing.
"""

import argparse
import glob
import io
import os
import resource
import time

import odoo
from odoo import Command
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader


def cpu():
    """CPU seconds of this process and of its children (wkhtmltopdf): unlike
    the wall time, hardly moved by other work on a shared machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label, func, cr):
    """Run func; print its wall time, CPU time and queries. Returns
    (result, (wall seconds, CPU seconds))."""
    queries = cr.sql_log_count
    start, start_cpu = time.perf_counter(), cpu()
    result = func()
    elapsed, used = time.perf_counter() - start, cpu() - start_cpu
    print(
        f"{label:<60} {elapsed * 1000:9.1f} ms {used * 1000:9.1f} ms CPU "
        f"{cr.sql_log_count - queries:7d} queries"
    )
    return result, (elapsed, used)


def main():
    parser = argparse.ArgumentParser()
    confs = glob.glob("/tmp/gpme-dev-*/odoo.conf")
    parser.add_argument("-c", "--config", default=confs[0] if confs else None)
    parser.add_argument("-d", "--database", default="gpme_dev")
    parser.add_argument("--students", type=int, default=35)
    parser.add_argument("--evidence", type=int, default=60)
    parser.add_argument("--out")
    args = parser.parse_args()
    config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.registry(args.database)
    # The report asset bundles must be committed for the server to serve
    # them: made inside the rolled-back run, they answer 404 to wkhtmltopdf.
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        order = env["sale.order"].search([], limit=1)
        env["ir.actions.report"].with_context(
            commit_assetsbundle=True
        )._render_qweb_pdf("sale.report_saleorder", order.ids)
        cr.commit()
    with registry.cursor() as cr:
        env = odoo.api.Environment(
            cr, odoo.SUPERUSER_ID, {"lang": "fr_FR", "commit_assetsbundle": False}
        )
        try:
            run(env, args)
        finally:
            cr.rollback()


def make_class(env, count):
    cohort = env["gpme.cohort"].create(
        {
            "name": "Bench documents",
            "exam_session_id": env["gpme.exam.session"]
            .create({"year": 2027, "academy": "Académie de benchmark"})
            .id,
            "school": "Lycée Bench",
        }
    )
    modalities = env["gpme.modality"].search([])
    tasks = env["gpme.task"].search([])
    students = env["res.users"].create(
        [
            {
                "name": f"Élève bench {i:02d}",
                "login": f"bench_doc_{i}",
                "lang": "fr_FR",
                "gpme_cohort_id": cohort.id,
                "groups_id": [Command.set(env.ref("gpme_e4.group_student").ids)],
            }
            for i in range(count)
        ]
    )
    dossiers = env["gpme.dossier"].create(
        [{"student_id": s.id, "cohort_id": cohort.id} for s in students]
    )
    env["gpme.situation"].create(
        [
            {
                "dossier_id": d.id,
                "name": f"Situation {j}",
                "is_grcf": j % 2 == 0,
                "is_written": j % 2 == 1,
                "modality_id": modalities[j % len(modalities)].id,
                "period_date": f"2026-{j + 1:02d}-01",
                "task_ids": [Command.set(tasks[j * 5 : j * 5 + 6].ids)],
                "analysis": "Analyse de la situation. " * 20,
            }
            for d in dossiers
            for j in range(5)
        ]
    )
    return cohort, dossiers


def ratio(label, ours, odoo_s):
    """Wall and CPU ratios: the wall time also counts the server that serves
    the styles, the CPU time is steadier on a busy machine."""
    print(
        f"{'  ratio ' + label:<60} {ours[0] / odoo_s[0]:9.2f} wall "
        f"{ours[1] / odoo_s[1]:9.2f} CPU"
    )


def pages(pdf):

    return PdfFileReader(io.BytesIO(pdf)).getNumPages()


def run(env, args):
    cr = env.cr
    cohort, dossiers = make_class(env, args.students)
    env.flush_all()
    report = env["ir.actions.report"]
    out = {}

    def pdf(name, ids):
        return report._render_qweb_pdf(name, ids)[0]

    orders = env["sale.order"].search([], limit=20)
    # Warm the report assets once so that neither side pays for them.
    pdf("sale.report_saleorder", orders[:1].ids)
    out["sale_1"], t_sale = timed(
        "Odoo sale.report_saleorder, 1 order",
        lambda: pdf("sale.report_saleorder", orders[:1].ids),
        cr,
    )
    out["syn_1"], t_syn = timed(
        "Synoptic, 1 dossier",
        lambda: pdf("gpme_e4.report_synoptic", dossiers[:1].ids),
        cr,
    )
    ratio("synoptic / sale order (target <= 1.2)", t_syn, t_sale)
    out["sale_20"], t_sale20 = timed(
        f"Odoo sale.report_saleorder, {len(orders)} orders in one PDF",
        lambda: pdf("sale.report_saleorder", orders.ids),
        cr,
    )
    out["syn_35"], t_syn35 = timed(
        f"Synoptics, {len(dossiers)} dossiers in one PDF",
        lambda: pdf("gpme_e4.report_synoptic", dossiers.ids),
        cr,
    )
    ratio("35 synoptics / 20 sale orders (target <= 1.5)", t_syn35, t_sale20)
    html = report._render_qweb_html("gpme_e4.report_synoptic", dossiers[:1].ids)[0]
    print(f"{'  HTML of one synoptic (bytes)':<60} {len(html):9d}")
    xlsx = env.ref("gpme_e4.action_report_gpme_cohort_xlsx")
    out["class_xlsx"], _t = timed(
        f"Class workbook, {len(dossiers)} students",
        lambda: xlsx._render_xlsx(xlsx.report_name, cohort.ids, {})[0],
        cr,
    )
    # The whole dossier of one student with N evidence, each with its PDF.
    env["ir.config_parameter"].set_param("gpme_e4.evidence_snapshot_pdf", "1")
    situation = dossiers[0].situation_ids[0]
    partners = env["res.partner"].create(
        [{"name": f"Client bench {i}"} for i in range(args.evidence)]
    )
    timed(
        f"Tag {args.evidence} evidence (snapshot PDFs)",
        lambda: env["gpme.evidence"].create(
            [
                {
                    "situation_id": situation.id,
                    "res_model": "res.partner",
                    "res_id": p.id,
                }
                for p in partners
            ]
        ),
        cr,
    )
    out["dossier"], _t = timed(
        f"Whole dossier PDF, {args.evidence} evidence annexed",
        lambda: pdf("gpme_e4.report_dossier", dossiers[:1].ids),
        cr,
    )
    for key in ("sale_1", "syn_1", "syn_35", "dossier"):
        print(f"{'  pages ' + key:<60} {pages(out[key]):9d}")
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for key, content in out.items():
            ext = "xlsx" if key.endswith("xlsx") else "pdf"
            with open(os.path.join(args.out, f"{key}.{ext}"), "wb") as f:
                f.write(content)


if __name__ == "__main__":
    main()
