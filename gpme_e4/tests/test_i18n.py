"""The French interface is complete: every string of the Python code is in the
template and translated, and Odoo's own reader loads it.

Odoo merges fr.po with gpme_e4.pot when it reads it: an entry missing from a
stale template is dropped as obsolete and the user reads English (it
happened once, after a merge)."""

import pathlib

import polib
from babel.messages import extract

from odoo.tests import BaseCase, tagged
from odoo.tools.translate import CodeTranslations, TranslationFileReader

MODULE = pathlib.Path(__file__).resolve().parent.parent
I18N = MODULE / "i18n"
SKIPPED = {"tests", "migrations", "i18n", "static"}


def code_strings():
    """{msgid: file} of the strings given to _() and _lt() in the module."""
    found = {}
    for path in sorted(MODULE.rglob("*.py")):
        if SKIPPED & set(path.relative_to(MODULE).parts):
            continue
        with path.open("rb") as source:
            for __, message, __, __ in extract.extract(
                "python", source, keywords={"_": None, "_lt": None}
            ):
                msgid = message[0] if isinstance(message, tuple) else message
                found.setdefault(msgid, path.name)
    return found


@tagged("post_install", "-at_install", "gpme_unit")
class TestFrenchInterface(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with (I18N / "fr.po").open("rb") as po:
            cls.rows = list(TranslationFileReader(po, fileformat="po"))

    def test_every_code_string_is_translated(self):
        translated = {
            row["src"]: row["value"] for row in self.rows if row["type"] == "code"
        }
        missing = {
            msgid: where
            for msgid, where in code_strings().items()
            if not translated.get(msgid)
        }
        self.assertFalse(
            missing,
            "Strings without French (re-export the template with scripts/i18n.sh "
            "and fill fr.po): %s" % missing,
        )

    def test_no_entry_is_empty_or_dropped(self):
        # An entry missing from the template is dropped by Odoo's reader.
        template = {e.msgid for e in polib.pofile(str(I18N / "gpme_e4.pot"))}
        written = {e.msgid for e in polib.pofile(str(I18N / "fr.po")) if e.msgid}
        self.assertFalse(written - template, "Entries not in gpme_e4.pot")
        empty = [row["src"] for row in self.rows if not row["value"]]
        self.assertFalse(empty, "Untranslated entries: %s" % empty[:10])

    def test_odoo_loads_the_python_translations(self):
        codes = CodeTranslations()
        codes._load_python_translations("gpme_e4", "fr_FR")
        loaded = codes.python_translations[("gpme_e4", "fr_FR")]
        self.assertFalse(set(code_strings()) - set(loaded))
