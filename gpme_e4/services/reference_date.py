"""The one reference date of the demo business.

The demo's two fiscal years, its fiches, bilans and exam session are dated
relative to the day the demo is built. That day is chosen once, here, and
recorded in the database, so that whatever reads the demo later (the tests,
a teacher's walkthrough) finds the same calendar whatever day it runs:

- ``GPME_DEMO_DATE`` (YYYY-MM-DD) pins it (the test command does, so every
  run builds the same business);
- otherwise the demo is built around the real today (``run.sh``).
"""

import contextlib
import os
from contextvars import ContextVar
from datetime import date, datetime

DEMO_DATE_PARAM = "gpme_e4.demo_date"
DEMO_DATE_ENV = "GPME_DEMO_DATE"


def pinned_demo_date(environ=None):
    """The build date pinned by the environment, or None."""
    value = (environ if environ is not None else os.environ).get(DEMO_DATE_ENV)
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(
            f"{DEMO_DATE_ENV}={value!r} is not a date (expected YYYY-MM-DD)"
        ) from exc


def school_year_end(day):
    """The calendar year in which the school year containing ``day`` ends
    (September to August): the year of its exam session."""
    return day.year + (1 if day.month >= 9 else 0)


# The demo builder's clock: while it writes a student's work of a past week,
# evidence is tagged and frozen on that week's day, not on the build day.
# A context variable, not an Odoo context key: only Python code can set it
# (a user's RPC call cannot date a tamper-evident version).
_DEMO_NOW = ContextVar("gpme_demo_now", default=None)


@contextlib.contextmanager
def demo_clock(moment):
    """Within the block, :func:`now` is ``moment`` (a naive UTC datetime)."""
    token = _DEMO_NOW.set(moment)
    try:
        yield
    finally:
        _DEMO_NOW.reset(token)


def now():
    """The moment evidence is tagged or frozen: the demo builder's clock
    while it runs, else the real now (naive UTC, as Odoo stores it)."""
    return _DEMO_NOW.get() or datetime.utcnow().replace(microsecond=0)
