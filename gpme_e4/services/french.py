"""French typography the translations cannot do alone: the elision of « de »
before a name that starts with a vowel (« le dossier d'Inès », not « de
Inès »). A translation says « de %(student)s »; the name is only known once
the message is formatted.

No Odoo import; the callers apply it to the formatted message when the
language is French.
"""

import re

# « de » as a word, before a vowel (capital or not, accented or not). Not
# before « h » (aspirated or not, the name does not say) nor « y » (« de
# Yanis »), nor before a digit.
_DE_VOWEL = re.compile(r"\b([Dd])e (?=[AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜaeiouàâäéèêëîïôöùûü])")


def elide(text, lang="fr_FR"):
    """``text`` with « de » elided before a vowel, when ``lang`` is French."""
    if not text or not (lang or "").startswith("fr"):
        return text
    return _DE_VOWEL.sub(r"\1'", text)


def env_lang(env):
    """The language Odoo's ``_()`` translates into for ``env``: the context's,
    or else the user's (as when the context has none, or an inactive one)."""
    return env.lang or env.user.lang
