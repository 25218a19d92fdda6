"""Indicators' arithmetic without a database, on figures computed by hand:
year-to-date against the same period of the previous year, documents dated in
the future ignored, receivables and payables ageing, textbook delays."""

from datetime import date

from odoo.addons.gpme_e4.services import indicators as ind
from odoo.tests import BaseCase, tagged


def calendar_year(day):
    return date(day.year, 1, 1), date(day.year, 12, 31)


def july_to_june(day):
    start = day.year if day.month >= 7 else day.year - 1
    return date(start, 7, 1), date(start + 1, 6, 30)


@tagged("post_install", "-at_install")
class TestAnalysisPeriod(BaseCase):
    def test_running_year_against_the_same_period(self):
        period = ind.analysis_period(date(2026, 11, 28), calendar_year)
        self.assertEqual(
            period,
            {
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
                "until": date(2026, 11, 28),
                "complete": False,
                "previous_from": date(2025, 1, 1),
                "previous_until": date(2025, 11, 28),
            },
        )

    def test_document_dated_in_the_future_does_not_move_the_period(self):
        # The last document dated up to today decides, not one of next year.
        period = ind.analysis_period(
            date(2026, 11, 28), calendar_year, last_date=date(2026, 10, 3)
        )
        self.assertEqual(period["date_from"], date(2026, 1, 1))
        self.assertEqual(period["until"], date(2026, 11, 28))
        # Even if one were passed, today caps it.
        period = ind.analysis_period(
            date(2026, 11, 28), calendar_year, last_date=date(2027, 1, 15)
        )
        self.assertEqual(period["date_from"], date(2026, 1, 1))

    def test_closed_year_against_the_whole_previous_year(self):
        # Nothing dated this year yet: the last closed year, in full.
        period = ind.analysis_period(
            date(2026, 2, 10), calendar_year, last_date=date(2025, 12, 20)
        )
        self.assertTrue(period["complete"])
        self.assertEqual(
            (period["date_from"], period["until"]),
            (date(2025, 1, 1), date(2025, 12, 31)),
        )
        self.assertEqual(
            (period["previous_from"], period["previous_until"]),
            (date(2024, 1, 1), date(2024, 12, 31)),
        )

    def test_fiscal_year_straddling_two_calendar_years(self):
        period = ind.analysis_period(date(2027, 3, 15), july_to_june)
        self.assertEqual(period["date_from"], date(2026, 7, 1))
        self.assertEqual(period["until"], date(2027, 3, 15))
        self.assertEqual(period["previous_from"], date(2025, 7, 1))
        self.assertEqual(period["previous_until"], date(2026, 3, 15))

    def test_29_february(self):
        period = ind.analysis_period(date(2028, 2, 29), calendar_year)
        self.assertEqual(period["previous_until"], date(2027, 2, 28))


@tagged("post_install", "-at_install")
class TestTurnover(BaseCase):
    Y24 = (date(2024, 1, 1), date(2024, 12, 31))
    Y25 = (date(2025, 1, 1), date(2025, 12, 31))
    Y26 = (date(2026, 1, 1), date(2026, 12, 31))

    def test_closed_years_compare_whole_years(self):
        rows = [(self.Y24, 800.0), (self.Y25, 600.0), (self.Y25, 400.0)]
        years = ind.turnover_by_year(rows)
        self.assertEqual([y["amount"] for y in years], [800.0, 1000.0])
        self.assertEqual([y["evolution"] for y in years], [None, 25.0])
        self.assertEqual([y["until"] for y in years], [None, None])

    def test_running_year_compares_with_the_same_period(self):
        # 2025: 12 000 in the year, 10 000 of it up to 28 November.
        # 2026 up to 28 November: 11 000 → +10 %, not -8,33 % (nor +3 589 %
        # against a few days).
        rows = [(self.Y25, 12000.0), (self.Y26, 11000.0)]
        years = ind.turnover_by_year(
            rows, open_year=(*self.Y26, date(2026, 11, 28), 10000.0)
        )
        self.assertEqual(years[0]["evolution"], None)
        running = years[1]
        self.assertEqual(running["amount"], 11000.0)
        self.assertEqual(running["until"], date(2026, 11, 28))
        self.assertEqual(running["compared_amount"], 10000.0)
        self.assertEqual(running["evolution"], 10.0)

    def test_running_year_without_sales_yet(self):
        years = ind.turnover_by_year(
            [(self.Y25, 5000.0)], open_year=(*self.Y26, date(2026, 1, 3), 0.0)
        )
        self.assertEqual(len(years), 2)
        self.assertEqual(years[1]["amount"], 0.0)
        self.assertIsNone(years[1]["evolution"])


