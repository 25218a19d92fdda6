"""Former home of some shared test fixtures, now in :mod:`.common`: kept so
that tests importing from here still work (to be removed)."""

from .common import exam_session

__all__ = [
    "exam_session",
]
