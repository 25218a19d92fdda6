"""Commercial-context indicators from accounting aggregates.

No Odoo import: the model feeds these functions with the rows of a few
``read_group`` calls (amounts already summed by the database) and stores what
they return. Amounts are in the company currency, untaxed.
"""

from collections import defaultdict


def _share(amount, total):
    return round(100.0 * amount / total, 2) if total else 0.0


def turnover_by_year(rows):
    """Turnover per fiscal year and its evolution.

    :param rows: iterable of ((date_from, date_to), amount), several rows per
        fiscal year allowed (e.g. one per month)
    :return: list of dicts {date_from, date_to, amount, evolution} sorted by
        year; evolution is the % change on the previous fiscal year (None for
        the first one or when the previous one is zero).
    """
    totals = defaultdict(float)
    for (date_from, date_to), amount in rows:
        totals[(date_from, date_to)] += amount or 0.0
    result = []
    previous = None
    for (date_from, date_to), amount in sorted(totals.items()):
        evolution = None
        if previous:
            evolution = round(100.0 * (amount - previous) / abs(previous), 2)
        result.append(
            {
                "date_from": date_from,
                "date_to": date_to,
                "amount": round(amount, 2),
                "evolution": evolution,
            }
        )
        previous = amount
    return result


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
