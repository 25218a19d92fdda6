"""The evaluation's selections and, for its lock (gpme.lock.mixin), the
fields each role writes in each state."""

from ..models.gpme_lock_mixin import ALL, ATTACH
from . import evaluation as rules

FORMS = [("ccf", "CCF"), ("ponctuelle", "Ponctuelle")]
CONFORMITY = [
    ("pending", "To check"),
    ("conform", "Conform"),
    ("doubt", "Doubt: mark held back"),
    ("non_conform", "Non-conform (NV)"),
]
NV_CASES = [
    (rules.NV_NOT_HANDED_IN, "No dossier handed in"),
    (rules.NV_LATE, "Dossier handed in after the deadline"),
    (rules.NV_INTERNSHIP, "Internship shorter than required"),
    (rules.NV_UNSIGNED, "Documents not signed or stamped by those entitled to"),
]
PHASES = [
    ("preparation", "Preparation"),
    ("part_1", "Part 1: PGI and spreadsheet, interview on the GRCF fiches"),
    ("part_2", "Part 2: oral simulation and its analysis"),
    ("phase_1", "Phase 1: interview on the synoptic and the GRCF fiches"),
    ("phase_2", "Phase 2: work on the PGI and the spreadsheet"),
    ("phase_3", "Phase 3: oral simulation and its analysis"),
    ("phase_4", "Phase 4: written communication"),
]
# Evaluation fields each role may write (besides the buttons); the
# administrator writes all while nothing is signed. Lines and fiches de
# travail check their own.
EDITABLE = {
    "commission": {
        "form",
        "synoptic_attested",
        "comment_a",
        "comment_b",
        "tutor_name",
        "tutor_input",
        "line_ids",
        "line_a_ids",
        "line_b_ids",
        "work_sheet_ids",
        "b_date",
        "line_p_ids",
        "comment_p",
        "written_situation_id",
        "work_sheet_p_ids",
        ATTACH,
    },
    # The class's teachers fill grid A and sit in situation B's commission.
    "teacher": {
        "comment_a",
        "comment_b",
        "tutor_name",
        "tutor_input",
        "line_ids",
        "line_a_ids",
        "line_b_ids",
        "b_date",
        ATTACH,
    },
}
# Fields frozen with each grid once it is signed.
GRID_FIELDS = {
    "A": {"comment_a", "tutor_name", "tutor_input"},
    "B": {"comment_b"},
    "P": {"comment_p", "written_situation_id"},
}


def lock_rules():
    """{lock state: {role: fields}} of the evaluation (see gpme.lock.mixin):
    each signed grid freezes its fields; both signed, the evaluation is
    settled (the form and the attestations included) and changes only
    through an administrator's logged unlock; published, only through an
    administrator's unpublish with a reason; archived, never."""

    def without(role, *groups):
        return tuple(sorted(EDITABLE[role] - set().union(*groups)))

    return {
        "open": {
            "commission": tuple(sorted(EDITABLE["commission"])),
            "teacher": tuple(sorted(EDITABLE["teacher"])),
            "admin": ALL,
        },
        "signed_a": {
            "commission": without("commission", GRID_FIELDS["A"]),
            "teacher": without("teacher", GRID_FIELDS["A"]),
            "admin": ALL,
        },
        "signed_b": {
            "commission": without(
                "commission", GRID_FIELDS["B"], {"work_sheet_ids", "work_sheet_p_ids"}
            ),
            "teacher": tuple(sorted(EDITABLE["teacher"])),
            "admin": ALL,
        },
        # Chatter files stay possible for the evaluators until publication.
        "signed": {"commission": (ATTACH,), "teacher": (ATTACH,)},
        "published": {},
        "archived": {},
    }
