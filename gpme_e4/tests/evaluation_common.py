"""Fixtures of the evaluation tests: a handed-in dossier with its internship,
the commission of its session, and another session's member."""

from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests.common import new_test_user

from .common_dossier import DossierFixtures

# 6 consecutive weeks at the end of year 1, 6 in year 2 of which 4 consecutive.
INTERNSHIPS = (
    ("Alpha SARL", "1", date(2026, 5, 18), date(2026, 6, 28)),
    ("Beta SAS", "2", date(2027, 1, 4), date(2027, 1, 31)),
    ("Gamma SA", "2", date(2027, 3, 1), date(2027, 3, 14)),
)


class EvaluationFixtures(DossierFixtures):
    @classmethod
    def setUpEvaluationFixtures(cls):
        cls.setUpDossierFixtures()
        env = cls.env(su=True)
        cls.other_jury = new_test_user(
            env, "t_eval_jury2", groups="gpme_e4.group_commission", name="Jury B"
        )
        cls.dossier = cls.make_full_dossier()
        cls.add_internships(cls.dossier)
        cls.hand_in(cls.dossier, datetime(2027, 4, 10, 9, 0))
        cls.other_dossier = cls.make_dossier(
            cls.other_student, commission_user_ids=[(6, 0, cls.other_jury.ids)]
        )
        cls.evaluation = (
            cls.env["gpme.evaluation"]
            .with_user(cls.commission)
            ._gpme_open_for_dossier(cls.dossier)
        )
        cls.e4_session = cls.dossier.exam_session_id.sudo()
        cls.e4_session.dossier_deadline = date(2027, 4, 15)
        cls.evaluation.sudo().synoptic_attested = True
        # Situation B's window holds the day the tests run, on the clock the
        # rules read (the user's day; frozen in CI's date matrix).
        today = fields.Date.context_today(cls.evaluation)
        cls.e4_session.write(
            {
                "situation_b_start": today - timedelta(days=30),
                "situation_b_end": today + timedelta(days=30),
            }
        )
        cls.levels = {lvl.code: lvl for lvl in cls.env["gpme.mastery.level"].search([])}

    @classmethod
    def sign_grid_a(cls, evaluation, level="well_mastered"):
        """Grid A filled and signed by the class's teacher: situation B may
        follow."""
        cls.fill_grid(evaluation, "A", level, user=cls.teacher)
        evaluation.with_user(cls.teacher).action_sign_a()

    @classmethod
    def add_internships(cls, dossier, rows=INTERNSHIPS, signed=True):
        return (
            cls.env["gpme.internship"]
            .sudo()
            .create(
                [
                    {
                        "dossier_id": dossier.id,
                        "employer": employer,
                        "training_year": year,
                        "date_from": date_from,
                        "date_to": date_to,
                        "signed": signed,
                        "stamped": signed,
                    }
                    for employer, year, date_from, date_to in rows
                ]
            )
        )

    @classmethod
    def hand_in(cls, dossier, when):
        dossier.sudo().write({"state": "validated", "submitted_date": when})

    @classmethod
    def fill_grid(cls, evaluation, grid, level="mastered", user=None):
        # The penalties are the commission's, set in points.
        lines = evaluation.line_ids.filtered(
            lambda x: x.grid == grid and x.kind != "penalty"
        )
        lines.with_user(user or cls.commission).write(
            {"level_id": cls.levels[level].id}
        )
        return lines
