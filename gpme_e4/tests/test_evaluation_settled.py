"""Issue 20: signed and published evaluations do not move. Over XML-RPC
with the users' own logins: both grids signed, the commission (and the
administrator) can no longer write the form, the attestation or the comments;
published, the conformity buttons are refused until an administrator
unpublishes with a reason, logged in the chatter."""

from xmlrpc.client import Fault

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, get_db_name, tagged

from .common import EvaluationFixtures


@tagged("post_install", "-at_install")
class TestEvaluationSettled(EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        jury = cls.evaluation.with_user(cls.commission)
        jury.action_confirm_conformity()
        cls.fill_grid(cls.evaluation, "A")
        cls.fill_grid(cls.evaluation, "B")
        jury.action_sign_a()
        jury.action_sign_b()
        # A teacher of the class signs grid B too (required to publish).
        cls.evaluation.with_user(cls.teacher).action_sign_b()

    def rpc(self, user, method, *args, model="gpme.evaluation", ids=None, **kwargs):
        db = get_db_name()
        uids = self.__dict__.setdefault("_uids", {})
        if user.login not in uids:
            uids[user.login] = self.xmlrpc_common.authenticate(
                db, user.login, user.login, {}
            )
        return self.xmlrpc_object.execute_kw(
            db,
            uids[user.login],
            user.login,
            model,
            method,
            [ids or [self.evaluation.id], *args],
            kwargs,
        )

    def snapshot(self):
        self.evaluation.invalidate_recordset()
        return self.evaluation.sudo().read(
            ["form", "synoptic_attested", "comment_a", "comment_b", "conformity"]
        )

    def test_signed_evaluation_refuses_writes(self):
        before = self.snapshot()
        for user in (self.commission, self.teacher, self.admin):
            for vals in (
                {"form": "ponctuelle"},
                {"synoptic_attested": False},
                {"comment_a": "Autre"},
                {"comment_b": "Autre"},
                {"internship_waiver": True},
            ):
                with self.assertRaises(Fault, msg=f"{user.login} {vals}") as caught:
                    self.rpc(user, "write", vals)
                self.assertEqual(caught.exception.faultCode, 4)
        self.assertEqual(self.snapshot(), before)

    def test_published_evaluation_moves_only_by_unpublish(self):
        self.rpc(self.admin, "action_publish")
        before = self.snapshot()
        for method, args in (
            ("action_doubt", ["à vérifier"]),
            ("action_confirm_conformity", []),
            ("action_declare_nv", ["late"]),
            ("action_prefill_from_bilans", []),
            ("action_draw", []),
            ("action_start_timer", []),
            ("action_unlock", ["B", "erreur"]),
        ):
            for user in (self.commission, self.admin):
                with self.assertRaises(Fault, msg=f"{user.login} {method}"):
                    self.rpc(user, method, *args)
        self.assertEqual(self.snapshot(), before)
        # Unpublishing: administrators only, with a reason.
        with self.assertRaises(Fault):
            self.rpc(self.commission, "action_unpublish", "erreur de saisie")
        with self.assertRaises(Fault):
            self.rpc(self.admin, "action_unpublish", "  ")
        self.assertTrue(self.evaluation.sudo().published)
        self.rpc(self.admin, "action_unpublish", "Erreur de report du stage")
        self.evaluation.invalidate_recordset()
        self.assertFalse(self.evaluation.sudo().published)
        bodies = self.evaluation.sudo().message_ids.mapped("body")
        self.assertTrue(
            any("Erreur de report du stage" in body for body in bodies), bodies
        )
        # Back in the evaluators' hands: a doubt may now be recorded.
        self.rpc(self.commission, "action_doubt", "Attestation à vérifier")
        self.evaluation.invalidate_recordset()
        self.assertEqual(self.evaluation.sudo().conformity, "doubt")

    def test_unpublish_wizard(self):
        self.evaluation.with_user(self.admin).action_publish()
        Wizard = self.env["gpme.evaluation.unpublish.wizard"]
        wizard = Wizard.with_user(self.admin).create(
            {"evaluation_id": self.evaluation.id, "reason": "Note mal reportée"}
        )
        wizard.action_confirm()
        self.assertFalse(self.evaluation.published)
        with self.assertRaises(AccessError):
            Wizard.with_user(self.commission).create(
                {"evaluation_id": self.evaluation.id, "reason": "x"}
            )

    def grid_rows(self):
        self.env.invalidate_all()
        evaluation = self.evaluation.sudo()
        return (
            evaluation.line_ids.read(["points", "level_id", "comment"]),
            evaluation.signature_ids.read(["grid", "user_id"]),
            evaluation.work_sheet_ids.read(["situation_id", "changes"]),
        )

    def test_signed_grids_lines_signatures_and_sheets_do_not_move(self):
        """The lock mixin on the grid's records: whoever asks (the commission,
        the class's teacher, the student, the administrator), a signed
        grid's lines, its signatures and grid B's fiches de travail are
        refused as access errors; only the administrator's unlock, with its
        reason in the E4 journal, opens grid B again."""
        self.env["gpme.work.sheet"].sudo().create(
            {"evaluation_id": self.evaluation.id, "kind": "grcf"}
        )
        lines = self.evaluation.sudo().line_ids
        line_a = lines.filtered(lambda x: x.grid == "A" and x.kind == "row")[0]
        line_b = lines.filtered(lambda x: x.grid == "B" and x.kind == "row")[0]
        signatures = self.evaluation.sudo().signature_ids
        sheets = self.evaluation.sudo().work_sheet_ids
        before = self.grid_rows()
        attempts = [
            ("gpme.evaluation.line", "write", line_a.ids, [{"points": 0}], {}),
            ("gpme.evaluation.line", "write", line_b.ids, [{"comment": "x"}], {}),
            ("gpme.evaluation.line", "unlink", line_b.ids, [], {}),
            (
                "gpme.evaluation.signature",
                "write",
                signatures[:1].ids,
                [{"grid": "A"}],
                {},
            ),
            (
                "gpme.evaluation.signature",
                "unlink",
                signatures.ids,
                [],
                {"context": {"gpme_unlock": True}},
            ),
            ("gpme.work.sheet", "write", sheets.ids, [{"changes": "x"}], {}),
            ("gpme.work.sheet", "unlink", sheets.ids, [], {}),
        ]
        for user in (self.commission, self.teacher, self.student, self.admin):
            for model, method, ids, args, kwargs in attempts:
                where = f"{user.login} {model}.{method}"
                with self.assertRaises(Fault, msg=where) as caught:
                    self.rpc(user, method, *args, model=model, ids=ids, **kwargs)
                self.assertEqual(caught.exception.faultCode, 4, where)
        self.assertEqual(self.grid_rows(), before)
        # The logged way: the administrator unlocks grid B, giving a reason.
        self.rpc(self.admin, "action_unlock", "B", "Erreur de report")
        entry = (
            self.env["gpme.journal"]
            .sudo()
            .search([("event", "=", "grid_unlock")], order="id desc", limit=1)
        )
        self.assertEqual(entry.reason, "Erreur de report")
        self.rpc(
            self.commission,
            "write",
            {"comment": "Revu"},
            model="gpme.evaluation.line",
            ids=line_b.ids,
        )
        self.rpc(
            self.commission,
            "write",
            {"changes": "Prix changés"},
            model="gpme.work.sheet",
            ids=sheets.ids,
        )
        # Grid A stays signed: still refused.
        with self.assertRaises(Fault):
            self.rpc(
                self.commission,
                "write",
                {"points": 0},
                model="gpme.evaluation.line",
                ids=line_a.ids,
            )
