"""Internship weeks and dates as the circular counts them, without a
database."""

from datetime import date

from odoo.addons.gpme_e4.services import internship as rules
from odoo.tests import BaseCase, tagged


@tagged("post_install", "-at_install", "gpme_unit")
class TestCircularWeeks(BaseCase):
    def weeks(self, start, end):
        return rules.circular_weeks(date.fromisoformat(start), date.fromisoformat(end))

    def test_monday_to_friday_is_whole_weeks(self):
        # The circular's example: 11/05 -> 19/06 is 6 weeks (Ascension and
        # Whit Monday inside are not deducted).
        self.assertEqual(self.weeks("2026-05-11", "2026-06-19"), 6)
        self.assertEqual(self.weeks("2026-05-11", "2026-05-15"), 1)

    def test_weekend_after_adds_nothing(self):
        self.assertEqual(self.weeks("2026-05-11", "2026-06-21"), 6)
        self.assertEqual(self.weeks("2026-05-18", "2026-06-28"), 6)

    def test_part_weeks_in_working_days(self):
        # Monday to Thursday: 4 working days.
        self.assertEqual(self.weeks("2026-05-18", "2026-05-21"), 0.8)
        # Wednesday to the Tuesday after: 5 working days.
        self.assertEqual(self.weeks("2026-05-13", "2026-05-19"), 1)
        # One day is a fifth of a week, a Saturday nothing.
        self.assertEqual(self.weeks("2026-05-13", "2026-05-13"), 0.2)
        self.assertEqual(self.weeks("2026-05-16", "2026-05-16"), 0)
        # Thursday to the Friday of the week after next: 2 + 5 + 5.
        self.assertEqual(self.weeks("2026-05-14", "2026-05-29"), 2.4)

    def test_missing_or_inverted_dates(self):
        self.assertEqual(rules.circular_weeks(None, date(2026, 5, 1)), 0)
        self.assertEqual(self.weeks("2026-05-18", "2026-05-01"), 0)


@tagged("post_install", "-at_install", "gpme_unit")
class TestInternshipDates(BaseCase):
    def test_window_of_the_session(self):
        ok = rules.date_problems(date(2026, 5, 18), date(2026, 6, 28), 2027)
        self.assertEqual(ok, [])
        for start, end in (
            (date(1900, 1, 1), date(1900, 2, 1)),
            (date(2099, 5, 1), date(2099, 6, 1)),
            (date(2026, 12, 1), date(2028, 1, 15)),
        ):
            codes = [code for code, __ in rules.date_problems(start, end, 2027)]
            self.assertEqual(codes, ["window"], (start, end))

    def test_inverted(self):
        codes = [
            c for c, __ in rules.date_problems(date(2026, 6, 1), date(2026, 5, 1), 2027)
        ]
        self.assertEqual(codes, ["inverted"])
