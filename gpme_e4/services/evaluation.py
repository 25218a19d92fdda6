"""The exam's rules for the commission, in plain Python (no Odoo import).

Internship length, the four cases of non-conformity (NV), grid totals and the
draw of the situation B fiches. Each function takes plain values and returns
plain values or problem codes; the models turn the codes into translated
messages, so a teacher can read the rules here and the unit tests need no
database.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

# --- Internship (référentiel, "stage", printed pp. 88-90) -------------------
REQUIRED_WEEKS = 12
WAIVER_WEEKS = 8  # only with an académie waiver
YEAR1_CONSECUTIVE = 6  # at the end of the first year
YEAR2_WEEKS = 6
YEAR2_CONSECUTIVE = 4
# Two attestations follow each other when the second starts within this many
# days of the first's end (a weekend between two employers is no break).
CONSECUTIVE_GAP_DAYS = 3


@dataclass(frozen=True)
class Internship:
    date_from: date
    date_to: date
    weeks: float
    year: str  # "1" or "2": year of the training
    signed: bool = True
    stamped: bool = True
    employer: str = ""


def period_problems(internships):
    """Dates inverted or periods overlapping: [(code, params)]."""
    problems = []
    for i in internships:
        if i.date_from and i.date_to and i.date_to < i.date_from:
            problems.append(("inverted", {"employer": i.employer}))
    ordered = sorted(
        (i for i in internships if i.date_from and i.date_to),
        key=lambda i: i.date_from,
    )
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if current.date_from <= previous.date_to:
            problems.append(
                ("overlap", {"first": previous.employer, "second": current.employer})
            )
    return problems


def weeks_between(date_from, date_to):
    """Calendar weeks covered by a period, both days included, to the half."""
    if not date_from or not date_to or date_to < date_from:
        return 0.0
    days = (date_to - date_from).days + 1
    return round(days / 7 * 2) / 2


def _longest_block(internships):
    """Weeks of the longest run of attestations following each other."""
    best = current = 0.0
    last_end = None
    for i in sorted(internships, key=lambda i: i.date_from):
        if last_end and i.date_from - last_end <= timedelta(days=CONSECUTIVE_GAP_DAYS):
            current += i.weeks
        else:
            current = i.weeks
        last_end = i.date_to
        best = max(best, current)
    return best


def internship_shortfall(internships, waiver=False):
    """What the internship lacks, as [(code, params)]; empty when it is long
    enough. With a waiver only the total of 8 weeks is required."""
    internships = [i for i in internships if i.date_from and i.date_to]
    total = sum(i.weeks for i in internships)
    required = WAIVER_WEEKS if waiver else REQUIRED_WEEKS
    problems = []
    if total < required:
        problems.append(("total", {"weeks": total, "required": required}))
    if waiver:
        return problems
    year1 = [i for i in internships if i.year == "1"]
    year2 = [i for i in internships if i.year == "2"]
    block1 = _longest_block(year1)
    if block1 < YEAR1_CONSECUTIVE:
        problems.append(
            ("year1_consecutive", {"weeks": block1, "required": YEAR1_CONSECUTIVE})
        )
    total2 = sum(i.weeks for i in year2)
    if total2 < YEAR2_WEEKS:
        problems.append(("year2_total", {"weeks": total2, "required": YEAR2_WEEKS}))
    block2 = _longest_block(year2)
    if block2 < YEAR2_CONSECUTIVE:
        problems.append(
            ("year2_consecutive", {"weeks": block2, "required": YEAR2_CONSECUTIVE})
        )
    return problems


# --- Non-conformity (the only four cases) ------------------------------------
NV_NOT_HANDED_IN = "not_handed_in"
NV_LATE = "late"
NV_INTERNSHIP = "internship"
NV_UNSIGNED = "unsigned"
NV_CASES = (NV_NOT_HANDED_IN, NV_LATE, NV_INTERNSHIP, NV_UNSIGNED)


def nv_cases(
    handed_in_at,
    deadline,
    internships,
    waiver=False,
    synoptic_attested=True,
    now=None,
):
    """The official cases of non-conformity that apply, in the circular's
    order. Composition gaps (quotas, coverage) are never one of them. Given
    ``now``, « no dossier handed in » holds only once the deadline has passed
    (and never without a deadline)."""
    if not handed_in_at:
        # Nothing handed in: the other cases cannot be judged.
        if now is not None and not (deadline and now > deadline):
            return []
        return [NV_NOT_HANDED_IN]
    cases = []
    if deadline and handed_in_at > deadline:
        cases.append(NV_LATE)
    if internship_shortfall(internships, waiver):
        cases.append(NV_INTERNSHIP)
    if (
        not synoptic_attested
        or not internships
        or any(not (i.signed and i.stamped) for i in internships)
    ):
        cases.append(NV_UNSIGNED)
    return cases


def mark_status(conformity):
    """How the mark may be shown: 'nv' (mention NV, no mark), 'held' (doubt:
    the interrogation goes on, the mark waits for the académie), 'pending'
    (conformity not checked yet) or 'shown'."""
    return {"non_conform": "nv", "doubt": "held", "conform": "shown"}.get(
        conformity, "pending"
    )


# --- Grids --------------------------------------------------------------------
GRID_MAX = {"A": 14.0, "B": 6.0, "P": 20.0}
# Grid P: the forme ponctuelle's one grid /20 (référentiel p. 77).
FORM_GRIDS = {"ccf": ("A", "B"), "ponctuelle": ("P",)}
# Who fills and signs each grid: the teaching team grid A (the internship
# tutor may help), the commission grid B.
# The class's teachers sit in the commission of situation B (a professional
# only in addition). The forme ponctuelle is examined in an exam centre by
# its commission alone: the candidate's class teachers have no part in it.
GRID_ROLES = {
    "A": frozenset({"teacher", "commission"}),
    "B": frozenset({"teacher", "commission"}),
    "P": frozenset({"commission"}),
}
POINT_STEP = 0.25


def suggested_points(max_points, ratio):
    """Points a mastery level suggests for a criterion, to the quarter point."""
    if ratio is None:
        return 0.0
    ratio = min(max(ratio, 0.0), 1.0)
    return round(max_points * ratio / POINT_STEP) * POINT_STEP


def off_step(points):
    """True when the points are not a multiple of the grid's step."""
    steps = points / POINT_STEP
    return abs(steps - round(steps)) > 1e-6


