"""Confirm and acknowledge (issue 22): the final actions on a fiche and a
dossier are offered only when they can act (checked before the
confirmation, not refused after it), ask first, and leave a toast, a
chatter line and, for the teacher's decisions, a notification in the
student's inbox. The buttons are read as each user's web client gets
them (get_views), their conditions evaluated on the record as that user."""

import json

from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase, new_test_user, tagged

from .common import inbox_notifications, new_fiche, setup_fiche_world


def buttons(record, name):
    """The header buttons called ``name`` that the record's user sees on
    its form: {confirmation text: visible}."""
    arch = record.get_views([(False, "form")])["views"]["form"]["arch"]
    result = {}
    for node in etree.fromstring(arch).xpath(f"//header/button[@name='{name}']"):
        invisible = json.loads(node.get("modifiers") or "{}").get("invisible")
        if isinstance(invisible, list):
            hidden = bool(record.filtered_domain(invisible))
        else:
            hidden = bool(invisible)
        result[node.get("confirm") or ""] = not hidden
    return result


def visible(record, name):
    return any(buttons(record, name).values())


@tagged("post_install", "-at_install")
class TestConfirmAcknowledge(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_fiche_world(cls)
        cls.admin = new_test_user(
            cls.env, "confirm_admin", groups="gpme_e4.group_admin", name="Admin E4"
        )

    def _inbox(self, user, record):
        return inbox_notifications(self.env, user, record)

    def assertToast(self, result, kind="success"):
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["type"], kind)
        self.assertTrue(result["params"]["message"])
        # The form reloads behind the toast (its buttons and status).
        self.assertEqual(
            result["params"]["next"], {"type": "ir.actions.act_window_close"}
        )

    # --- Fiche ----------------------------------------------------------------
    def test_fiche_hand_in_is_offered_once_it_can_be_handed_in(self):
        fiche = new_fiche(self.env, self.student1, is_grcf=False, task_ids=[])
        mine = fiche.with_user(self.student1).with_context(lang="fr_FR")
        self.assertFalse(mine.can_hand_in)
        self.assertIn("cochez au moins un type", mine.handin_blockers)
        self.assertFalse(visible(mine, "action_submit"))
        mine.write({"is_oral": True})
        mine.invalidate_recordset()
        self.assertTrue(mine.can_hand_in)
        self.assertFalse(mine.handin_blockers)
        (confirm,) = [c for c, shown in buttons(mine, "action_submit").items() if shown]
        self.assertTrue(confirm, "it asks first")
        # Nobody else is offered her hand-in, nor the review before it.
        teacher = fiche.with_user(self.teacher_a)
        self.assertFalse(teacher.can_hand_in)
        self.assertFalse(visible(teacher, "action_validate"))
        self.assertToast(mine.action_submit())
        self.assertEqual(fiche.state, "submitted")
        self.assertTrue(
            fiche.activity_ids.filtered(lambda a: a.user_id == self.teacher_a)
        )
        self.assertFalse(visible(mine, "action_submit"))

    def test_fiche_review_offered_to_its_teachers_only(self):
        fiche = new_fiche(self.env, self.student1)
        fiche.with_user(self.student1).action_submit()
        teacher = fiche.with_user(self.teacher_a)
        self.assertTrue(teacher.can_review)
        for name in ("action_validate", "action_return_wizard"):
            self.assertTrue(visible(teacher, name), name)
        self.assertTrue(all(buttons(teacher, "action_validate")))
        # Returned with a comment: a toast, the comment in the review tab,
        # the student told in her inbox.
        wizard = (
            self.env["gpme.situation.review.wizard"]
            .with_user(self.teacher_a)
            .create(
                {
                    "situation_ids": [(6, 0, fiche.ids)],
                    "mode": "return",
                    "comment": "Précisez les acteurs.",
                }
            )
        )
        self.assertToast(wizard.action_confirm(), kind="info")
        self.assertEqual(fiche.state, "to_rework")
        arch = etree.fromstring(
            teacher.get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertTrue(
            arch.xpath("//page[@name='review']//field[@name='review_comment']")
        )
        self.assertEqual(fiche.review_comment, "Précisez les acteurs.")
        self.assertIn(
            "Précisez les acteurs.",
            self._inbox(self.student1, fiche)[-1:].mail_message_id.body,
        )
        self.assertFalse(visible(teacher, "action_validate"))
        # Handed in again, validated: toast, chatter, inbox.
        fiche.with_user(self.student1).action_submit()
        before = len(self._inbox(self.student1, fiche))
        self.assertToast(teacher.action_validate())
        self.assertEqual(fiche.state, "validated")
        self.assertEqual(len(self._inbox(self.student1, fiche)), before + 1)
        self.assertTrue(visible(teacher, "action_reopen_wizard"))

    # --- Dossier --------------------------------------------------------------
    def test_dossier_hand_in_checks_before_asking(self):
        dossier = self.dossier1.with_user(self.student1)
        self.assertTrue(dossier.can_submit)
        # A new dossier has blocking findings (no fiche validated...): the
        # hand-in is not offered, the checklist says why.
        self.assertGreater(dossier.conformity_blocking_count, 0)
        self.assertFalse(visible(dossier, "action_submit"))
        self.assertFalse(self.dossier1.with_user(self.teacher_a).can_submit)

    def test_teacher_validates_a_dossier_warned_first(self):
        done = new_fiche(self.env, self.student1)
        done.with_user(self.student1).action_submit()
        done.with_user(self.teacher_a).action_validate()
        fiche = new_fiche(self.env, self.student1, name="Relancer un client")
        fiche.with_user(self.student1).action_submit()
        self.dossier1.sudo().state = "submitted"
        dossier = self.dossier1.with_user(self.teacher_a).with_context(lang="fr_FR")
        self.assertTrue(dossier.can_review)
        self.assertFalse(dossier.can_validate)
        self.assertIn(fiche.code, dossier.validate_blockers)
        self.assertNotIn(done.code, dossier.validate_blockers)
        self.assertFalse(visible(dossier, "action_validate"))
        self.assertTrue(visible(dossier, "action_reset_draft"))
        self.assertFalse(self.dossier1.with_user(self.student1).can_review)
        # The fiche handed in is validated (by an administrator, the dossier
        # being handed in): the dossier can be.
        fiche.with_user(self.admin).action_validate()
        dossier.invalidate_recordset()
        self.assertTrue(dossier.can_validate)
        # The dossier has findings (too few fiches, no attestation): the
        # validation offered is the one whose confirmation warns.
        self.assertTrue(dossier.conformity_issue_count or dossier.handin_warning_count)
        shown = [c for c, ok in buttons(dossier, "action_validate").items() if ok]
        self.assertEqual(len(shown), 1)
        self.assertIn("NV", shown[0])
        self.assertToast(dossier.action_validate())
        self.assertEqual(self.dossier1.state, "validated")
        self.assertTrue(self._inbox(self.student1, self.dossier1))
        self.assertFalse(visible(dossier, "action_validate"))

    def test_no_print_on_unsaved_dossier(self):
        form = etree.fromstring(
            self.env["gpme.dossier"]
            .with_user(self.teacher_a)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        (button,) = form.xpath("//button[@name='action_verify_evidence_seals']")
        self.assertEqual(
            json.loads(button.get("modifiers"))["invisible"], [["id", "=", False]]
        )

    def test_dossier_header_is_the_schools(self):
        # Read-only on the student's form, refused on save as well: the
        # candidate number and the company presented are set by the school.
        dossier = self.dossier1.with_user(self.student1)
        for vals in ({"candidate_number": "02712345"}, {"company_id": 1}):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                dossier.write(vals)
        dossier.write({"ctx_market": "<p>Marché local</p>"})
        self.dossier1.with_user(self.teacher_a).write({"candidate_number": "02712345"})
        self.assertEqual(self.dossier1.candidate_number, "02712345")
