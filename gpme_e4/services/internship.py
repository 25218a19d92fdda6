"""Internship attestations as the national circular counts them, without a
database: weeks from the dates, and the dates a real attestation can bear."""

from datetime import date, timedelta

# An attestation of a BTS session covers the two years of training (three
# for a repeating student) before the exam, never after the session's year.
YEARS_BEFORE_SESSION = 3


def circular_weeks(date_from, date_to):
    """Weeks of an internship, both days included: a span from a Monday to
    a Friday (or to the Sunday after) is whole weeks (11/05 -> 19/06 = 6);
    a part week counts its working days, Monday to Friday, / 5. Public
    holidays are not deducted: the attestation covers the week."""
    if not date_from or not date_to or date_to < date_from:
        return 0.0
    days = (date_to - date_from).days + 1
    full_weeks, rest = divmod(days, 7)
    start_rest = date_from + timedelta(days=full_weeks * 7)
    working = full_weeks * 5 + sum(
        1 for i in range(rest) if (start_rest + timedelta(days=i)).weekday() < 5
    )
    return round(working / 5, 1)


def date_window(session_year):
    """(first, last) day an internship of this session may cover."""
    return (
        date(session_year - YEARS_BEFORE_SESSION, 1, 1),
        date(session_year, 12, 31),
    )


def date_problems(date_from, date_to, session_year):
    """What is wrong with the dates, as [(code, params)]: "inverted" (end
    before start), "window" (outside the session's years)."""
    problems = []
    if date_from and date_to and date_to < date_from:
        problems.append(("inverted", {}))
    if session_year:
        first, last = date_window(session_year)
        for day in (date_from, date_to):
            if day and not first <= day <= last:
                problems.append(("window", {"first": first, "last": last}))
                break
    return problems
