"""Document synoptique (passeport professionnel): plain facts in, one matrix out.

No Odoo import: the same matrix feeds the screen, the PDF and the XLSX, and is
unit-tested without a database. Rows are the 29 tasks grouped by activity; the
four modality columns list the situation codes with their period (MM/YYYY).

The table's columns follow the national passport (« passeport professionnel »,
2019): Activités | Compétences | the four situation columns | Tâches des
activités; the référentiel (p. 75) also asks for the software solutions of
each situation, so a last column lists them after the passport's own.
"""

import datetime
from dataclasses import dataclass, field

# The four columns of the national form, in its order.
MODALITY_CODES = ("before", "school", "sme", "organisation")


@dataclass(frozen=True)
class Task:
    code: str
    name: str
    is_communication: bool = False


@dataclass(frozen=True)
class Activity:
    code: str
    name: str
    competence: str
    tasks: tuple = ()


@dataclass(frozen=True)
class Situation:
    id: int
    code: str
    modality: str | None = None
    period: object = None  # datetime.date or None
    task_codes: frozenset = frozenset()
    software: tuple = ()  # "PGI Odoo 16 — Ventes" lines from the fiche


@dataclass(frozen=True)
class Evidence:
    task_codes: frozenset = frozenset()
    software: str = ""  # e.g. "PGI : Bon de commande"


@dataclass
class Header:
    session: str = ""
    candidate: str = ""
    candidate_number: str = ""
    school: str = ""
    teachers: tuple = ()
    modality_labels: dict = field(default_factory=dict)
    # The passport's wording (title, headers, attestation…), in the reader's
    # language; keys as PASSPORT_LABELS.
    labels: dict = field(default_factory=dict)


# Keys of Header.labels, with the passport's French wording as the default.
PASSPORT_LABELS = {
    "title": "BTS GESTION DE LA PME - SESSION %(session)s - PASSEPORT PROFESSIONNEL",
    "holder": "NOM et Prénom du titulaire du passeport :",
    "candidate_number": "Numéro du candidat :",
    "team": "L'équipe pédagogique représentée par les enseignants, en lycée ou "
    "centre de formation :",
    "attestation": "atteste que le titulaire de ce passeport professionnel a bien "
    "effectué, en formation, les activités et missions présentées dans ce tableau.",
    "signatures": "Signatures des enseignants de l'équipe pédagogique et cachet "
    "de l'établissement",
    "situations": "SITUATIONS VÉCUES OU OBSERVÉES →",
    "activities": "ACTIVITÉS ↓",
    "competences": "COMPÉTENCES ↓",
    "periods": "Périodes (Situations Professionnelles)",
    "tasks": "Tâches des activités",
    "software": "Solutions logicielles choisies et fonctionnalités mobilisées",
    "domain": "DOMAINE D’ACTIVITÉS 1 : GÉRER LA RELATION AVEC LES CLIENTS ET LES "
    "FOURNISSEURS DE LA PME",
    "covered": "Lignes grisées : tâches couvertes par au moins une situation validée "
    "(couvertes, total) :",
    "communication": "[C] : tâche de communication écrite ou orale.",
    "activity": "Activité %(code)s. %(name)s",
    "task": "T.%(code)s. %(name)s",
}


def _period(date):
    return f"{date.month:02d}/{date.year}" if date else ""


def _unique(items):
    seen, result = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def build_synoptic(header, activities, situations, evidences=(), covered=None):
    """Return the synoptic as plain dicts (see the tests for its shape).

    :param covered: the task codes covered, as services.progress counts them
        (validated fiches); by default, every task a listed situation has.
    """
    situations = sorted(
        situations, key=lambda s: (s.period or datetime.date.min, s.code or "")
    )
    labels = dict(PASSPORT_LABELS, **header.labels)
    columns = [
        {"code": code, "label": header.modality_labels.get(code, code)}
        for code in MODALITY_CODES
    ]
    # The whole table's columns, in the passport's order, typed for the
    # writers: "text" (one string), "situations" (codes with their period),
    # "list" (strings, one a line).
    table_columns = (
        [
            {"key": "activity", "label": labels["activities"], "type": "text"},
            {"key": "competence", "label": labels["competences"], "type": "text"},
        ]
        + [
            {"key": c["code"], "label": c["label"], "type": "situations"}
            for c in columns
        ]
        + [
            {"key": "task", "label": labels["tasks"], "type": "text"},
            {"key": "software", "label": labels["software"], "type": "list"},
        ]
    )
    evidence_software = {}
    for evidence in evidences:
        for code in evidence.task_codes:
            evidence_software.setdefault(code, []).append(evidence.software)
    rows_by_activity = []
    covered_count = task_count = 0
    for activity in activities:
        rows = []
        for task in activity.tasks:
            lived = [s for s in situations if task.code in s.task_codes]
            cells = {
                code: [
                    {"id": s.id, "code": s.code, "period": _period(s.period)}
                    for s in lived
                    if s.modality == code
                ]
                for code in MODALITY_CODES
            }
            software = _unique(
                [line for s in lived for line in s.software]
                + evidence_software.get(task.code, [])
            )
            is_covered = bool(lived) if covered is None else task.code in covered
            task_count += 1
            covered_count += is_covered
            rows.append(
                {
                    "code": task.code,
                    "name": task.name,
                    "label": labels["task"] % {"code": task.code, "name": task.name},
                    "is_communication": task.is_communication,
                    "covered": is_covered,
                    "cells": [cells[code] for code in MODALITY_CODES],
                    "software": software,
                }
            )
        rows_by_activity.append(
            {
                "code": activity.code,
                "name": activity.name,
                "label": labels["activity"]
                % {"code": activity.code, "name": activity.name},
                "competence": activity.competence,
                "tasks": rows,
            }
        )
    result = {
        "session": header.session,
        "candidate": header.candidate,
        "candidate_number": header.candidate_number,
        "school": header.school,
        "teachers": list(header.teachers),
        "columns": columns,
        "table_columns": table_columns,
        "labels": dict(labels, title=labels["title"] % {"session": header.session}),
        "activities": rows_by_activity,
        "task_count": task_count,
        "covered_count": covered_count,
    }
    result["rows"] = table_rows(result)
    return result


def situation_text(situations):
    """« SP1 (03/2026) » lines of one situation cell, as both documents print."""
    return [
        f"{s['code']} ({s['period']})" if s["period"] else s["code"] for s in situations
    ]


def table_rows(syn):
    """The table's body, one row per task in table_columns order, each cell
    {"type", "value"}; the activity and competence cells carry "span" (the
    activity's task count) on its first task and None below it (merged)."""
    rows = []
    for activity in syn["activities"]:
        span = len(activity["tasks"])
        for index, task in enumerate(activity["tasks"]):
            cells = []
            for column in syn["table_columns"]:
                key = column["key"]
                if key in ("activity", "competence"):
                    value = (
                        activity["label"]
                        if key == "activity"
                        else activity["competence"]
                    )
                    cells.append(
                        {"key": key, "type": "text", "value": value, "span": span}
                        if not index
                        else None
                    )
                elif key == "task":
                    cells.append({"key": key, "type": "text", "value": task["label"]})
                elif key == "software":
                    cells.append(
                        {"key": key, "type": "list", "value": list(task["software"])}
                    )
                else:
                    position = MODALITY_CODES.index(key)
                    cells.append(
                        {
                            "key": key,
                            "type": "situations",
                            "value": task["cells"][position],
                        }
                    )
            rows.append({"task": task, "cells": cells})
    return rows
