"""The axe-core counts per screen of a test run, as a table.

    python3 scripts/axe_report.py FILE

FILE: the JSON lines the browser tours append when GPME_AXE_REPORT names it
(tests/tour_common.py), one per screen checked. No file: no tour ran.
"""

import json
import sys

IMPACTS = ("minor", "moderate", "serious", "critical")


def main(path):
    rows = {}
    try:
        with open(path, encoding="utf-8") as report_file:
            for line in report_file:
                if line.strip():
                    entry = json.loads(line)
                    # A test run twice (a retry) counts once: its last run.
                    rows[(entry["screen"], entry["tour"], entry["login"])] = entry
    except FileNotFoundError:
        pass
    if not rows:
        print("axe-core: no screen checked (no browser tour ran)")
        return
    width = max(len(f"{screen} ({login})") for screen, _tour, login in rows)
    print(
        f"{'axe-core per screen':<{width}}  "
        + " ".join(f"{i:>8}" for i in IMPACTS)
        + "  violations"
    )
    for (screen, _tour, login), entry in sorted(rows.items()):
        counts = " ".join(f"{entry['counts'].get(i, 0):>8}" for i in IMPACTS)
        label = f"{screen} ({login})"
        print(f"{label:<{width}}  {counts}  {', '.join(entry['violations']) or '-'}")


if __name__ == "__main__":
    main(sys.argv[1])
