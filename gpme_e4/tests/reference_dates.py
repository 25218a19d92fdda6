"""The dates the tests run at, never the day the suite happens to run.

- The demo business is built around the date recorded at its build
  (``services/reference_date.py``; the test command pins it with
  ``GPME_DEMO_DATE``): :func:`demo_date` reads it back.
- A test that needs "today" freezes it at :data:`TEST_NOW` (freezegun, as
  Odoo's own tests do).
- The demo and indicator tests are evaluated at the dates of
  :func:`evaluation_dates`, chosen on the calendar's edges around the build.
"""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tools import date_utils

from ..services.reference_date import DEMO_DATE_PARAM, school_year_end

TEST_NOW = datetime(2026, 10, 14, 10, 0, 0)
TEST_TODAY = TEST_NOW.date()


def at_test_now(func=None):
    """Freeze the clock at TEST_NOW (a decorator, or a context manager)."""
    freezer = freeze_time(TEST_NOW)
    return freezer(func) if func else freezer


def demo_date(env):
    """The day the demo was built around (None: no demo in this database)."""
    value = env["ir.config_parameter"].sudo().get_param(DEMO_DATE_PARAM)
    return fields.Date.to_date(value) if value else None


def company_fiscal_year(company, day):
    return date_utils.get_fiscal_year(
        day, day=company.fiscalyear_last_day, month=int(company.fiscalyear_last_month)
    )


def next_leap_day(day):
    year = day.year + (1 if (day.month, day.day) > (2, 29) else 0)
    while True:
        try:
            return date(year, 2, 29)
        except ValueError:
            year += 1


def evaluation_dates(built, company):
    """{label: date}: the build day and the calendar's edges around it."""
    fy_from, fy_to = company_fiscal_year(company, built)
    session_year = school_year_end(built)
    return {
        "build day": built,
        "first day of the fiscal year": fy_from,
        "last day of the fiscal year": fy_to,
        "first day of the next fiscal year": fy_to + timedelta(days=1),
        "31 December": date(built.year, 12, 31),
        "1 January": date(built.year + 1, 1, 1),
        "29 February": next_leap_day(built),
        "session deadline": date(session_year, 4, 15),
        "mid-summer": date(session_year, 7, 15),
    }
