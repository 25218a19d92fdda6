"""Conformity checker of an E4 dossier: plain facts in, findings out.

No Odoo import: the rules a teacher wants to read are plain Python, unit-tested
without a database. The rules themselves are data (``gpme.conformity.rule``);
this module only knows how to evaluate each rule *code*, and falls back on the
rule's parameters (kind, activity, minimum) for codes it does not know.
"""

import dataclasses
import html
import re
from dataclasses import dataclass, field

KINDS = ("grcf", "written", "oral")

MULTI_KIND_CODE = "MULTI_KIND"
SEVERITY_ORDER = {"blocking": 0, "penalising": 1, "warning": 2}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    message: str
    kind: str | None = None
    min_count: int = 0
    activity_code: str | None = None
    # Tools (codes) the fiches of ``kind`` must mobilise between them.
    tool_codes: tuple = ()


@dataclass(frozen=True)
class Situation:
    code: str
    name: str = ""
    kinds: frozenset = frozenset()
    with_customer: bool = False
    activity_codes: frozenset = frozenset()
    # Only validated fiches count toward the quotas and the coverage: the
    # hand-in is refused while a fiche is not (FICHES_VALIDATED, blocking),
    # so a draft, a handed-in or a returned fiche is not counted yet.
    validated: bool = False
    # The fiche's state (draft, submitted, to_rework, validated).
    state: str = ""
    evidence_count: int = 0
    # Lived during a workplace period (PFMP): the modality says so.
    workplace: bool = False
    # Tools mobilised (codes): the fiche's tools and its software lines'.
    tool_codes: frozenset = frozenset()
    task_codes: frozenset = frozenset()
    # Oral communication: interpersonal, group, telephone, face to face.
    oral_nature: str | None = None
    # Written communication: e-mail, letter, presentation…
    written_support: str | None = None


@dataclass(frozen=True)
class Facts:
    situations: tuple = ()
    # {code: label} of every référentiel activity, in order.
    activities: dict = field(default_factory=dict)
    # {code: label} of every référentiel task, in order.
    tasks: dict = field(default_factory=dict)
    # {code: label} of the tools, to name the missing ones.
    tools: dict = field(default_factory=dict)
    # [(label, filled)] of the commercial context sections, in order.
    context_sections: tuple = ()


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    passed: bool
    message: str = ""
    count: int = 0
    minimum: int = 0
    missing: tuple = ()


# Only plain placeholders ({count}, {minimum}…): no attribute, index or
# format spec, which an administrator's rule message could use to read the
# values' internals (« {count.__class__…} »).
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")


def format_message(template, **values):
    """The rule's message with its placeholders filled; an unknown or
    malformed placeholder is left as typed."""

    def fill(match):
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER_RE.sub(fill, template or "")


