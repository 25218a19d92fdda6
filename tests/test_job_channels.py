"""The job channels come from one place, gpme_e4/services/job_channels.py:
its capacities keep the PDF jobs and a user's print below the worker count,
and the demo compose file, scripts/run.sh and the benchmark read them."""

import importlib.util
import pathlib
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "gpme_e4" / "services" / "job_channels.py"


def _source():
    spec = importlib.util.spec_from_file_location("job_channels", SOURCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("workers", range(2, 17))
def test_capacities_leave_workers_for_styles_and_prints(workers):
    channels = _source()
    caps = channels.capacities(workers)
    assert set(caps) == {"root", *channels.JOBS}
    # Two workers left when there are enough of them, one job at the least.
    assert caps["root"] == max(1, workers - 2 if workers > 3 else 1)
    assert all(1 <= cap <= caps["root"] for cap in caps.values())


def test_command_line_prints_the_runner_option():
    proc = subprocess.run(
        [sys.executable, str(SOURCE), "--workers", "8"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == (
        "root:6,root.gpme_evidence_pdf:5,root.gpme_dossier_pdf:5,"
        "root.gpme_class_print:1"
    )


def test_demo_compose_and_run_read_the_source():
    threaded = _source().runner_channels(0)
    compose = YAML(typ="safe").load(
        (ROOT / "docker" / "docker-compose.yml").read_text()
    )
    env = compose["services"]["odoo"]["environment"]
    assert env["ODOO_QUEUE_JOB_CHANNELS"] == threaded
    # scripts/run.sh's configuration asks the source itself.
    lib = (ROOT / "scripts" / "lib.sh").read_text()
    assert "channels = $(job_channels 0)" in lib
    assert "gpme_e4/services/job_channels.py" in lib
    assert (
        "gpme_e4/services/job_channels.py"
        in (ROOT / "docker" / "start-prod.sh").read_text()
    )
