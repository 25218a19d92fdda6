"""Selection labels read in French.

Odoo loads a selection label's French from fr.po by the entry's
``model:ir.model.fields.selection,name:gpme_e4.selection__…`` reference
only: a msgid shared with a _() string or with another field's choices is
not enough. The evidence viewer's « PDF being prepared » badge stayed in
English that way (the computed ``pdf_status`` fields reused the labels of
``pdf_state`` without their references); test_i18n checks the _() strings,
this checks the selections."""

import pathlib
import re

from odoo.tests.common import TransactionCase, tagged

from .common import load_french

FR_PO = pathlib.Path(__file__).resolve().parent.parent / "i18n" / "fr.po"


@tagged("post_install", "-at_install")
class TestSelectionLabelsFrench(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_french(cls.env)
        cls.french = cls.env(context=dict(cls.env.context, lang="fr_FR"))

    def test_every_selection_label_has_its_french_reference(self):
        referenced = set(
            re.findall(
                r"model:ir\.model\.fields\.selection,name:gpme_e4\.(\S+)",
                FR_PO.read_text(encoding="utf-8"),
            )
        )
        data = self.env["ir.model.data"].search(
            [("module", "=", "gpme_e4"), ("model", "=", "ir.model.fields.selection")]
        )
        missing = []
        for row in data:
            selection = self.env["ir.model.fields.selection"].browse(row.res_id)
            field = selection.exists().field_id
            if field.model in self.env and field.name in self.env[field.model]._fields:
                if row.name not in referenced:
                    missing.append(f"{row.name} ({selection.name})")
        self.assertFalse(
            sorted(missing),
            "Selection labels without their reference in fr.po (they read in "
            "English): %s" % sorted(missing),
        )

    def test_pdf_status_reads_in_french(self):
        expected = {
            "none": "Sans PDF",
            "pending": "PDF en préparation",
            "done": "PDF scellé",
            "failed": "PDF en échec",
        }
        for model, name in (
            ("gpme.evidence", "snapshot_pdf_status"),
            ("gpme.evidence", "snapshot_pdf_state"),
            ("gpme.evidence.snapshot", "pdf_status"),
            ("gpme.evidence.snapshot", "pdf_state"),
        ):
            # As the web client asks for it (the viewer's badge).
            described = self.french[model].fields_get([name])[name]["selection"]
            self.assertEqual(dict(described), expected, f"{model}.{name}")
        # The other evidence and snapshot choices have their French too.
        for model, name, key, label in (
            ("gpme.evidence", "status", "changed", "Source modifiée depuis l'instant"),
            ("gpme.evidence.snapshot", "reason", "tagging", "Rattachement"),
        ):
            described = dict(self.french[model].fields_get([name])[name]["selection"])
            self.assertTrue(described[key].startswith(label), f"{model}.{name}")
