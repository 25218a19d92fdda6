"""The E4 background jobs and their channels, declared once.

The module's data creates the channels and attaches each job to its own with
the retries declared here (queue.job.function's retry_pattern); the job
runner's capacities are computed here from the server's workers for
scripts/run.sh, docker/start-prod.sh, the demo compose file and
scripts/bench_evidence.py:

    python3 gpme_e4/services/job_channels.py --workers 4
    root:2,root.gpme_evidence_pdf:2,root.gpme_dossier_pdf:2,root.gpme_class_print:1

No Odoo import: any python3 runs it.
"""

import argparse

EVIDENCE_PDF = "root.gpme_evidence_pdf"
DOSSIER_PDF = "root.gpme_dossier_pdf"
CLASS_PRINT = "root.gpme_class_print"

# channel: the job it runs, how many times it is tried (queue_job's
# max_retries), the wait before each new try ({tries made: seconds}), and
# whether it may commit (none does: a try that fails is rolled back, the job
# row keeps its reason and the time of the next one; the last try writes the
# failure and ends).
JOBS = {
    # An evidence PDF: 2 then 4 minutes, time for a server to come back.
    EVIDENCE_PDF: {
        "model": "gpme.evidence.snapshot",
        "method": "_job_render_pdf",
        "max_retries": 3,
        "retry_pattern": {1: 120, 2: 240},
        "allow_commit": False,
    },
    # The whole dossier kept at hand-in (its waits for the evidence PDFs
    # are not tries).
    DOSSIER_PDF: {
        "model": "gpme.dossier",
        "method": "_job_store_dossier_pdf",
        "max_retries": 3,
        "retry_pattern": {1: 120, 2: 240},
        "allow_commit": False,
    },
    # A whole class: long, one at a time; a failure is told to the teacher,
    # who asks again.
    CLASS_PRINT: {
        "model": "gpme.cohort",
        "method": "_job_print_class",
        "max_retries": 1,
        "retry_pattern": {},
        "allow_commit": False,
    },
}


def capacities(workers):
    """{channel: capacity} for a server of ``workers`` HTTP workers (0: the
    threaded server of scripts/run.sh and the demo compose file).

    A PDF job holds a worker while wkhtmltopdf fetches its styles and header
    from another one, and a user printing needs two as well: the jobs
    together stay two workers below the worker count."""
    if workers <= 0:
        root = 2  # threads: another thread serves wkhtmltopdf's styles
    else:
        root = workers - 2 if workers > 3 else 1
    pdf = root - 1 if root > 2 else root
    return {"root": root, EVIDENCE_PDF: pdf, DOSSIER_PDF: pdf, CLASS_PRINT: 1}


def runner_channels(workers):
    """queue_job's ``channels`` option for a server of ``workers`` workers."""
    return ",".join(f"{name}:{cap}" for name, cap in capacities(workers).items())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--workers", type=int, default=0, help="Odoo's workers (0: threaded)"
    )
    print(runner_channels(parser.parse_args(argv).workers))  # pylint: disable=print-used


if __name__ == "__main__":
    main()
