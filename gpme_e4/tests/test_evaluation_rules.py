"""The commission's rules without a database: internship length, the four NV
cases, grid totals, the draw of the situation B fiches, the timer, retention."""

import random
from datetime import date, datetime, timedelta

from odoo.addons.gpme_e4.services import evaluation as ev
from odoo.tests import BaseCase, tagged


def stage(start, end, year, weeks=None, **kw):
    d1, d2 = date.fromisoformat(start), date.fromisoformat(end)
    return ev.Internship(
        d1, d2, ev.weeks_between(d1, d2) if weeks is None else weeks, year, **kw
    )


# 6 consecutive weeks at the end of year 1, 6 in year 2 of which 4 consecutive.
FULL = [
    stage("2026-05-18", "2026-06-28", "1", employer="Alpha"),
    stage("2027-01-04", "2027-01-31", "2", employer="Beta"),
    stage("2027-03-01", "2027-03-14", "2", employer="Gamma"),
]


@tagged("post_install", "-at_install", "gpme_unit")
class TestInternship(BaseCase):
    def test_weeks_from_dates(self):
        self.assertEqual(ev.weeks_between(date(2026, 5, 18), date(2026, 6, 28)), 6)
        self.assertEqual(ev.weeks_between(date(2026, 5, 18), date(2026, 5, 21)), 0.5)
        self.assertEqual(ev.weeks_between(date(2026, 5, 18), date(2026, 5, 1)), 0)

    def test_full_internship_is_enough(self):
        self.assertEqual(ev.internship_shortfall(FULL), [])

    def test_eleven_weeks_is_short(self):
        short = FULL[:2] + [stage("2027-03-01", "2027-03-07", "2")]
        codes = [c for c, __ in ev.internship_shortfall(short)]
        self.assertEqual(codes, ["total", "year2_total"])

    def test_year1_must_be_consecutive(self):
        split = [
            stage("2026-04-06", "2026-04-26", "1"),
            stage("2026-06-01", "2026-06-21", "1"),
        ] + FULL[1:]
        problems = ev.internship_shortfall(split)
        self.assertEqual(problems, [("year1_consecutive", {"weeks": 3, "required": 6})])

    def test_two_employers_back_to_back_are_consecutive(self):
        # Friday end, Monday start: one block of 6 weeks.
        joined = [
            stage("2026-05-18", "2026-06-05", "1", weeks=3),
            stage("2026-06-08", "2026-06-26", "1", weeks=3),
        ] + FULL[1:]
        self.assertEqual(ev.internship_shortfall(joined), [])

    def test_year2_needs_four_consecutive(self):
        split = FULL[:1] + [
            stage("2027-01-04", "2027-01-24", "2"),
            stage("2027-03-01", "2027-03-21", "2"),
        ]
        self.assertEqual(
            ev.internship_shortfall(split),
            [("year2_consecutive", {"weeks": 3, "required": 4})],
        )

    def test_waiver_lowers_to_eight_weeks(self):
        eight = [stage("2026-05-18", "2026-07-12", "1", weeks=8)]
        self.assertTrue(ev.internship_shortfall(eight))
        self.assertEqual(ev.internship_shortfall(eight, waiver=True), [])
        seven = [stage("2026-05-18", "2026-07-05", "1", weeks=7)]
        self.assertEqual(
            ev.internship_shortfall(seven, waiver=True),
            [("total", {"weeks": 7, "required": 8})],
        )

    def test_inverted_and_overlapping_periods(self):
        inverted = stage("2026-06-28", "2026-05-18", "1", weeks=6, employer="Alpha")
        self.assertEqual(
            ev.period_problems([inverted]), [("inverted", {"employer": "Alpha"})]
        )
        overlap = FULL + [stage("2027-01-25", "2027-02-07", "2", employer="Delta")]
        self.assertEqual(
            ev.period_problems(overlap),
            [("overlap", {"first": "Beta", "second": "Delta"})],
        )
        self.assertEqual(ev.period_problems(FULL), [])


@tagged("post_install", "-at_install", "gpme_unit")
class TestNonConformity(BaseCase):
    deadline = datetime(2027, 4, 15, 18, 0)
    on_time = datetime(2027, 4, 10, 9, 0)

    def test_conform(self):
        self.assertEqual(ev.nv_cases(self.on_time, self.deadline, FULL), [])

    def test_not_handed_in_only(self):
        self.assertEqual(ev.nv_cases(None, self.deadline, []), [ev.NV_NOT_HANDED_IN])
        after = self.deadline + timedelta(minutes=1)
        self.assertEqual(
            ev.nv_cases(None, self.deadline, [], now=after), [ev.NV_NOT_HANDED_IN]
        )

    def test_not_handed_in_only_after_the_deadline(self):
        # Four months early, or on the deadline's last minute: not yet.
        for now in (datetime(2026, 12, 15, 9, 0), self.deadline):
            self.assertEqual(ev.nv_cases(None, self.deadline, [], now=now), [])
        # No deadline known: never.
        self.assertEqual(ev.nv_cases(None, None, [], now=self.deadline), [])

    def test_late(self):
        late = datetime(2027, 4, 15, 18, 1)
        self.assertEqual(ev.nv_cases(late, self.deadline, FULL), [ev.NV_LATE])

    def test_internship_short(self):
        self.assertEqual(
            ev.nv_cases(self.on_time, self.deadline, FULL[:2]), [ev.NV_INTERNSHIP]
        )
        self.assertEqual(
            ev.nv_cases(self.on_time, self.deadline, FULL[:2], waiver=True), []
        )

    def test_unsigned_or_unstamped(self):
        unstamped = FULL[:2] + [stage("2027-03-01", "2027-03-14", "2", stamped=False)]
        self.assertEqual(
            ev.nv_cases(self.on_time, self.deadline, unstamped), [ev.NV_UNSIGNED]
        )
        self.assertEqual(
            ev.nv_cases(self.on_time, self.deadline, FULL, synoptic_attested=False),
            [ev.NV_UNSIGNED],
        )

    def test_only_the_four_cases_exist(self):
        self.assertEqual(
            set(ev.NV_CASES),
            {"not_handed_in", "late", "internship", "unsigned"},
        )

    def test_mark_status(self):
        self.assertEqual(ev.mark_status("non_conform"), "nv")
        self.assertEqual(ev.mark_status("doubt"), "held")
        self.assertEqual(ev.mark_status("conform"), "shown")
        self.assertEqual(ev.mark_status("pending"), "pending")