@tagged("post_install", "-at_install")
class TestAgeingAndDelays(BaseCase):
    TODAY = date(2026, 11, 28)

    def test_ageing_buckets(self):
        rows = [
            (date(2026, 12, 15), 1200.0),  # not due
            (date(2026, 11, 28), 300.0),  # due today: not late
            (date(2026, 11, 27), 100.0),  # 1 day
            (date(2026, 10, 29), 50.0),  # 30 days
            (date(2026, 10, 28), 70.0),  # 31 days
            (date(2026, 9, 29), 80.0),  # 60 days
            (date(2026, 8, 30), 90.0),  # 90 days
            (date(2026, 8, 29), 500.0),  # 91 days
            (date(2026, 8, 1), -200.0),  # a credit note, 119 days
        ]
        result = ind.ageing(rows, self.TODAY)
        self.assertEqual(
            [(b["key"], b["amount"]) for b in result["buckets"]],
            [
                ("not_due", 1500.0),
                ("1-30", 150.0),
                ("31-60", 150.0),
                ("61-90", 90.0),
                (">90", 300.0),
            ],
        )
        self.assertEqual(result["not_due"], 1500.0)
        self.assertEqual(result["overdue"], 690.0)
        self.assertEqual(result["total"], 2190.0)
        self.assertEqual(
            [(b["min_days"], b["max_days"]) for b in result["buckets"]],
            [(None, 0), (1, 30), (31, 60), (61, 90), (91, None)],
        )

    def test_ageing_of_nothing(self):
        result = ind.ageing([], self.TODAY)
        self.assertEqual(result["total"], 0.0)
        self.assertEqual(len(result["buckets"]), 5)

    def test_textbook_delays(self):
        # Receivables 24 000 incl. tax, turnover 144 000 incl. tax over a year:
        # 24 000 / 144 000 × 360 = 60 days.
        self.assertEqual(ind.textbook_delay(24000.0, 144000.0), 60.0)
        # Payables 10 000, purchases 90 000 incl. tax: 40 days.
        self.assertEqual(ind.textbook_delay(10000.0, 90000.0), 40.0)
        # Over the 332 days of a running year (1 Jan – 28 Nov 2026):
        days = ind.commercial_days(
            date(2026, 1, 1), self.TODAY, date(2026, 1, 1), date(2026, 12, 31)
        )
        self.assertEqual(days, round(360 * 332 / 365, 2))
        self.assertEqual(
            ind.textbook_delay(24000.0, 120000.0, days),
            round(24000 / 120000 * 360 * 332 / 365, 1),
        )
        self.assertIsNone(ind.textbook_delay(5000.0, 0.0))
        # Customers owing nothing (credit notes above invoices): 0 days.
        self.assertEqual(ind.textbook_delay(-300.0, 1000.0), 0.0)

    def test_full_year_counts_360_days(self):
        self.assertEqual(
            ind.commercial_days(
                date(2025, 1, 1),
                date(2025, 12, 31),
                date(2025, 1, 1),
                date(2025, 12, 31),
            ),
            360.0,
        )
