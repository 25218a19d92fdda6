"""Repository-wide pytest policy: a skipped test is not a pass.

Odoo skips browser tests silently when websocket-client or Chromium is
missing; the suite must then fail instead of looking green.
"""

import os


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
