"""Rules of the fiche d'analyse (annex V-4), in plain Python.

Each function takes plain values and returns problem *codes* (with their
parameters); the models turn codes into translated messages. Keeping the rules
here lets a teacher read them and lets them be tested without a database.
"""

from datetime import date

# Problem codes -------------------------------------------------------------
PERIOD_IN_FUTURE = "period_in_future"
START_IN_FUTURE = "start_in_future"
END_IN_FUTURE = "end_in_future"
END_BEFORE_START = "end_before_start"
GRCF_WITHOUT_ACTIVITY = "grcf_without_activity"
NO_KIND = "no_kind"
NO_TITLE = "no_title"
WRITTEN_WITHOUT_OUTPUT = "written_without_output"
ORAL_WITHOUT_TOOL = "oral_without_tool"
ORAL_WITHOUT_NATURE = "oral_without_nature"
WRITTEN_WITHOUT_SUPPORT = "written_without_support"
PERIOD_INCOMPLETE = "period_incomplete"
PERIOD_BAD_YEAR = "period_bad_year"
MISSING_VERSION = "missing_version"
MISSING_SOFTWARE = "missing_software"

# Tool kinds whose software must be given with a version (management and
# written tools are software; oral tools are not).
KINDS_NEEDING_VERSION = frozenset({"management", "written"})


def _month(value):
    return (value.year, value.month)


def date_errors(period=None, date_start=None, date_end=None, today=None):
    """Dates of the fiche: nothing in the future, an end not before the start.

    The period is a month: any day of the current month is accepted.
    """
    today = today or date.today()
    errors = []
    if period and _month(period) > _month(today):
        errors.append(PERIOD_IN_FUTURE)
    if date_start and date_start > today:
        errors.append(START_IN_FUTURE)
    if date_end and date_end > today:
        errors.append(END_IN_FUTURE)
    if date_start and date_end and date_end < date_start:
        errors.append(END_BEFORE_START)
    return errors


def period_error(month, year):
    """The period is entered as a month and a year (text): both or neither,
    the year with four digits."""
    year = (year or "").strip()
    if not month and not year:
        return None
    if not (month and year):
        return PERIOD_INCOMPLETE
    if not (len(year) == 4 and year.isdigit() and year[0] != "0"):
        return PERIOD_BAD_YEAR
    return None


def submission_errors(title, is_grcf, is_oral, is_written, activity_count):
    """What blocks handing a fiche in to the teachers."""
    errors = []
    if not (title or "").strip():
        errors.append(NO_TITLE)
    if not (is_grcf or is_oral or is_written):
        errors.append(NO_KIND)
    if is_grcf and not activity_count:
        errors.append(GRCF_WITHOUT_ACTIVITY)
    return errors


def kind_warnings(
    is_grcf, is_oral, is_written, activity_count, written_outputs, tool_kinds
):
    """Soft warnings shown on the fiche while it is being written."""
    warnings = []
    if is_grcf and not activity_count:
        warnings.append(GRCF_WITHOUT_ACTIVITY)
    if is_written and not (written_outputs or "").strip():
        warnings.append(WRITTEN_WITHOUT_OUTPUT)
    if is_oral and "oral" not in set(tool_kinds or ()):
        warnings.append(ORAL_WITHOUT_TOOL)
    return warnings


def nature_warnings(is_oral, oral_nature, is_written, written_support):
    """The référentiel compares the oral fiches' natures and the written
    fiches' supports: each fiche says its own."""
    warnings = []
    if is_oral and not oral_nature:
        warnings.append(ORAL_WITHOUT_NATURE)
    if is_written and not written_support:
        warnings.append(WRITTEN_WITHOUT_SUPPORT)
    return warnings


def software_line_errors(tool_kind, software_name, version):
    """A software line: a tool that is software needs a name and a version."""
    if tool_kind not in KINDS_NEEDING_VERSION:
        return []
    errors = []
    if not (software_name or "").strip():
        errors.append(MISSING_SOFTWARE)
    if not (version or "").strip():
        errors.append(MISSING_VERSION)
    return errors


# Evidence → functions used -------------------------------------------------
# (application, function) keys come from the evidence mixin's vocabulary of
# document kinds (gpme.evidence.mixin._gpme_document_kinds).
# Applications of the accounting dimension of the PGI; the others are
# commercial.
ACCOUNTING_APPS = frozenset({"invoicing", "accounting"})


def format_functions(pairs, template="{app}: {functions}", separator="; ", comma=", "):
    """``[(app, function), …]`` → "Sales: quotation, order; Invoicing: credit note".

    ``template`` and ``separator`` carry the typography of the language (French
    puts a space before « : » and « ; »). Applications and functions keep
    their first-seen order, without repeats.
    """
    grouped = {}
    for app, function in pairs:
        if not app:
            continue
        functions = grouped.setdefault(app, [])
        if function and function not in functions:
            functions.append(function)
    parts = []
    for app, functions in grouped.items():
        parts.append(
            template.format(app=app, functions=comma.join(functions))
            if functions
            else app
        )
    return separator.join(parts)