@tagged("post_install", "-at_install", "gpme_unit")
class TestGrids(BaseCase):
    def test_suggested_points(self):
        self.assertEqual(ev.suggested_points(4, 1.0), 4)
        self.assertEqual(ev.suggested_points(4, 0.67), 2.75)
        self.assertEqual(ev.suggested_points(3, 0.33), 1.0)
        self.assertEqual(ev.suggested_points(3, 0.0), 0)
        self.assertEqual(ev.suggested_points(3, None), 0)

    def test_line_bounds(self):
        self.assertIsNone(ev.line_problem(3, 3))
        self.assertIsNone(ev.line_problem(None, 3))
        self.assertEqual(ev.line_problem(3.25, 3), "above_max")
        self.assertEqual(ev.line_problem(-0.5, 3), "negative")

    def test_totals(self):
        self.assertEqual(ev.grid_total([3, 4, None, 2.5]), 9.5)
        self.assertIsNone(ev.total_problem("A", 14))
        self.assertEqual(ev.total_problem("A", 14.25), "above_max")
        self.assertEqual(ev.total_problem("B", 6.5), "above_max")
        self.assertEqual(ev.proposed_mark(11.5, 4.25), 15.75)
        # The forme ponctuelle: the one grid's total, A and B ignored.
        self.assertEqual(ev.proposed_mark(11.5, 4.25, "ponctuelle", 15.5), 15.5)


@tagged("post_install", "-at_install", "gpme_unit")
class TestDraw(BaseCase):
    situations = [
        ev.Candidate(1, frozenset({"grcf"})),
        ev.Candidate(2, frozenset({"grcf"}), eligible=False),
        ev.Candidate(3, frozenset({"oral"})),
        ev.Candidate(4, frozenset({"oral", "written"})),
        ev.Candidate(5, frozenset({"written"})),
        ev.Candidate(6, frozenset({"oral"}), eligible=False),
    ]

    def test_ccf_grcf_then_oral_only_eligible(self):
        for seed in range(40):
            picked, missing = ev.draw(self.situations, "ccf", random.Random(seed))
            self.assertEqual(list(picked), ["grcf", "oral"])
            self.assertEqual(picked["grcf"], 1)
            self.assertIn(picked["oral"], (3, 4))
            self.assertEqual(missing, [])

    def test_ponctuelle_draws_nothing(self):
        # Its commission chooses the situations (p. 77); no written fiche
        # de travail in either form.
        with self.assertRaises(ValueError):
            ev.draw(self.situations, "ponctuelle", random.Random(1))
        self.assertNotIn("written", ev.WORK_SHEET_KINDS["ponctuelle"])

    def test_commission_choice_is_kept(self):
        picked, __ = ev.draw(self.situations, "ccf", chosen={"oral": 4})
        self.assertEqual(picked["oral"], 4)
        self.assertEqual(picked["grcf"], 1)

    def test_missing_kind(self):
        only_grcf = [ev.Candidate(1, frozenset({"grcf"}))]
        picked, missing = ev.draw(only_grcf, "ccf")
        self.assertEqual(picked, {"grcf": 1})
        self.assertEqual(missing, ["oral"])

    def test_both_seen_over_draws(self):
        seen = {
            ev.draw(self.situations, "ccf", random.Random(seed))[0]["oral"]
            for seed in range(40)
        }
        self.assertEqual(seen, {3, 4})


@tagged("post_install", "-at_install", "gpme_unit")
class TestTimerAndRetention(BaseCase):
    def test_ccf_schedule(self):
        start = datetime(2027, 5, 3, 9, 0)
        rows = ev.schedule("ccf", start)
        self.assertEqual([p for p, *__ in rows], ["preparation", "part_1", "part_2"])
        self.assertEqual(rows[-1][2], datetime(2027, 5, 3, 10, 10))
        self.assertEqual(
            ev.current_phase("ccf", start, datetime(2027, 5, 3, 9, 45)),
            ("part_1", 600),
        )
        self.assertEqual(
            ev.current_phase("ccf", start, datetime(2027, 5, 3, 11, 0)), (None, 0)
        )

    def test_ponctuelle_one_hour_in_four_phases(self):
        rows = ev.schedule("ponctuelle", datetime(2027, 5, 3, 9, 0))
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[-1][2] - rows[1][1], timedelta(hours=1))

    def test_purge_after_the_next_session(self):
        today = date(2028, 7, 1)
        self.assertFalse(ev.purge_allowed(2027, {}, today))
        self.assertFalse(ev.purge_allowed(2027, {2028: date(2028, 7, 15)}, today))
        self.assertFalse(ev.purge_allowed(2027, {2028: None}, today))
        self.assertTrue(ev.purge_allowed(2027, {2028: date(2028, 6, 15)}, today))
        self.assertFalse(ev.purge_allowed(2028, {2027: date(2027, 6, 15)}, today))
