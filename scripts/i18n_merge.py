"""Refresh gpme_e4/i18n/fr.po from a freshly exported template.

Translations are kept by msgid, so a string moved to another file keeps its
French. Extra .po files given after the template (e.g. the two sides of a
merge) contribute their translations too. Prints the msgids still untranslated.
"""

import sys

import polib


def main(pot_path, po_path, *extra):
    pot = polib.pofile(pot_path)
    known = {}
    for path in (*extra, po_path):
        try:
            for entry in polib.pofile(path):
                if entry.msgstr:
                    known[entry.msgid] = entry.msgstr
        except OSError:
            pass
    po = polib.POFile()
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "fr",
            "Language-Team": "French",
            "Plural-Forms": "nplurals=2; plural=(n > 1);",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    po.header = pot.header
    missing = []
    for entry in pot:
        entry.msgstr = known.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        po.append(entry)
    po.wrapwidth = 78
    po.save(po_path)
    for msgid in missing:
        sys.stdout.write(f"untranslated: {msgid!r}\n")
    sys.stdout.write(f"{len(po)} entries, {len(missing)} untranslated\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
