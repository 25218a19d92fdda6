"""Former home of some shared test fixtures, now in :mod:`.common`: kept so
that tests importing from here still work (to be removed)."""

from .common import new_fiche, setup_fiche_world

__all__ = [
    "new_fiche",
    "setup_fiche_world",
]
