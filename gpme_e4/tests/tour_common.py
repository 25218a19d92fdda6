"""Browser tours with axe-core: each role's path, checked for accessibility.

The tours call axeSteps() (static/src/js/tours/gpme_e4_axe.js) on the addon's
own screens; each run logs one « gpme_axe {json} » console line per screen,
collected here from the browser's log. With GPME_AXE_REPORT set to a file
name, each run also appends one JSON line per screen to that file, which
scripts/test.sh sums up at the end of the run (the log hides them).
"""

import json
import logging
import os
import re
import time

_logger = logging.getLogger(__name__)

BLOCKING = ("serious", "critical")


class _Collect(logging.Handler):
    """Keeps the browser's console lines (they still reach the log)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def _append_report(tour, login, reports):
    """One JSON line per screen to the file named by GPME_AXE_REPORT."""
    path = os.environ.get("GPME_AXE_REPORT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as report_file:
        for screen, report in sorted(reports.items()):
            line = {
                "screen": screen,
                "tour": tour,
                "login": login,
                "counts": report["counts"],
                "violations": sorted({v["id"] for v in report["violations"]}),
            }
            report_file.write(json.dumps(line, ensure_ascii=False) + "\n")


class AxeTourMixin:
    """For HttpCase classes: warm the bundles, run a tour, check axe-core."""

    def warm_assets(self, login):
        # Build the asset bundles first: on a busy machine the browser's first
        # page load would otherwise outlast the tour's step timeout.
        self.authenticate(login, login)
        page = self.url_open("/web", timeout=300).text
        for url in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page):
            self.url_open(url, timeout=300)
        self.authenticate(None, None)

    def run_axe_tour(self, url, tour, login, screens):
        """Run `tour` as `login`; every screen in `screens` must have been
        checked by axe-core with no serious or critical violation. Returns
        {screen: counts per impact}."""
        started = time.monotonic()
        browser_logger = self._logger.getChild("browser")
        collected = _Collect()
        level = browser_logger.level
        browser_logger.addHandler(collected)
        browser_logger.setLevel(logging.INFO)
        try:
            self.start_tour(url, tour, login=login)
        finally:
            browser_logger.removeHandler(collected)
            browser_logger.setLevel(level)
        reports = {}
        for record in collected.records:
            message = record.getMessage()
            if message.startswith("gpme_axe "):
                report = json.loads(message[len("gpme_axe ") :])
                reports[report["screen"]] = report
        counts = {screen: report["counts"] for screen, report in reports.items()}
        _logger.info(
            "tour %s as %s: %.1f s, axe-core %s",
            tour,
            login,
            time.monotonic() - started,
            json.dumps(counts, sort_keys=True),
        )
        _append_report(tour, login, reports)
        self.assertEqual(sorted(reports), sorted(screens), "screens checked by axe")
        for screen, report in reports.items():
            self.assertTrue(report["checked"], f"axe-core found nothing on {screen}")
        blocking = [
            f"{screen}: {violation['impact']} {violation['id']} "
            f"({violation['help']}) on {', '.join(violation['nodes'])}"
            for screen, report in reports.items()
            for violation in report["violations"]
            if violation["impact"] in BLOCKING
        ]
        self.assertFalse(blocking, "\n".join(blocking))
        return counts
