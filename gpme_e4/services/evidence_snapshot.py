"""Frozen snapshot of a PGI record: canonical JSON, hashes and status.

The hash must not depend on dict order or float noise, so values are dumped
canonically (sorted keys, no spaces) before hashing.
"""

import hashlib
import json

STATUS_UP_TO_DATE = "up_to_date"
STATUS_CHANGED = "changed"
STATUS_DELETED = "deleted"


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
