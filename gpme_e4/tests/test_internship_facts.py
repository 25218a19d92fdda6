"""Issue 20, facts not declarations for NV. Over XML-RPC with the users' own
logins: the student's attestations get their weeks from their dates, the
student cannot tick signed or stamped (she attaches the signed attestation),
a correction of the weeks by the commission needs a reason and is posted in
the dossier's chatter; dates outside the session's years and a blank employer
are refused; « absence de dépôt » waits for the deadline."""

import base64
from datetime import timedelta
from xmlrpc.client import Fault

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import EvaluationFixtures, RpcAsUser


@tagged("post_install", "-at_install")
class TestInternshipFacts(RpcAsUser, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        cls.draft = cls.other_dossier  # other_student's own draft

    def attestation(self, **vals):
        return dict(
            {
                "dossier_id": self.draft.id,
                "employer": "Delta SARL",
                "training_year": "1",
                "date_from": "2026-05-11",
                "date_to": "2026-05-11",
            },
            **vals,
        )

    def count(self):
        return (
            self.env["gpme.internship"]
            .sudo()
            .search_count([("dossier_id", "=", self.draft.id)])
        )

    def test_student_declares_no_facts(self):
        student = self.other_student
        before = self.count()
        # The reproduction: one day declared as 6 (or 40) weeks, signed, stamped.
        for vals in ({"signed": True}, {"stamped": True}):
            with self.assertRaises(Fault, msg=vals):
                self.rpc(student, "gpme.internship", "create", self.attestation(**vals))
        self.assertEqual(self.count(), before)
        # Weeks other than the dates' are refused, naming the field; the
        # computed value the form sends back is taken.
        with self.assertRaisesRegex(Fault, "« Semaines »"):
            self.rpc(
                student,
                "gpme.internship",
                "create",
                self.attestation(weeks=40),
                context={"lang": "fr_FR"},
            )
        self.assertEqual(self.count(), before)
        new_id = self.rpc(
            student, "gpme.internship", "create", self.attestation(weeks=0.2)
        )
        [row] = self.rpc(student, "gpme.internship", "read", [new_id], ["weeks"])
        self.assertEqual(row["weeks"], 0.2)  # one working day
        for vals in (
            {"weeks": 6},
            {"weeks": 6, "weeks_correction_reason": "mon stage"},
            {"signed": True},
            {"stamped": True},
        ):
            with self.assertRaises(Fault, msg=vals):
                self.rpc(student, "gpme.internship", "write", [new_id], vals)
        # She attaches the signed attestation, and sets her dates.
        self.rpc(
            student,
            "gpme.internship",
            "write",
            [new_id],
            {
                "attestation_file": base64.b64encode(b"%PDF-1.4 attestation").decode(),
                "attestation_filename": "attestation.pdf",
                "date_to": "2026-06-19",
            },
        )
        [row] = self.rpc(
            student, "gpme.internship", "read", [new_id], ["weeks", "signed", "stamped"]
        )
        self.assertEqual(row["weeks"], 6)  # 11/05 -> 19/06, as the circular counts
        self.assertFalse(row["signed"] or row["stamped"])

    def test_commission_records_and_corrects_with_a_reason(self):
        internship = self.dossier.sudo().internship_ids[0]
        jury = self.commission
        self.rpc(
            jury,
            "gpme.internship",
            "write",
            [internship.id],
            {"signed": False, "stamped": False},
        )
        with self.assertRaises(Fault):
            self.rpc(jury, "gpme.internship", "write", [internship.id], {"weeks": 5})
        internship.invalidate_recordset()
        self.assertEqual(internship.weeks, 6)
        self.rpc(
            jury,
            "gpme.internship",
            "write",
            [internship.id],
            {
                "weeks": 5,
                "weeks_correction_reason": "Une semaine d'absence <b>notée</b>",
            },
        )
        internship.invalidate_recordset()
        self.assertEqual(internship.weeks, 5)
        message = self.dossier.sudo().message_ids[0]
        self.assertIn("Une semaine d'absence", message.body)
        self.assertIn("6.0", message.body)
        # The reason is text, not HTML.
        self.assertNotIn("<b>", message.body)
        # A student of the dossier does not correct it, nor another commission.
        for user in (self.student, self.other_jury):
            with self.assertRaises(Fault, msg=user.login):
                self.rpc(
                    user,
                    "gpme.internship",
                    "write",
                    [internship.id],
                    {"weeks": 12, "weeks_correction_reason": "x"},
                )

    def test_implausible_attestations_refused(self):
        before = self.count()
        for vals in (
            {"date_from": "1900-01-01", "date_to": "1900-02-01"},
            {"date_from": "2099-05-04", "date_to": "2099-06-12"},
            {"date_from": "2026-06-12", "date_to": "2026-05-04"},
            {"employer": ""},
            {"employer": "   "},
            {"employer": "x" * 10_000},
        ):
            with self.assertRaises(Fault, msg=vals) as caught:
                self.rpc(
                    self.other_student,
                    "gpme.internship",
                    "create",
                    self.attestation(**vals),
                )
            fault = caught.exception.faultString
            self.assertNotIn("psycopg2", fault, vals)
            # In French, naming the dates or the employer.
            self.assertTrue(
                any(word in fault for word in ("stage", "Employeur", "« Du »")),
                fault,
            )
        self.assertEqual(self.count(), before)

    def test_absence_de_depot_waits_for_the_deadline(self):
        evaluation = (
            self.env["gpme.evaluation"]
            .with_user(self.admin)
            ._gpme_open_for_dossier(self.other_dossier)
        )
        today = fields.Date.context_today(evaluation)
        # The reproduction: the deadline four months away.
        self.e4_session.dossier_deadline = today + timedelta(days=120)
        for deadline in (today + timedelta(days=120), today):
            self.e4_session.dossier_deadline = deadline
            with self.assertRaises(Fault, msg=str(deadline)):
                self.rpc(
                    self.other_jury,
                    "gpme.evaluation",
                    "action_declare_nv",
                    [evaluation.id],
                    "not_handed_in",
                )
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.sudo().conformity, "pending")
        self.e4_session.dossier_deadline = today - timedelta(days=1)
        self.rpc(
            self.other_jury,
            "gpme.evaluation",
            "action_declare_nv",
            [evaluation.id],
            "not_handed_in",
        )
        evaluation.invalidate_recordset()
        self.assertEqual(evaluation.sudo().conformity, "non_conform")
