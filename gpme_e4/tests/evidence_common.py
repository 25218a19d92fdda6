"""Former home of some shared test fixtures, now in :mod:`.common`: kept so
that tests importing from here still work (to be removed)."""

from .common import PGI_GROUPS, EvidenceFixture

__all__ = [
    "PGI_GROUPS",
    "EvidenceFixture",
]