def line_problem(points, max_points):
    """'negative', 'above_max' or None for a line's final points."""
    if points is None:
        return None
    if points < 0:
        return "negative"
    if points > max_points + 1e-9:
        return "above_max"
    return None


def grid_total(points):
    """Total of a grid's final points (unset lines count 0)."""
    return round(sum(p or 0.0 for p in points), 2)


def format_points(value):
    """Points in the French way: 15,50."""
    return ("%.2f" % (value or 0.0)).replace(".", ",")


def grid_score(lines):
    """A grid's total from its lines [(kind, points)]: the marked rows less
    the penalties, never below 0 (composition gaps are penalised within the
    grid, référentiel p. 77)."""
    rows = sum(p or 0.0 for k, p in lines if k == "row")
    penalties = sum(p or 0.0 for k, p in lines if k == "penalty")
    return round(max(rows - penalties, 0.0), 2)


def proposed_level(ratios, levels):
    """The degree of mastery a row starts from: the level whose ratio is
    nearest the mean of its critères' positionings (the lower on a tie).
    ``levels`` is [(key, ratio)]; None without positioning."""
    ratios = [r for r in ratios if r is not None]
    if not ratios or not levels:
        return None
    mean = sum(ratios) / len(ratios)
    return min(levels, key=lambda level: (abs(level[1] - mean), level[1]))[0]


def training_year(day, session_year):
    """'2' from 1 September of the year before the session (the second year
    of the BTS), else '1'."""
    if not day or not session_year:
        return "2"
    return "2" if day >= date(session_year - 1, 9, 1) else "1"


