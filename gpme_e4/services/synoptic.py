"""Document synoptique (passeport professionnel): plain facts in, one matrix out.

No Odoo import: the same matrix feeds the screen, the PDF and the XLSX, and is
unit-tested without a database. Rows are the 29 tasks grouped by activity; the
four modality columns list the situation codes with their period (MM/YYYY).
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


def _period(date):
    return f"{date.month:02d}/{date.year}" if date else ""


def _unique(items):
    seen, result = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def build_synoptic(header, activities, situations, evidences=()):
    """Return the synoptic as plain dicts (see the tests for its shape)."""
    situations = sorted(
        situations, key=lambda s: (s.period or datetime.date.min, s.code or "")
    )
    columns = [
        {"code": code, "label": header.modality_labels.get(code, code)}
        for code in MODALITY_CODES
    ]
    evidence_software = {}
    for evidence in evidences:
        for code in evidence.task_codes:
            evidence_software.setdefault(code, []).append(evidence.software)
    rows_by_activity = []
    covered = task_count = 0
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
            task_count += 1
            covered += bool(lived)
            rows.append(
                {
                    "code": task.code,
                    "name": task.name,
                    "is_communication": task.is_communication,
                    "covered": bool(lived),
                    "cells": [cells[code] for code in MODALITY_CODES],
                    "software": software,
                }
            )
        rows_by_activity.append(
            {
                "code": activity.code,
                "name": activity.name,
                "competence": activity.competence,
                "tasks": rows,
            }
        )
    return {
        "session": header.session,
        "candidate": header.candidate,
        "candidate_number": header.candidate_number,
        "school": header.school,
        "teachers": list(header.teachers),
        "columns": columns,
        "activities": rows_by_activity,
        "task_count": task_count,
        "covered_count": covered,
    }
