"""Repository-wide pytest policy: a skipped test is not a pass.

Odoo skips browser tests silently when websocket-client or Chromium is
missing; the suite must then fail instead of looking green.
"""

import os

from freezegun import freeze_time

# GPME_FREEZE_NOW=2028-02-29T10:00 runs the tests as if on that day (the
# clock still ticks): CI's date matrix, to show the suite does not depend on
# the day it runs.
_FREEZE_NOW = os.environ.get("GPME_FREEZE_NOW")


def pytest_configure(config):
    if _FREEZE_NOW:
        freezer = freeze_time(_FREEZE_NOW, tick=True)
        freezer.start()
        config._gpme_freezer = freezer


def _skipped(config):
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _skipped(config) and os.environ.get("GPME_ALLOW_SKIP") != "1":
        terminalreporter.write_line(
            "gpme_e4: skipped tests count as failures (set GPME_ALLOW_SKIP=1 "
            "to allow them locally).",
            red=True,
        )


def pytest_sessionfinish(session, exitstatus):
    if (
        exitstatus == 0
        and _skipped(session.config)
        and os.environ.get("GPME_ALLOW_SKIP") != "1"
    ):
        session.exitstatus = 1
