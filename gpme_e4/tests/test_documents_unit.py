import datetime
import json

from odoo.tests import BaseCase, tagged

from ..services import synoptic
from ..services.document_rows import evidence_row


@tagged("post_install", "-at_install")
class TestSynopticBuilder(BaseCase):
    """The synoptic matrix from plain facts, without a database."""

    def _build(self, situations, evidences=()):
        activities = [
            synoptic.Activity(
                "1.2",
                "Administration des ventes",
                "Gérer la relation client",
                (
                    synoptic.Task("1.2.1", "Devis", False),
                    synoptic.Task("1.2.4", "Relances", True),
                ),
            ),
            synoptic.Activity(
                "1.6", "Comptabilité", "Gérer", (synoptic.Task("1.6.1", "TVA"),)
            ),
        ]
        header = synoptic.Header(
            session="2027",
            candidate="Alice",
            candidate_number="0123",
            modality_labels={"sme": "Dans une PME"},
        )
        return synoptic.build_synoptic(header, activities, situations, evidences)

    def test_rows_codes_periods_and_shading(self):
        syn = self._build(
            [
                synoptic.Situation(
                    2,
                    "SP2",
                    "sme",
                    datetime.date(2026, 3, 4),
                    frozenset({"1.2.1", "1.2.4"}),
                    ("Odoo 16 — Devis",),
                ),
                synoptic.Situation(
                    1, "SP1", "sme", datetime.date(2025, 11, 2), frozenset({"1.2.1"})
                ),
                synoptic.Situation(3, "SP3", "school", None, frozenset({"1.2.4"})),
            ],
            [synoptic.Evidence(frozenset({"1.2.1"}), "PGI – Bon de commande")],
        )
        self.assertEqual(syn["task_count"], 3)
        self.assertEqual(syn["covered_count"], 2)
        self.assertEqual(
            [c["code"] for c in syn["columns"]],
            ["before", "school", "sme", "organisation"],
        )
        self.assertEqual(syn["columns"][2]["label"], "Dans une PME")
        devis, relances = syn["activities"][0]["tasks"]
        # Codes sorted by period, each with its MM/YYYY period, in its column.
        self.assertEqual(
            devis["cells"][2],
            [
                {"id": 1, "code": "SP1", "period": "11/2025"},
                {"id": 2, "code": "SP2", "period": "03/2026"},
            ],
        )
        self.assertEqual(devis["cells"][0], [])
        self.assertEqual(relances["cells"][1], [{"id": 3, "code": "SP3", "period": ""}])
        self.assertTrue(devis["covered"] and relances["covered"])
        self.assertTrue(relances["is_communication"])
        self.assertFalse(devis["is_communication"])
        tva = syn["activities"][1]["tasks"][0]
        self.assertFalse(tva["covered"])
        self.assertEqual(tva["cells"], [[], [], [], []])
        # Software from the fiche then the evidence, each once.
        self.assertEqual(
            devis["software"], ["Odoo 16 — Devis", "PGI – Bon de commande"]
        )
        self.assertEqual(relances["software"], ["Odoo 16 — Devis"])
        self.assertEqual(syn["candidate_number"], "0123")

    def test_table_in_the_passport_order(self):
        syn = self._build(
            [
                synoptic.Situation(
                    1, "SP1", "sme", datetime.date(2026, 3, 4), frozenset({"1.2.4"})
                )
            ],
            [synoptic.Evidence(frozenset({"1.2.4"}), "PGI – Devis")],
        )
        # Activités | Compétences | the four situations | Tâches, then the
        # software the référentiel asks for; each column typed.
        self.assertEqual(
            [(c["key"], c["type"]) for c in syn["table_columns"]],
            [
                ("activity", "text"),
                ("competence", "text"),
                ("before", "situations"),
                ("school", "situations"),
                ("sme", "situations"),
                ("organisation", "situations"),
                ("task", "text"),
                ("software", "list"),
            ],
        )
        labels = [c["label"] for c in syn["table_columns"]]
        self.assertEqual(labels[:2], ["ACTIVITÉS ↓", "COMPÉTENCES ↓"])
        self.assertEqual(labels[4], "Dans une PME")
        self.assertEqual(labels[6], "Tâches des activités")
        self.assertEqual(
            syn["labels"]["title"],
            "BTS GESTION DE LA PME - SESSION 2027 - PASSEPORT PROFESSIONNEL",
        )
        # One row per task; the activity and its competence merged over its
        # tasks (None below the first).
        rows = syn["rows"]
        self.assertEqual(len(rows), 3)
        first, second, third = (r["cells"] for r in rows)
        self.assertEqual(
            first[0],
            {
                "key": "activity",
                "type": "text",
                "value": "Activité 1.2. Administration des ventes",
                "span": 2,
            },
        )
        self.assertEqual(first[1]["value"], "Gérer la relation client")
        self.assertEqual(second[:2], [None, None])
        self.assertEqual(third[0]["span"], 1)
        self.assertEqual(first[6]["value"], "T.1.2.1. Devis")
        self.assertEqual(second[6]["value"], "T.1.2.4. Relances")
        self.assertEqual(synoptic.situation_text(second[4]["value"]), ["SP1 (03/2026)"])
        self.assertEqual(
            second[7], {"key": "software", "type": "list", "value": ["PGI – Devis"]}
        )
        # The reader's language replaces the wording, key by key.
        header = synoptic.Header(session="2027", labels={"tasks": "Tasks"})
        syn = synoptic.build_synoptic(header, [], [])
        self.assertEqual(syn["table_columns"][6]["label"], "Tasks")
        self.assertEqual(syn["table_columns"][0]["label"], "ACTIVITÉS ↓")

    def test_empty_dossier(self):
        syn = self._build([])
        self.assertEqual(syn["covered_count"], 0)
        self.assertFalse(
            any(t["covered"] for a in syn["activities"] for t in a["tasks"])
        )

    def test_evidence_row_from_snapshot(self):
        row = evidence_row(
            json.dumps(
                {
                    "model": "sale.order",
                    "partner_id": "Client A",
                    "date_order": "2026-03-04 10:00:00",
                    "amount_total": 120.5,
                    "currency_id": "EUR",
                }
            )
        )
        self.assertEqual(
            row,
            {
                "partner": "Client A",
                "date": "2026-03-04",
                "amount": 120.5,
                "currency": "EUR",
            },
        )
        partner = evidence_row(
            json.dumps({"model": "res.partner", "display_name": "P"})
        )
        self.assertEqual((partner["partner"], partner["amount"]), ("P", None))
        self.assertEqual(evidence_row("not json")["partner"], "")