def total_problem(grid, total):
    """'above_max' when a grid's total goes past its /14 or /6."""
    return "above_max" if total > GRID_MAX[grid] + 1e-9 else None


def proposed_mark(total_a, total_b, form="ccf", total_p=0.0):
    """The mark proposed to the jury, out of 20: A + B in CCF, the one grid's
    total in the forme ponctuelle."""
    if form == "ponctuelle":
        return round(total_p or 0.0, 2)
    return round((total_a or 0.0) + (total_b or 0.0), 2)


# --- Situation B in order (CCF) ------------------------------------------------
def situation_b_problem(signed_a, start, end, today, exception=False):
    """Why situation B cannot take place now: 'a_unsigned' (it follows
    situation A, whose grid must be signed), 'no_window' (the session has no
    dates for B) or 'outside_window'; None when it can. An administrator's
    exception lifts the window, never the order."""
    if not signed_a:
        return "a_unsigned"
    if exception:
        return None
    if not start or not end:
        return "no_window"
    if not start <= today <= end:
        return "outside_window"
    return None


# --- Draw of the situation B fiches -------------------------------------------
# Order of the fiches de travail: CCF (annex V-5) GRCF then oral. The forme
# ponctuelle draws nothing: its commission chooses the GRCF and oral
# situations (fiches de travail, annex V-6) and the written situation (kept on
# the evaluation, no third fiche de travail) from the dossier.
DRAW_KINDS = {"ccf": ("grcf", "oral")}
# Kinds of fiche de travail each form has.
WORK_SHEET_KINDS = {"ccf": ("grcf", "oral"), "ponctuelle": ("grcf", "oral")}


@dataclass(frozen=True)
class Candidate:
    """A situation of the dossier as the draw sees it."""

    id: int
    kinds: frozenset
    eligible: bool = True


def draw(situations, form="ccf", rng=None, chosen=None):
    """Pick one eligible situation per kind of the form, in order, each a
    different situation when the dossier allows it.

    ``chosen`` maps kinds already picked by the commission to a situation id
    (kept as is). Returns ({kind: id}, [missing kinds]).
    """
    if form not in DRAW_KINDS:
        raise ValueError("no draw in the %s form" % form)
    rng = rng or random.SystemRandom()
    picked = dict(chosen or {})
    missing = []
    for kind in DRAW_KINDS[form]:
        if picked.get(kind):
            continue
        pool = [s.id for s in situations if s.eligible and kind in s.kinds]
        fresh = [i for i in pool if i not in picked.values()]
        pool = sorted(fresh or pool)
        if not pool:
            missing.append(kind)
            continue
        picked[kind] = rng.choice(pool)
    return picked, missing


# --- Timer ----------------------------------------------------------------------
# (phase code, minutes) in order; preparation first.
SCHEDULES = {
    "ccf": (("preparation", 40), ("part_1", 15), ("part_2", 15)),
    "ponctuelle": (
        ("preparation", 60),
        ("phase_1", 15),
        ("phase_2", 15),
        ("phase_3", 15),
        ("phase_4", 15),
    ),
}


def schedule(form, start):
    """[(phase, start, end)] from the start of the preparation."""
    rows = []
    current = start
    for phase, minutes in SCHEDULES[form]:
        end = current + timedelta(minutes=minutes)
        rows.append((phase, current, end))
        current = end
    return rows


def current_phase(form, start, now):
    """(phase, seconds left in it) at ``now``; (None, 0) before the start
    or after the end."""
    if not start:
        return None, 0
    for phase, begin, end in schedule(form, start):
        if begin <= now < end:
            return phase, int((end - now).total_seconds())
    return None, 0


# --- Retention ------------------------------------------------------------------
def purge_allowed(session_year, later_session_ends, today):
    """Documents are kept until the next session: the purge is allowed once a
    later session's last day has passed. ``later_session_ends`` maps the years
    of later sessions to their last day (None when unknown)."""
    return any(
        year > session_year and end and end < today
        for year, end in later_session_ends.items()
    )
