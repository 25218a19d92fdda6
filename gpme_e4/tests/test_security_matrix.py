"""Security matrix over RPC (issue 8): every E4 model and wizard × eight kinds
of caller × read/search/write/create/unlink and the action buttons, plus the
report and attachment URLs, with the users' own logins. A dossier is examined
as a draft, then handed in. The table below is the specification: any
difference is reported at once."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, get_db_name, new_test_user, tagged

from .common import DossierFixtures, exam_session

# S owner, M classmate, O student of another class, T teacher, U teacher of
# another class, J commission member assigned, K not assigned, A administrator.
CALLERS = "SMOTUJKA"
NONE = ""

# (model, operation): (allowed while draft, allowed once submitted)
MATRIX = {
    ("gpme.cohort", "read"): ("SMTA", "SMTJA"),
    ("gpme.cohort", "search"): ("SMTA", "SMTJA"),
    ("gpme.cohort", "write"): ("A", "A"),
    ("gpme.cohort", "create"): ("A", "A"),
    ("gpme.cohort", "unlink"): ("A", "A"),
    ("gpme.dossier", "read"): ("STA", "STJA"),
    ("gpme.dossier", "search"): ("STA", "STJA"),
    ("gpme.dossier", "write context"): ("SA", "A"),
    # The header is the school's, read-only for the student (issue 22).
    ("gpme.dossier", "write number"): ("TA", "TA"),
    ("gpme.dossier", "write commission"): ("A", "A"),
    ("gpme.dossier", "action_validate"): (NONE, "TA"),
    ("gpme.dossier", "action_reset_draft"): (NONE, "TA"),
    ("gpme.dossier", "action_start_evaluation"): (NONE, NONE),
    ("gpme.situation", "read"): ("STA", "STJA"),
    ("gpme.situation", "search"): ("STA", "STJA"),
    ("gpme.situation", "write"): ("SA", "A"),
    ("gpme.situation", "create"): ("SA", "A"),
    # Once handed in, nothing disappears without a logged reason, administrators
    # included (a plain unlink is refused: test_evidence_trust).
    ("gpme.situation", "unlink"): ("SA", NONE),
    ("gpme.situation", "action_submit"): ("S", NONE),
    ("gpme.situation", "action_reopen"): ("TA", "A"),
    ("gpme.evidence", "read"): ("STA", "STJA"),
    ("gpme.evidence", "search"): ("STA", "STJA"),
    ("gpme.evidence", "write"): ("SA", "A"),
    ("gpme.evidence", "create"): ("SA", "A"),
    ("gpme.evidence", "unlink"): ("SA", NONE),
    ("gpme.review", "read"): ("STA", "STJA"),
    ("gpme.review", "search"): ("STA", "STJA"),
    ("gpme.review", "write"): ("TA", "A"),
    ("gpme.review", "create"): ("TA", "A"),
    ("gpme.review", "unlink"): ("TA", "A"),
    ("gpme.situation.software", "read"): ("STA", "STJA"),
    ("gpme.situation.software", "write"): ("SA", "A"),
    ("gpme.situation.software", "create"): ("SA", "A"),
    ("gpme.situation.software", "unlink"): ("SA", "A"),
    ("gpme.situation.review.wizard", "create"): ("TA", "TA"),
    ("gpme.evidence.tag.wizard", "create"): ("S", "S"),
    ("ir.attachment", "read"): ("STA", "STJA"),
    ("ir.attachment", "write"): ("SA", "A"),
    ("ir.attachment", "unlink"): ("SA", "A"),
    ("url", "/web/content"): ("STA", "STJA"),
    ("url", "/report/html"): ("STA", "STJA"),
}


@tagged("post_install", "-at_install")
class TestSecurityMatrix(DossierFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        env = cls.env(su=True)
        cls.classmate = new_test_user(
            env, "t_matrix_classmate", groups="gpme_e4.group_student", name="Élève M"
        )
        cls.classmate.gpme_cohort_id = cls.cohort
        cls.jury2 = new_test_user(
            env, "t_matrix_jury2", groups="gpme_e4.group_commission", name="Jury 2"
        )
        cls.dossier = cls.make_full_dossier()
        cls.fiche = cls.make_situation(cls.dossier, "Brouillon", {"grcf"}, ["1.1.1"])
        cls.make_dossier(cls.classmate)
        cls.callers = {
            "S": cls.student,
            "M": cls.classmate,
            "O": cls.other_student,
            "T": cls.teacher,
            "U": cls.other_teacher,
            "J": cls.commission,
            "K": cls.jury2,
            "A": cls.admin,
        }
        cls.partner_pool = env["res.partner"].create(
            [{"name": f"Matrice {i}"} for i in range(40)]
        )

    def rpc(self, user, model, method, *args, **kwargs):
        db = get_db_name()
        uid = self._uids.get(user.id)
        if uid is None:
            uid = self._uids[user.id] = self.xmlrpc_common.authenticate(
                db, user.login, user.login, {}
            )
        # The server runs in another transaction on the same cursor: it sees
        # only what the test flushed, and the test must not trust its cache.
        self.env.flush_all()
        try:
            return self.xmlrpc_object.execute_kw(
                db, uid, user.login, model, method, list(args), kwargs
            )
        finally:
            self.env.invalidate_all()

    # --- fresh targets (created as superuser before each attempt) -------------
    def _fresh(self, model):
        env = self.env(su=True)
        if model == "gpme.cohort":
            return env[model].create(
                {
                    "name": f"Jetable {self._n()}",
                    "exam_session_id": exam_session(env, 2027).id,
                }
            )
        if model == "gpme.situation":
            return env[model].create({"dossier_id": self.dossier.id, "name": "Jetable"})
        if model == "gpme.evidence":
            return env[model].create(
                {
                    "situation_id": self.fiche.id,
                    "res_model": "res.partner",
                    "res_id": self._free_partner().id,
                }
            )
        if model == "gpme.review":
            return env[model].create(
                {"dossier_id": self.dossier.id, "teacher_id": self.teacher.id}
            )
        if model == "gpme.situation.software":
            return env[model].create(
                {
                    "situation_id": self.fiche.id,
                    "tool_id": env.ref("gpme_e4.tool_erp_sales").id,
                    "software_name": "Odoo",
                    "version": "16",
                }
            )
        if model == "ir.attachment":
            return env[model].create(
                {
                    "name": "piece.txt",
                    "raw": b"x",
                    "res_model": "gpme.situation",
                    "res_id": self.fiche.id,
                }
            )
        raise AssertionError(model)

    def _free_partner(self):
        """A pool partner not yet evidence of the fiche."""
        partner = self.partner_pool[self._n() % 40]
        # Housekeeping of the matrix, logged like any deletion in a dossier
        # handed in.
        self.env["gpme.evidence"].sudo().search(
            [("situation_id", "=", self.fiche.id), ("res_id", "=", partner.id)]
        ).with_context(gpme_deletion_reason="Matrice de sécurité").unlink()
        return partner

    def _n(self):
        self._counter += 1
        return self._counter

    def _attempt(self, phase, model, op, user):
        """True if the call went through (and returned what it should)."""
        env = self.env(su=True)
        if model == "url":
            self.authenticate(user.login, user.login)
            self.env.flush_all()
            if op == "/web/content":
                att = self._fresh("ir.attachment")
                res = self.url_open(f"/web/content/{att.id}?download=true")
            else:
                res = self.url_open(
                    f"/report/html/gpme_e4.report_gpme_review_recap/{self.dossier.id}"
                )
            return res.status_code == 200
        if op in ("read", "search"):
            target = (
                self.cohort
                if model == "gpme.cohort"
                else self.dossier
                if model == "gpme.dossier"
                else self._fresh(model)
            )
            if op == "read":
                self.rpc(user, model, "read", target.ids, ["id"])
                return True
            return bool(self.rpc(user, model, "search", [("id", "=", target.id)]))
        if op == "unlink":
            self.rpc(user, model, "unlink", self._fresh(model).ids)
            return True
        if model == "gpme.dossier":
            d = self.dossier
            if op.startswith("write"):
                vals = {
                    "write context": {"ctx_market": "<p>m</p>"},
                    "write number": {"candidate_number": str(self._n())},
                    "write commission": {"commission_user_ids": [(4, self.jury2.id)]},
                }[op]
                self.rpc(user, model, "write", d.ids, vals)
                d.sudo().commission_user_ids = [(6, 0, self.commission.ids)]
                return True
            d.sudo().state = phase
            if op == "action_validate":
                # Throwaway fiches of earlier cells would block the validation.
                (d.sudo().situation_ids - self.fiche).filtered(
                    lambda f: f.name in ("Jetable", "Nouvelle")
                ).with_context(gpme_deletion_reason="Matrice de sécurité").unlink()
            self.rpc(user, model, op, d.ids)
            moved = d.state != phase
            d.sudo().state = phase
            return moved
        if model == "gpme.situation" and op.startswith("action_"):
            fiche = self._fresh(model)
            if op == "action_reopen":
                fiche.state = "validated"
                self.rpc(user, model, op, fiche.ids, "raison")
            else:
                fiche.write({"is_grcf": True, "task_ids": self.fiche.task_ids.ids})
                self.rpc(user, model, op, fiche.ids)
            return fiche.state not in ("validated", "draft")
        if op == "write":
            vals = {
                "gpme.cohort": {"school": "Lycée"},
                "gpme.situation": {"objective": "o"},
                "gpme.evidence": {"note": "n"},
                "gpme.review": {"comment": "c"},
                "gpme.situation.software": {"functions": "f"},
                "ir.attachment": {"description": "d"},
            }[model]
            target = self.cohort if model == "gpme.cohort" else self._fresh(model)
            self.rpc(user, model, "write", target.ids, vals)
            return True
        # create
        vals = {
            "gpme.cohort": {
                "name": f"Nouvelle {self._n()}",
                "exam_session_id": exam_session(env, 2027).id,
            },
            "gpme.situation": {"dossier_id": self.dossier.id, "name": "Nouvelle"},
            "gpme.evidence": {
                "situation_id": self.fiche.id,
                "res_model": "res.partner",
                "res_id": self._free_partner().id,
            },
            "gpme.review": {
                "dossier_id": self.dossier.id,
                "teacher_id": self.teacher.id,
            },
            "gpme.situation.software": {
                "situation_id": self.fiche.id,
                "tool_id": env.ref("gpme_e4.tool_erp_sales").id,
                "software_name": "Odoo",
                "version": "16",
            },
            "gpme.situation.review.wizard": {
                "situation_ids": [(6, 0, self.fiche.ids)],
                "mode": "return",
                "comment": "c",
            },
            "gpme.evidence.tag.wizard": {"situation_id": self.fiche.id},
        }[model]
        self.rpc(user, model, "create", vals)
        return True

    def test_matrix(self):
        self._uids = {}
        self._counter = 0
        unexpected = []
        cells = 0
        for phase in ("draft", "submitted"):
            if phase == "submitted":
                self.fiche.sudo().state = "validated"
            self.dossier.sudo().state = phase
            for (model, op), allowed in MATRIX.items():
                expected = allowed[0 if phase == "draft" else 1]
                for code in CALLERS:
                    user = self.callers[code]
                    try:
                        ok = self._attempt(phase, model, op, user)
                    except Fault:
                        ok = False
                    cells += 1
                    if ok != (code in expected):
                        unexpected.append(
                            f"{phase} {model} {op} {code}: "
                            f"{'allowed' if ok else 'refused'}"
                        )
        self.assertEqual(unexpected, [], f"{len(unexpected)} of {cells} cells")
        self.assertGreaterEqual(cells, 600)
