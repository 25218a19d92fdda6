"""Screens offer only what works (issue 22): the views each role receives,
read through get_views as that user, as the web client gets them."""

import ast
import json

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase, new_test_user, tagged

from .common import EvaluationFixtures, new_fiche, setup_fiche_world

DOSSIER_HEADER = (
    "name",
    "student_id",
    "cohort_id",
    "session_name",
    "candidate_number",
    "company_id",
    "teacher_ids",
)


def view_arch(env, model, view_type, xmlid=None):
    view_id = env.ref(xmlid).id if xmlid else False
    views = env[model].get_views([(view_id, view_type)])
    return etree.fromstring(views["views"][view_type]["arch"])


def modifiers(node):
    return json.loads(node.get("modifiers") or "{}")


def leaves(domain):
    """The (field, operator, value) leaves of a modifier's domain."""
    if not isinstance(domain, list):
        return set()
    return {
        (leaf[0], leaf[1], json.dumps(leaf[2]))
        for leaf in domain
        if isinstance(leaf, list)
    }


@tagged("post_install", "-at_install")
class TestScreensOffer(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_fiche_world(cls)
        cls.commission = new_test_user(
            cls.env, "offer_jury", groups="gpme_e4.group_commission", name="Jury"
        )

    def as_user(self, user):
        return self.env(user=user)

    # --- The commission form ---------------------------------------------
    def test_commission_grid_levels_are_badges_on_one_page(self):
        env = self.as_user(self.commission)
        form = view_arch(env, "gpme.evaluation", "form")
        for name in ("line_a_ids", "line_b_ids"):
            (field,) = form.xpath(f"//field[@name='{name}']")
            self.assertIn(
                "gpme_e4.gpme_evaluation_line_view_tree", field.get("context")
            )
        grid = view_arch(
            env,
            "gpme.evaluation.line",
            "list",
            "gpme_e4.gpme_evaluation_line_view_tree",
        )
        # Grid A has 94 rows: none hidden on a second page.
        self.assertGreaterEqual(int(grid.get("limit")), 200)
        (level,) = grid.xpath("//field[@name='level_code']")
        # One click each, and the keyboard's radio group (arrows, Space):
        # the commission tour chooses a level with the keys.
        self.assertEqual(level.get("widget"), "gpme_level")
        # In the référentiel's order, « Maîtrisé » is not found under
        # « Non maîtrisé »: every level is one click away.
        Line = env["gpme.evaluation.line"]
        self.assertEqual(
            [
                code
                for code, __ in Line._fields["level_code"]._description_selection(env)
            ],
            ["not_mastered", "insufficient", "mastered", "well_mastered"],
        )
        # No drag handle: the order is the référentiel's, activity by activity.
        self.assertFalse(grid.xpath("//field[@widget='handle']"))
        shown = [
            node.get("name")
            for node in grid.iter("field")
            if not modifiers(node).get("column_invisible")
        ]
        self.assertEqual(shown[:3], ["activity_id", "criterion_id", "indicators"])
        # The criterion's text is on hover; the criterion does not navigate away.
        self.assertTrue(grid.xpath("//field[@name='indicators']"))
        # Its own widget: the name and its critères in a tooltip (hover and
        # keyboard focus), no link to the criterion's form.
        (criterion,) = grid.xpath("//field[@name='criterion_id']")
        self.assertEqual(criterion.get("widget"), "gpme_criterion")
        self.assertEqual(
            ast.literal_eval(criterion.get("options"))["detail_field"],
            "criterion_detail",
        )

    def test_commission_exception_states_are_ribbons(self):
        form = view_arch(self.as_user(self.commission), "gpme.evaluation", "form")
        ribbons = {
            json.dumps(modifiers(r)["invisible"])
            for r in form.xpath("//widget[@name='web_ribbon']")
        }
        self.assertEqual(
            ribbons,
            {
                json.dumps([["conformity", "!=", "doubt"]]),
                json.dumps([["conformity", "!=", "non_conform"]]),
            },
        )
        (status,) = form.xpath("//header/field[@name='conformity']")
        self.assertEqual(status.get("statusbar_visible"), "pending,conform")
        self.assertEqual(
            modifiers(status)["invisible"],
            [["conformity", "in", ["doubt", "non_conform"]]],
        )

    # --- Read-only where nobody may act --------------------------------------
    def test_dossier_header_read_only_for_students_only(self):
        student_form = view_arch(self.as_user(self.student1), "gpme.dossier", "form")
        for name in DOSSIER_HEADER:
            node = student_form.xpath(f"//sheet//field[@name='{name}']")[0]
            self.assertIs(modifiers(node).get("readonly"), True, name)
        # The student's own part of the dossier stays editable.
        (ctx,) = student_form.xpath("//field[@name='ctx_identity']")
        self.assertIsNot(modifiers(ctx).get("readonly"), True)
        # The school (an E4 administrator) still sets the header.
        admin = new_test_user(self.env, "offer_admin", groups="gpme_e4.group_admin")
        admin_form = view_arch(self.as_user(admin), "gpme.dossier", "form")
        (number,) = admin_form.xpath("//sheet//field[@name='candidate_number']")
        self.assertIsNot(modifiers(number).get("readonly"), True)

    def test_no_create_on_evidence(self):
        env = self.as_user(self.student1)
        for view_type in ("list", "form"):
            root = view_arch(env, "gpme.evidence", view_type)
            self.assertIn(root.get("create"), ("0", "false"), view_type)

    def test_no_print_on_unsaved_records(self):
        env = self.as_user(self.teacher_a)
        review = view_arch(env, "gpme.review", "form")
        (button,) = review.xpath("//button[@name='action_print_recap']")
        self.assertIn(("id", "=", "false"), leaves(modifiers(button)["invisible"]))
        evaluation = view_arch(self.as_user(self.commission), "gpme.evaluation", "form")
        for name in ("action_print_notification", "action_print_proposal"):
            (button,) = evaluation.xpath(f"//button[@name='{name}']")
            self.assertIn(
                ("id", "=", "false"), leaves(modifiers(button)["invisible"]), name
            )

    def test_evidence_read_only_to_whoever_may_not_change_it(self):
        fiche = new_fiche(self.env, self.student1)
        partner = self.env["res.partner"].create({"name": "Client preuve"})
        evidence = (
            self.env["gpme.evidence"]
            .sudo()
            .create(
                {
                    "situation_id": fiche.id,
                    "res_model": "res.partner",
                    "res_id": partner.id,
                    "name": "Fiche client",
                }
            )
        )
        self.assertFalse(evidence.with_user(self.student1).gpme_readonly)
        self.assertTrue(evidence.with_user(self.teacher_a).gpme_readonly)
        form = view_arch(self.as_user(self.student1), "gpme.evidence", "form")
        for name in ("task_ids", "note"):
            (field,) = form.xpath(f"//sheet//field[@name='{name}']")
            self.assertIn(
                ("gpme_readonly", "=", "true"), leaves(modifiers(field)["readonly"])
            )
        (refresh,) = form.xpath("//button[@name='action_refresh_snapshot']")
        self.assertIn(
            ("gpme_readonly", "=", "true"), leaves(modifiers(refresh)["invisible"])
        )
        # Handed in, the dossier freezes its evidence: the student reads it.
        fiche.dossier_id.sudo().state = "submitted"
        self.assertTrue(fiche.dossier_id.is_locked)
        self.assertTrue(evidence.with_user(self.student1).gpme_readonly)

    def test_returned_fiche_read_only_for_its_teacher(self):
        fiche = new_fiche(self.env, self.student1)
        self.assertFalse(fiche.with_user(self.student1).gpme_readonly)
        self.assertTrue(fiche.with_user(self.teacher_a).gpme_readonly)
        fiche.with_user(self.student1).action_submit()
        fiche.with_user(self.teacher_a).action_return("Précisez les acteurs.")
        self.assertEqual(fiche.state, "to_rework")
        # The student reworks it; the teacher, who could not save, reads it.
        self.assertFalse(fiche.with_user(self.student1).gpme_readonly)
        self.assertTrue(fiche.with_user(self.teacher_a).gpme_readonly)
        form = view_arch(self.as_user(self.teacher_a), "gpme.situation", "form")
        (name,) = form.xpath("//h1/field[@name='name']")
        self.assertIn(
            ("gpme_readonly", "=", "true"), leaves(modifiers(name)["readonly"])
        )
        # Nor its evidence: the pop-up offers no « Enregistrer » to refuse.
        (evidence,) = form.xpath("//field[@name='evidence_ids']")
        self.assertIn(
            ("gpme_readonly", "=", "true"), leaves(modifiers(evidence)["readonly"])
        )
        # « Renvoyée » is a ribbon, not a step after « Validée ».
        (status,) = form.xpath("//header/field[@name='state']")
        self.assertEqual(modifiers(status)["invisible"], [["state", "=", "to_rework"]])
        (ribbon,) = form.xpath("//widget[@name='web_ribbon']")
        self.assertEqual(modifiers(ribbon)["invisible"], [["state", "!=", "to_rework"]])


@tagged("post_install", "-at_install")
class TestGridBadges(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()

    def test_badge_sets_the_level_and_suggests_points(self):
        line = self.evaluation.line_a_ids.filtered(lambda x: x.kind == "row")[0]
        line.with_user(self.teacher).write({"level_code": "well_mastered"})
        self.assertEqual(line.level_id, self.levels["well_mastered"])
        self.assertEqual(line.points, line.max_points)
        line.invalidate_recordset()
        self.assertEqual(line.with_user(self.teacher).level_code, "well_mastered")
        with self.assertRaises(ValidationError):
            line.with_user(self.teacher).write({"level_code": "excellent"})
        self.assertEqual(line.level_id, self.levels["well_mastered"])
