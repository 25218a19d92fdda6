"""Commercial-context indicators from accounting aggregates.

No Odoo import: the model feeds these functions with the rows of a few
``read_group`` calls (amounts already summed by the database) and stores what
they return. Amounts are in the company currency, untaxed.
"""

from collections import defaultdict
from datetime import timedelta


def _share(amount, total):
    return round(100.0 * amount / total, 2) if total else 0.0


def _evolution(amount, previous):
    if not previous:
        return None
    return round(100.0 * (amount - previous) / abs(previous), 2)


def turnover_by_year(rows, open_year=None):
    """Turnover per fiscal year and its evolution.

    :param rows: iterable of ((date_from, date_to), amount), several rows per
        fiscal year allowed (e.g. one per month); amounts of the running year
        only up to today
    :param open_year: for the fiscal year still running, a tuple
        (date_from, date_to, until, previous_amount): its turnover up to
        ``until`` is compared with ``previous_amount``, the previous year's
        turnover over the same period, never with a full year
    :return: list of dicts {date_from, date_to, amount, evolution, until,
        compared_amount} sorted by year; evolution is the % change on the
        previous fiscal year (on its same period for the running year; None for
        the first one or when the compared amount is zero); ``until`` is None
        for a complete year.
    """
    totals = defaultdict(float)
    for (date_from, date_to), amount in rows:
        totals[(date_from, date_to)] += amount or 0.0
    if open_year:
        totals[open_year[:2]] += 0.0
    result = []
    previous = None
    for (date_from, date_to), amount in sorted(totals.items()):
        compared, until = previous, None
        if open_year and (date_from, date_to) == open_year[:2]:
            until, compared = open_year[2], open_year[3]
            if previous is None:
                compared = None
        result.append(
            {
                "date_from": date_from,
                "date_to": date_to,
                "amount": round(amount, 2),
                "evolution": _evolution(amount, compared),
                "until": until,
                "compared_amount": None if compared is None else round(compared, 2),
            }
        )
        previous = amount
    return result


def analysis_period(today, fiscal_year_of, last_date=None):
    """The period the indicators describe, and the one it is compared with.

    Documents dated after ``today`` are ignored: the period is the fiscal year
    of the last document dated up to today (or of today), cut at today while
    that year runs. A running year is compared with the same period of the
    previous year; a closed year with the whole previous year.

    :param fiscal_year_of: function date -> (date_from, date_to) of its fiscal
        year (the company's fiscal year settings)
    :param last_date: date of the last document dated up to today, if any
    :return: dict {date_from, date_to, until, complete, previous_from,
        previous_until}: ``until`` is the last day taken (today or the end of
        the year), ``previous_*`` the compared period
    """
    reference = min(last_date, today) if last_date else today
    date_from, date_to = fiscal_year_of(reference)
    complete = date_to < today
    until = date_to if complete else today
    previous_from, previous_to = fiscal_year_of(date_from - timedelta(days=1))
    if complete:
        previous_until = previous_to
    else:
        previous_until = min(_years_before(until, 1), previous_to)
    return {
        "date_from": date_from,
        "date_to": date_to,
        "until": until,
        "complete": complete,
        "previous_from": previous_from,
        "previous_until": previous_until,
    }


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def commercial_days(date_from, until, year_from, year_to):
    """Days of the textbook formulas (a year counts 360 days) for a period
    that may be part of a fiscal year: 360 × elapsed share of the year."""
    elapsed = (until - date_from).days + 1
    length = (year_to - year_from).days + 1
    return round(360.0 * elapsed / length, 2) if length > 0 else 0.0


def textbook_delay(outstanding, flow_incl_tax, days=360):
    """Average payment delay of the textbooks, in days.

    Customers: receivables / turnover incl. tax × 360; suppliers: payables /
    purchases incl. tax × 360 (``days`` for a shorter period).

    :return: days rounded to one decimal, or None without any flow
    """
    if not flow_incl_tax or flow_incl_tax <= 0:
        return None
    return round(max(outstanding, 0.0) / flow_incl_tax * days, 1)


