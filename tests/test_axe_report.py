"""scripts/axe_report.py: the axe-core table printed at the end of test.sh."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "axe_report.py"


def _table(path):
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()


def test_one_row_per_screen_last_run_wins(tmp_path):
    report = tmp_path / "axe.jsonl"
    lines = [
        {
            "screen": "student home",
            "tour": "t",
            "login": "eleve3",
            "counts": {"minor": 0, "moderate": 5, "serious": 1, "critical": 0},
            "violations": ["color-contrast", "region"],
        },
        {
            "screen": "student home",
            "tour": "t",
            "login": "eleve3",
            "counts": {"minor": 0, "moderate": 2, "serious": 0, "critical": 0},
            "violations": ["region"],
        },
        {
            "screen": "class dashboard",
            "tour": "u",
            "login": "prof",
            "counts": {"minor": 1, "moderate": 0, "serious": 0, "critical": 3},
            "violations": ["aria-required-children"],
        },
    ]
    report.write_text("".join(json.dumps(line) + "\n" for line in lines))
    header, first, second = _table(report)
    assert header.split()[-5:] == [
        "minor",
        "moderate",
        "serious",
        "critical",
        "violations",
    ]
    assert first.split()[-5:] == ["1", "0", "0", "3", "aria-required-children"]
    assert first.startswith("class dashboard (prof)")
    assert second.split()[-5:] == ["0", "2", "0", "0", "region"]


def test_no_file_when_no_tour_ran(tmp_path):
    assert _table(tmp_path / "missing.jsonl") == [
        "axe-core: no screen checked (no browser tour ran)"
    ]
