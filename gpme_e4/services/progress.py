"""Progress of an E4 dossier: the one set of numbers every screen and document
shows (the teacher's dashboard, the student's home, the conformity checklist,
the class workbook and the synoptic).

No Odoo import: plain facts (``conformity.Facts``) and findings in, plain dicts
out. What counts is decided once, here and in ``conformity``:

- a fiche counts toward the quotas, the activities and the tasks once it is
  validated (the hand-in is refused while a fiche is not: drafts, fiches
  waiting for review and returned fiches do not count yet);
- a task is covered when a counted fiche declares it (the fiche's tasks,
  which the commission reads; an evidence's tasks only support it);
- the dossier is conform when no blocking or penalising rule fails
  (warnings inform).
"""

from . import conformity

KINDS = ("grcf", "oral", "written")
STATES = ("draft", "submitted", "to_rework", "validated")
# The quota rules by code, with the référentiel's minimums when a rule is off.
QUOTA_CODES = {
    "MIN_SITUATIONS": "total",
    "MIN_GRCF": "grcf",
    "MIN_ORAL": "oral",
    "MIN_WRITTEN": "written",
}
DEFAULT_QUOTAS = {"total": 6, "grcf": 2, "oral": 2, "written": 2}


def quotas(rules):
    """{"total", "grcf", "oral", "written": minimum number of fiches}."""
    result = dict(DEFAULT_QUOTAS)
    for rule in rules:
        if rule.code in QUOTA_CODES:
            result[QUOTA_CODES[rule.code]] = rule.min_count
    return result


def build(facts, findings, quota, multi_kind_counts=True):
    """The progress of one dossier.

    :param facts: the dossier's :class:`conformity.Facts` (every fiche)
    :param findings: its :func:`conformity.evaluate` findings
    :param quota: :func:`quotas`
    :return: dict with
        ``states`` {state: fiches}, ``counted`` (validated fiches),
        ``kinds`` {kind: counted fiches of that kind, as the quotas count
        them}, ``quotas`` {kind or "total": {"count", "min", "met"}},
        ``activities`` / ``tasks`` {code: counted fiches}, ``tasks_covered``,
        ``task_count``, ``blocking``, ``issues`` (failed rules' messages,
        most serious first), ``conform``.
    """
    states = dict.fromkeys(STATES, 0)
    for situation in facts.situations:
        states[situation.state] = states.get(situation.state, 0) + 1
    count = conformity.counted(facts).situations
    kinds_of = conformity.assign_kinds(count, quota, multi_kind_counts)
    kinds = {k: sum(1 for s in count if k in kinds_of[s.code]) for k in KINDS}
    activities = dict.fromkeys(facts.activities, 0)
    tasks = dict.fromkeys(facts.tasks, 0)
    for situation in count:
        for code in situation.activity_codes:
            if code in activities:
                activities[code] += 1
        for code in situation.task_codes:
            if code in tasks:
                tasks[code] += 1
    numbers = dict(kinds, total=len(count))
    failed = conformity.failed(findings)
    return {
        "states": states,
        "counted": len(count),
        "kinds": kinds,
        "quotas": {
            key: {
                "count": numbers[key],
                "min": minimum,
                "met": numbers[key] >= minimum,
            }
            for key, minimum in quota.items()
        },
        "activities": activities,
        "tasks": tasks,
        "tasks_covered": sum(1 for n in tasks.values() if n),
        "task_count": len(tasks),
        "blocking": len(conformity.blocking(findings)),
        "issues": [f.message or f.name for f in failed],
        "conform": not [f for f in failed if f.severity != "warning"],
    }
