"""Frozen snapshot of a PGI record: canonical JSON, hashes and status.

The hash must not depend on dict order or float noise, so values are dumped
canonically (sorted keys, no spaces) before hashing.
"""

import hashlib
import json

STATUS_UP_TO_DATE = "up_to_date"
STATUS_CHANGED = "changed"
STATUS_DELETED = "deleted"


# Lifecycle fields the PGI changes as it does its normal work (invoicing,
# delivery, payment): a change of these is « normal evolution », not a change
# of the document as printed. Header or line field names.
NEUTRAL_FIELDS = frozenset(
    {
        "invoice_status",
        "delivery_status",
        "receipt_status",
        "payment_state",
        "amount_residual",
        "amount_residual_signed",
        "amount_to_invoice",
        "amount_invoiced",
        "qty_delivered",
        "qty_received",
        "qty_invoiced",
        "qty_to_invoice",
    }
)


def canonical_json(values):
    return json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def values_hash(values):
    """SHA-256 of the structured values alone (to detect source changes)."""
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()


def snapshot_hash(values, pdf=None):
    """SHA-256 over the values and the PDF bytes (the integrity seal)."""
    digest = hashlib.sha256(canonical_json(values).encode("utf-8"))
    digest.update(b"\x00pdf\x00")
    digest.update(pdf or b"")
    return digest.hexdigest()


def snapshot_status(snapshot_values_hash, current_values):
    """Status of an evidence given its source's current values (None if gone)."""
    if current_values is None:
        return STATUS_DELETED
    if values_hash(current_values) == snapshot_values_hash:
        return STATUS_UP_TO_DATE
    return STATUS_CHANGED


def printed_values(values, neutral):
    """The values without the lifecycle fields (header and lines)."""
    if values is None:
        return None
    result = {k: v for k, v in values.items() if k not in neutral}
    if "lines" in values:
        result["lines"] = [
            {k: v for k, v in line.items() if k not in neutral}
            for line in values["lines"] or []
        ]
    return result


def printed_status(frozen, current, neutral):
    """Status of an evidence from its frozen values and its source's current
    ones (None if gone), lifecycle fields left out: invoicing an order leaves
    its evidence up to date, changing its payment terms does not."""
    if current is None:
        return STATUS_DELETED
    if canonical_json(printed_values(frozen or {}, neutral)) == canonical_json(
        printed_values(current, neutral)
    ):
        return STATUS_UP_TO_DATE
    return STATUS_CHANGED


def sha256_hex(data):
    return hashlib.sha256(data or b"").hexdigest()


def seal_document(context, values, pdf_sha256=None):
    """The exact text a version's seal is the SHA-256 of (UTF-8 bytes).

    It carries who tagged, which fiche, when, who created the source, the
    frozen values and the PDF's own SHA-256, so `sha256sum` of the downloaded
    seal document gives the seal, and `sha256sum` of the downloaded PDF gives
    the pdf_sha256 written inside it.
    """
    return canonical_json(
        {"context": context, "values": values, "pdf_sha256": pdf_sha256}
    )


def restrict_to(current, frozen):
    """The live values limited to the keys the snapshot froze (fields added
    to a model's list later do not turn old snapshots into "changed")."""
    if current is None or frozen is None:
        return current
    result = {k: v for k, v in current.items() if k in frozen and k != "lines"}
    if "lines" in frozen:
        keys = set()
        for line in frozen["lines"]:
            keys |= set(line)
        result["lines"] = [
            {k: v for k, v in line.items() if k in keys or not keys}
            for line in current.get("lines", [])
        ]
    return result


def diff_values(old, new):
    """[(key, old, new)] of the values that differ; lines compared by rank,
    keyed "lines[n].field"."""
    old, new = old or {}, new or {}
    rows = []
    for key in list(old) + [k for k in new if k not in old]:
        if key == "lines":
            continue
        if old.get(key) != new.get(key):
            rows.append((key, old.get(key), new.get(key)))
    old_lines, new_lines = old.get("lines") or [], new.get("lines") or []
    for rank in range(max(len(old_lines), len(new_lines))):
        a = old_lines[rank] if rank < len(old_lines) else {}
        b = new_lines[rank] if rank < len(new_lines) else {}
        for key in list(a) + [k for k in b if k not in a]:
            if a.get(key) != b.get(key):
                rows.append((f"lines[{rank + 1}].{key}", a.get(key), b.get(key)))
    return rows


def compare_values(frozen, live, neutral=()):
    """Frozen beside live, for the viewer.

    Returns (rows, lines): rows are (key, frozen, live, state) for the header
    values, lines are (rank, state, [(key, frozen, live, state)]) per line by
    rank; a state is "same", "changed", or "neutral" for a lifecycle field
    that differs (the PGI's normal work, see NEUTRAL_FIELDS); a line's state
    is "added" or "removed" when one side has no line of that rank. `live`
    is None when the document is gone (everything is then "same": there is
    nothing to compare against)."""
    frozen = frozen or {}
    neutral = set(neutral)

    def state(key, before, after):
        if live is None or before == after:
            return "same"
        return "neutral" if key in neutral else "changed"

    other = live or {}
    keys = [k for k in frozen if k != "lines"] + [
        k for k in other if k not in frozen and k != "lines"
    ]
    rows = [
        (k, frozen.get(k), other.get(k), state(k, frozen.get(k), other.get(k)))
        for k in keys
    ]
    old_lines = frozen.get("lines") or []
    new_lines = other.get("lines") or [] if live is not None else old_lines
    lines = []
    for rank in range(max(len(old_lines), len(new_lines))):
        a = old_lines[rank] if rank < len(old_lines) else None
        b = new_lines[rank] if rank < len(new_lines) else None
        line_keys = list(a or {}) + [k for k in (b or {}) if k not in (a or {})]
        cells = [
            (
                k,
                (a or {}).get(k),
                (b or {}).get(k),
                state(k, (a or {}).get(k), (b or {}).get(k)),
            )
            for k in line_keys
        ]
        if a is None:
            line_state = "added"
        elif b is None:
            line_state = "removed"
        else:
            line_state = "same"
            states = {c[3] for c in cells}
            if "changed" in states:
                line_state = "changed"
            elif "neutral" in states:
                line_state = "neutral"
        lines.append((rank + 1, line_state, cells))
    return rows, lines


def _flat(text):
    """Text without spaces, separators or case: "1 234,50 €" -> "123450€"."""
    return "".join(c for c in (text or "").lower() if c.isalnum() or c in "€$")


def pdf_missing_texts(pdf_text, needles):
    """The needles (reference, partner, amount) the PDF text does not show."""
    flat = _flat(pdf_text)
    return [n for n in needles if n and _flat(n) not in flat]
