"""Rows of the printed evidence lists, taken from the frozen snapshot values.

The snapshot (JSON, read in English at tagging time) is what the commission
relies on, so the list prints it rather than the live document.
"""

import json

DATE_KEYS = ("invoice_date", "date_order", "date", "date_approve", "date_planned")
AMOUNT_KEYS = ("amount_total", "amount", "amount_total_signed")


def evidence_row(snapshot_values):
    """{partner, date (ISO str or ''), amount (float or None), currency}."""
    try:
        values = json.loads(snapshot_values or "{}")
    except ValueError:
        values = {}
    if values.get("model") == "res.partner":
        partner = values.get("display_name") or values.get("name") or ""
    else:
        partner = values.get("partner_id") or ""
    date = next((values[k] for k in DATE_KEYS if values.get(k)), "")
    amount = next(
        (values[k] for k in AMOUNT_KEYS if isinstance(values.get(k), (int, float))),
        None,
    )
    return {
        "partner": partner or "",
        "date": str(date)[:10],
        "amount": amount,
        "currency": values.get("currency_id") or "",
    }
