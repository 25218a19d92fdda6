"""Grid A proposed from the bilans of the second year: the lines of an
evaluation and their proposed levels (functions taking the evaluation)."""

from odoo import _

from . import evaluation as rules
from . import evaluation_display


def create_lines(self):
    """A line per active criterion the evaluation lacks (new criteria of
    an imported grid too), grid A proposed from the bilans; a signed grid
    is left as it was signed."""
    all_criteria = self.env["gpme.grid.criterion"].sudo().search([])
    Line = self.env["gpme.evaluation.line"].sudo()
    vals = []
    for evaluation in self:
        signed = evaluation._gpme_signed_grids()
        present = evaluation.line_ids.criterion_id
        # Only the grids of the candidate's form; the forme ponctuelle
        # has no bilans to propose from.
        grids = evaluation._gpme_grids()
        criteria = all_criteria.filtered(lambda c, g=grids: c.situation in g)
        proposal = bilan_proposal(evaluation, criteria) if "A" in grids else {}
        for criterion in criteria:
            if criterion in present or signed[criterion.situation]:
                continue
            level, review = proposal.get(criterion.id, (False, False))
            vals.append(
                {
                    "evaluation_id": evaluation.id,
                    "criterion_id": criterion.id,
                    "sequence": criterion.sequence,
                    "bilan_level_id": level and level.id,
                    "bilan_review_id": review and review.id,
                    "level_id": level and level.id,
                }
            )
    return Line.create(vals)


def bilan_positions(self):
    """{criterion id: position} of the latest positioning of each
    critère de performance in the bilans of the second year (situation A
    is evaluated on them; first-year bilans are training)."""
    self.ensure_one()
    positions = (
        self.env["gpme.review.position"]
        .sudo()
        .search(
            [
                ("line_id.dossier_id", "=", self.dossier_id.id),
                ("line_id.review_id.training_year", "=", "2"),
            ]
        )
        .sorted(
            lambda p: (p.line_id.review_id.date, p.line_id.review_id.id),
            reverse=True,
        )
    )
    latest = {}
    for position in positions:
        latest.setdefault(position.criterion_id.id, position)
    return latest


def bilan_proposal(self, criteria):
    """{criterion id: (level, bilan)}: a critère de performance gets its
    latest year-2 positioning and the bilan it comes from; a row the
    level nearest the mean of its critères' positionings."""
    self.ensure_one()
    positions = bilan_positions(self)
    levels = self.env["gpme.mastery.level"].sudo().search([])
    scale = [(level, level.ratio) for level in levels]
    proposal = {cid: (p.level_id, p.line_id.review_id) for cid, p in positions.items()}
    for row in criteria.filtered(lambda c: c.kind == "row"):
        ratios = [
            positions[c.id].level_id.ratio
            for c in row.performance_ids
            if c.id in positions
        ]
        level = rules.proposed_level(ratios, scale)
        if level:
            proposal[row.id] = (level, False)
    return proposal


def action_prefill_from_bilans(self):
    """Take the year-2 bilans' latest positioning again (lines not
    signed); a level already chosen stays."""
    self._gpme_check_role(rules.GRID_ROLES["A"])
    taken = placed = 0
    for evaluation in self:
        evaluation._gpme_check_open("A")
        lines = evaluation.line_ids.filtered(lambda x: x.grid == "A")
        proposal = bilan_proposal(evaluation, lines.criterion_id)
        for line in lines:
            level, review = proposal.get(line.criterion_id.id, (False, False))
            if level:
                taken += 1
                line.sudo().write(
                    {
                        "bilan_level_id": level.id,
                        "bilan_review_id": review and review.id,
                    }
                )
                if not line.level_id:
                    placed += 1
                    line.level_id = level
    # Said either way: « nothing found » is an answer too.
    if not taken:
        return evaluation_display.toast(
            _("Bilans"),
            _("No positioning in the bilans of the second year: nothing to take."),
            "info",
        )
    return evaluation_display.toast(
        _("Bilans"),
        _(
            "Positioning of the bilans taken on %(taken)s criteria; %(placed)s "
            "level(s) proposed where none was chosen (the levels chosen stay).",
            taken=taken,
            placed=placed,
        ),
    )