# Ageing buckets of the open items: days past the due date.
AGEING_LIMITS = (30, 60, 90)


def ageing(rows, today, limits=AGEING_LIMITS):
    """Open receivables or payables by days past their due date.

    :param rows: iterable of (due_date, open amount); a credit note's amount
        is negative and lowers its bucket
    :return: dict {buckets: [{key, min_days, max_days, amount}], not_due,
        overdue, total}: the first bucket holds what is not due yet (key
        "not_due"), then 1–30, 31–60, 61–90 and over 90 days past due
    """
    bounds = [(None, 0)]
    low = 1
    for limit in limits:
        bounds.append((low, limit))
        low = limit + 1
    bounds.append((low, None))
    amounts = [0.0] * len(bounds)
    for due_date, amount in rows:
        late = (today - due_date).days if due_date else 0
        index = 0
        if late > 0:
            index = next(
                i
                for i, (low, high) in enumerate(bounds)
                if i and (high is None or late <= high)
            )
        amounts[index] += amount or 0.0
    buckets = [
        {
            "key": "not_due"
            if low is None
            else (f"{low}-{high}" if high is not None else f">{low - 1}"),
            "min_days": low,
            "max_days": high,
            "amount": round(amount, 2),
        }
        for (low, high), amount in zip(bounds, amounts, strict=True)
    ]
    overdue = sum(amounts[1:])
    return {
        "buckets": buckets,
        "not_due": round(amounts[0], 2),
        "overdue": round(overdue, 2),
        "total": round(sum(amounts), 2),
    }


def shares(rows, top=5, others_label="Others"):
    """Breakdown of a total: the `top` largest items and the rest together.

    :param rows: iterable of (label, amount)
    :return: (list of {label, amount, share}, total)
    """
    totals = defaultdict(float)
    for label, amount in rows:
        totals[label] += amount or 0.0
    total = sum(totals.values())
    ordered = sorted(totals.items(), key=lambda item: (-item[1], str(item[0])))
    result = [
        {"label": label, "amount": round(amount, 2), "share": _share(amount, total)}
        for label, amount in ordered[:top]
    ]
    rest = sum(amount for __, amount in ordered[top:])
    if len(ordered) > top:
        result.append(
            {
                "label": others_label,
                "amount": round(rest, 2),
                "share": _share(rest, total),
            }
        )
    return result, round(total, 2)


def tag_shares(amount_by_partner, tags_by_partner, untagged_label="No tag"):
    """Turnover by customer tag; a customer with several tags counts for each.

    :param amount_by_partner: {partner_id: amount}
    :param tags_by_partner: {partner_id: [tag label, ...]}
    :return: (list of {label, amount, share}, total) — shares are of the total
        turnover, so they may add up to more than 100 %.
    """
    total = sum(amount_by_partner.values())
    by_tag = defaultdict(float)
    for partner, amount in amount_by_partner.items():
        for tag in tags_by_partner.get(partner) or [untagged_label]:
            by_tag[tag] += amount
    ordered = sorted(by_tag.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"label": tag, "amount": round(amount, 2), "share": _share(amount, total)}
        for tag, amount in ordered
    ], round(total, 2)


def average_delay(items):
    """Average payment delay in days, weighted by the amount paid.

    :param items: iterable of (invoice_date, payment_date, amount)
    :return: {days, count, amount} or None when nothing was paid
    """
    weighted = 0.0
    amount_sum = 0.0
    count = 0
    for invoice_date, payment_date, amount in items:
        if not invoice_date or not payment_date or not amount:
            continue
        days = max((payment_date - invoice_date).days, 0)
        weighted += days * amount
        amount_sum += amount
        count += 1
    if not amount_sum:
        return None
    return {
        "days": round(weighted / amount_sum, 1),
        "count": count,
        "amount": round(amount_sum, 2),
    }