# Markup that shows something without any text (a picture, a chart).
_MEDIA_RE = re.compile(r"<\s*(img|video|iframe|object|embed|svg)\b", re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
# Characters that print as nothing (zero-width spaces and joiners, BOM).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def html_is_blank(value):
    """Whether a rich-text value shows nothing to a reader.

    Judged on its text: ``<p>&nbsp;</p>``, ``<br>``, empty lists or headings
    are blank; a picture counts as content.
    """
    if not value:
        return True
    value = str(value)
    if _MEDIA_RE.search(value):
        return False
    text = html.unescape(_TAG_RE.sub(" ", _COMMENT_RE.sub("", value)))
    return not text.translate(_INVISIBLE).strip()


def assign_kinds(situations, quotas, multi_kind_counts=True):
    """Return {situation code: kinds it counts for}.

    When one fiche may only count for one quota, each multi-kind fiche is
    given, in order, to the kind whose quota is the furthest from being met
    (ties follow GRCF, written, oral): the most favourable fair reading.
    """
    if multi_kind_counts:
        return {s.code: frozenset(s.kinds) for s in situations}
    assigned = {}
    counts = dict.fromkeys(KINDS, 0)
    for sit in situations:
        if len(sit.kinds) == 1:
            assigned[sit.code] = frozenset(sit.kinds)
            counts[next(iter(sit.kinds))] += 1
    for sit in situations:
        if len(sit.kinds) > 1:
            ordered = [k for k in KINDS if k in sit.kinds]
            best = max(
                ordered,
                key=lambda k: (quotas.get(k, 0) - counts[k], -ordered.index(k)),
            )
            assigned[sit.code] = frozenset([best])
            counts[best] += 1
        elif not sit.kinds:
            assigned[sit.code] = frozenset()
    return assigned


def _codes(situations):
    return tuple(s.code for s in situations)


def _activity_labels(facts, codes):
    return tuple(f"{c} {facts.activities.get(c, '')}".strip() for c in codes)


# Each check returns (count, missing items); the rule passes when count >= min
# and nothing is missing.
def _check_min_situations(rule, facts, kinds_of):
    return len(facts.situations), ()


def _check_kind_count(rule, facts, kinds_of):
    count = sum(1 for s in facts.situations if rule.kind in kinds_of[s.code])
    return count, ()


def _check_kind_activities(rule, facts, kinds_of):
    covered = set()
    for sit in facts.situations:
        if rule.kind in sit.kinds:
            covered |= sit.activity_codes
    return len(covered), ()


def _check_kind_on_activity(rule, facts, kinds_of):
    count = sum(
        1
        for s in facts.situations
        if (not rule.kind or rule.kind in s.kinds)
        and rule.activity_code in s.activity_codes
    )
    return count, ()


def _check_kind_customer(rule, facts, kinds_of):
    count = sum(1 for s in facts.situations if rule.kind in s.kinds and s.with_customer)
    return count, ()


def _check_kind_workplace(rule, facts, kinds_of):
    count = sum(1 for s in facts.situations if rule.kind in s.kinds and s.workplace)
    return count, ()


def _check_kind_tools(rule, facts, kinds_of):
    used = set()
    for sit in facts.situations:
        if not rule.kind or rule.kind in sit.kinds:
            used |= sit.tool_codes
    required = rule.tool_codes
    missing = [code for code in required if code not in used]
    labels = tuple(facts.tools.get(code, code) for code in missing)
    return len(required) - len(missing), labels


def _distinct(attribute):
    """Check counting the distinct values of ``attribute`` among the fiches of
    the rule's kind (natures of the oral fiches, supports of the written)."""

    def check(rule, facts, kinds_of):
        values = {
            getattr(s, attribute)
            for s in facts.situations
            if rule.kind in s.kinds and getattr(s, attribute)
        }
        return len(values), ()

    return check


def _check_all_tasks(rule, facts, kinds_of):
    covered = set()
    for sit in facts.situations:
        covered |= sit.task_codes
    missing = tuple(c for c in facts.tasks if c not in covered)
    return len(covered & set(facts.tasks)), missing


def _check_all_activities(rule, facts, kinds_of):
    covered = set()
    for sit in facts.situations:
        covered |= sit.activity_codes
    missing = [c for c in facts.activities if c not in covered]
    return len(covered & set(facts.activities)), _activity_labels(facts, missing)


def _check_context(rule, facts, kinds_of):
    missing = tuple(label for label, filled in facts.context_sections if not filled)
    return len(facts.context_sections) - len(missing), missing


def _check_validated(rule, facts, kinds_of):
    missing = _codes(s for s in facts.situations if not s.validated)
    return len(facts.situations) - len(missing), missing


def _check_evidence(rule, facts, kinds_of):
    minimum = max(rule.min_count, 1)
    missing = _codes(s for s in facts.situations if s.evidence_count < minimum)
    return len(facts.situations) - len(missing), missing


CHECKS = {
    "MIN_SITUATIONS": _check_min_situations,
    "MIN_GRCF": _check_kind_count,
    "MIN_WRITTEN": _check_kind_count,
    "MIN_ORAL": _check_kind_count,
    "GRCF_ACTIVITIES": _check_kind_activities,
    "GRCF_SALES_ADMIN": _check_kind_on_activity,
    "GRCF_WORKPLACE": _check_kind_workplace,
    # p. 76: each written and oral fiche is « vécue dans une PME ».
    "WRITTEN_WORKPLACE": _check_kind_workplace,
    "ORAL_WORKPLACE": _check_kind_workplace,
    "GRCF_TOOLS": _check_kind_tools,
    "WRITTEN_TOOLS": _check_kind_tools,
    "WRITTEN_ACTIVITIES": _check_kind_activities,
    "WRITTEN_SUPPORTS": _distinct("written_support"),
    "ORAL_NATURES": _distinct("oral_nature"),
    "WRITTEN_CUSTOMER": _check_kind_customer,
    "ORAL_CUSTOMER": _check_kind_customer,
    "ALL_ACTIVITIES": _check_all_activities,
    "ALL_TASKS": _check_all_tasks,
    "CONTEXT_COMPLETE": _check_context,
    "FICHES_VALIDATED": _check_validated,
    "EVIDENCE_PRESENT": _check_evidence,
}
# Rules whose minimum is not a count to reach (they list what is missing).
LIST_RULES = {
    "CONTEXT_COMPLETE",
    "FICHES_VALIDATED",
    "EVIDENCE_PRESENT",
    "GRCF_TOOLS",
    "WRITTEN_TOOLS",
}
# Quota rules: the ones a multi-kind fiche may count for several times.
QUOTA_CHECK = _check_kind_count
# Rules read on every fiche of the dossier; the others on the counted ones.
ALL_FICHES_RULES = {"FICHES_VALIDATED", "EVIDENCE_PRESENT"}


def counted(facts):
    """The facts reduced to the fiches that count (validated ones)."""
    return dataclasses.replace(
        facts, situations=tuple(s for s in facts.situations if s.validated)
    )


def _check_for(rule):
    check = CHECKS.get(rule.code)
    if check:
        return check
    # A rule added by an administrator: read its parameters.
    if rule.tool_codes:
        return _check_kind_tools
    if rule.activity_code:
        return _check_kind_on_activity
    if rule.kind:
        return _check_kind_count
    return _check_min_situations


def kind_quotas(rules):
    """{kind: minimum} of the quota rules (one fiche per kind at least)."""
    return {
        r.kind: r.min_count
        for r in rules
        if r.kind and _check_for(r) is QUOTA_CHECK and not r.activity_code
    }


def evaluate(rules, facts, multi_kind_counts=True, multi_kind_message=""):
    """Evaluate every rule on the facts of one dossier.

    :param rules: iterable of :class:`Rule`
    :param facts: :class:`Facts`
    :param multi_kind_counts: whether a fiche of several kinds counts for
        several quotas (the national texts do not say; a setting decides)
    :param multi_kind_message: warning shown when it does and a fiche is of
        several kinds ({missing_list} = those fiches); empty to skip it
    :return: list of :class:`Finding`, one per rule (passed or not), plus the
        multi-kind warning when it applies.
    """
    rules = list(rules)
    quotas = kind_quotas(rules)
    every = facts
    facts = counted(facts)
    kinds_of = assign_kinds(facts.situations, quotas, multi_kind_counts)
    findings = []
    for rule in rules:
        read = every if rule.code in ALL_FICHES_RULES else facts
        count, missing = _check_for(rule)(rule, read, kinds_of)
        if rule.code in LIST_RULES or _check_for(rule) is _check_kind_tools:
            passed = not missing
            lacking = len(missing)
        else:
            passed = count >= rule.min_count and not missing
            lacking = max(rule.min_count - count, len(missing))
        message = ""
        if not passed:
            message = format_message(
                rule.message,
                count=count,
                min=rule.min_count,
                missing=lacking,
                missing_list=", ".join(missing),
            )
        findings.append(
            Finding(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                passed=passed,
                message=message,
                count=count,
                minimum=rule.min_count,
                missing=tuple(missing),
            )
        )
    multi = _codes(s for s in facts.situations if len(s.kinds) > 1)
    if multi_kind_counts and multi and multi_kind_message:
        findings.append(
            Finding(
                code=MULTI_KIND_CODE,
                name=MULTI_KIND_CODE,
                severity="warning",
                passed=False,
                message=format_message(
                    multi_kind_message,
                    count=len(multi),
                    missing=len(multi),
                    missing_list=", ".join(multi),
                    min=0,
                ),
                count=len(multi),
                missing=multi,
            )
        )
    return findings


def blocking(findings):
    return [f for f in findings if not f.passed and f.severity == "blocking"]


def failed(findings):
    return sorted(
        (f for f in findings if not f.passed),
        key=lambda f: SEVERITY_ORDER.get(f.severity, 9),
    )
