"""Former home of some shared test fixtures, now in :mod:`.common`: kept so
that tests importing from here still work (to be removed)."""

from .common import FRENCH_MODULES, _terms_loaded, load_french

__all__ = [
    "FRENCH_MODULES",
    "_terms_loaded",
    "load_french",
]
