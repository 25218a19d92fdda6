"""Issue 20, leaks by id: as a student of another class, a teacher of
another class or an unassigned commission member, every public method of the
evaluation and its conformity wizard is refused over XML-RPC before it reads
anything, and the refusal names neither the candidate nor the NV facts; in
debug mode Odoo's access errors on E4 records stay as discreet."""

import json
from xmlrpc.client import Fault

import odoo
from odoo.tests import HttpCase, tagged

from .common import EvaluationFixtures, RpcAsUser

# (method, positional arguments after the ids)
EVALUATION_CALLS = [
    ("action_confirm_conformity", []),
    ("action_declare_nv", ["not_handed_in"]),
    ("action_declare_nv", ["late"]),
    ("action_declare_nv", ["internship"]),
    ("action_declare_nv", ["unsigned"]),
    ("action_doubt", ["à vérifier"]),
    ("action_prefill_from_bilans", []),
    ("action_conformity_wizard", []),
    ("action_open_internships", []),
    ("action_print_notification", []),
    ("action_print_work_sheets", []),
    ("action_draw", []),
    ("action_start_timer", []),
    ("action_sign_a", []),
    ("action_sign_b", []),
    ("action_unlock", ["A", "raison"]),
    ("action_publish", []),
]


@tagged("post_install", "-at_install")
class TestAccessLeaks(RpcAsUser, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        # A short internship: the NV facts would read « stage » if leaked.
        cls.dossier.sudo().internship_ids[1:].unlink()
        cls.secrets = [
            cls.student.name,
            cls.dossier.sudo().name,
            "Stage",
            "stage",
            "Internship",
            "internship",
        ]

    def assert_discreet(self, text, where):
        for secret in self.secrets:
            self.assertNotIn(secret, text, where)

    def test_evaluation_methods_refused_by_id(self):
        before = self.evaluation.sudo().read(["conformity", "nv_case"])
        cells = 0
        for user in (self.other_student, self.other_jury, self.other_teacher):
            for ids in ([self.evaluation.id], [99999]):
                for method, args in EVALUATION_CALLS:
                    where = f"{user.login} {method}{args} {ids}"
                    with self.assertRaises(Fault, msg=where) as caught:
                        self.rpc(user, "gpme.evaluation", method, ids, *args)
                    fault = caught.exception.faultString
                    self.assertEqual(caught.exception.faultCode, 4, where)
                    self.assert_discreet(fault, where)
                    cells += 1
        self.assertEqual(cells, 3 * 2 * len(EVALUATION_CALLS))
        self.evaluation.invalidate_recordset()
        self.assertEqual(self.evaluation.sudo().read(["conformity", "nv_case"]), before)

    def test_conformity_wizard_refused_by_id(self):
        for user in (self.other_jury, self.other_teacher, self.other_student):
            for evaluation_id in (self.evaluation.id, 99999, "x"):
                where = f"{user.login} {evaluation_id}"
                with self.assertRaises(Fault, msg=where) as caught:
                    self.rpc(
                        user,
                        "gpme.conformity.wizard",
                        "create",
                        {"evaluation_id": evaluation_id},
                    )
                self.assert_discreet(caught.exception.faultString, where)
        # The candidate's own commission still opens it and reads the facts.
        wizard_id = self.rpc(
            self.commission,
            "gpme.conformity.wizard",
            "create",
            {"evaluation_id": self.evaluation.id},
        )
        [row] = self.rpc(
            self.commission,
            "gpme.conformity.wizard",
            "read",
            [wizard_id],
            ["nv_detected"],
        )
        self.assertTrue(row["nv_detected"])
        # Nor can it be pointed at another candidate afterwards.
        with self.assertRaises(Fault):
            self.rpc(
                self.other_jury,
                "gpme.conformity.wizard",
                "write",
                [wizard_id],
                {"evaluation_id": self.evaluation.id},
            )

    def test_prefill_writes_only_for_evaluators(self):
        line = self.evaluation.sudo().line_ids.filtered(lambda x: x.grid == "A")[:1]
        line.write({"bilan_level_id": False})
        with self.assertRaises(Fault):
            self.rpc(
                self.other_teacher,
                "gpme.evaluation",
                "action_prefill_from_bilans",
                [self.evaluation.id],
            )
        line.invalidate_recordset()
        self.assertFalse(line.bilan_level_id)

    def test_commission_still_works(self):
        self.rpc(
            self.commission,
            "gpme.evaluation",
            "action_open_internships",
            [self.evaluation.id],
        )
        with self.assertRaises(Fault) as caught:
            # Its own candidate: the facts are its business.
            self.rpc(
                self.commission,
                "gpme.evaluation",
                "action_confirm_conformity",
                [self.evaluation.id],
            )
        self.assertIn(self.student.name, caught.exception.faultString)

    # --- debug mode --------------------------------------------------------------
    def jsonrpc(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        }
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_debug_mode_refusals_name_nothing(self):
        fiche = self.dossier.sudo().situation_ids[:1]
        self.secrets.append(fiche.name)
        targets = [
            ("gpme.evaluation", self.evaluation.id, ["mark"]),
            ("gpme.dossier", self.dossier.id, ["name"]),
            ("gpme.situation", fiche.id, ["name"]),
            ("gpme.evaluation.line", self.evaluation.sudo().line_ids[0].id, ["points"]),
        ]
        for user in (self.other_student, self.other_teacher, self.other_jury):
            self.authenticate(user.login, user.login)
            self.session.debug = "1"
            odoo.http.root.session_store.save(self.session)
            for model, record_id, fields_ in targets:
                where = f"{user.login} {model}"
                answer = self.jsonrpc(model, "read", [[record_id], fields_])
                self.assertIn("error", answer, where)
                error = answer["error"]["data"]
                self.assertEqual(error["name"], "odoo.exceptions.AccessError", where)
                self.assert_discreet(error["message"], where)
                self.assertNotIn(user.name, error["message"], where)
                self.assertNotIn("id=", error["message"], where)
