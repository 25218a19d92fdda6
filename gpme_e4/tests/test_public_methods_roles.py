"""Issue 20, role first: every public method of the E4 records (fiche,
dossier, evaluation, bilan, fiche de travail, evidence and its snapshots,
class prints, wizards), called over XML-RPC by a student of another class,
an unassigned commission member and a teacher of another class on a record
they cannot read, is refused as an access error (not any fault) before it
reads or says anything: the refusal names neither the candidate, nor the
dossier, nor a fiche, nor a document, and nothing changed."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged

from .common import EvaluationFixtures, RpcAsUser

# RPC_FAULT_CODE_ACCESS_ERROR of odoo/addons/base/controllers/rpc.py.
ACCESS_ERROR = 4


@tagged("post_install", "-at_install")
class TestPublicMethodsRoles(RpcAsUser, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        env = cls.env(su=True)
        dossier = cls.dossier.sudo()
        cls.fiche = dossier.situation_ids[0]
        cls.evidence = dossier.situation_ids.evidence_ids[0]
        cls.review = env["gpme.review"].create(
            {"dossier_id": dossier.id, "teacher_id": cls.teacher.id}
        )
        cls.sheet = env["gpme.work.sheet"].create(
            {"evaluation_id": cls.evaluation.id, "kind": "grcf"}
        )
        cls.secrets = sorted(
            {
                cls.student.name,
                dossier.name,
                *dossier.situation_ids.mapped("name"),
                *dossier.situation_ids.evidence_ids.mapped("name"),
                *dossier.internship_ids.mapped("employer"),
            }
        )
        # (model, record id, method, arguments after the ids): every public
        # method of the E4 records, each on a record of the dossier.
        fiche, ev = cls.fiche.id, cls.evaluation.id
        cls.calls = [
            ("gpme.situation", fiche, "action_refresh_evidence_snapshots", []),
            ("gpme.situation", fiche, "action_submit", []),
            ("gpme.situation", fiche, "action_validate", []),
            ("gpme.situation", fiche, "action_return", ["à reprendre"]),
            ("gpme.situation", fiche, "action_reopen", ["à reprendre"]),
            ("gpme.situation", fiche, "action_return_wizard", []),
            ("gpme.situation", fiche, "action_reopen_wizard", []),
            ("gpme.situation", fiche, "action_prefill_software", []),
            ("gpme.dossier", dossier.id, "action_submit", []),
            ("gpme.dossier", dossier.id, "action_reset_draft", ["motif"]),
            ("gpme.dossier", dossier.id, "action_validate", []),
            ("gpme.dossier", dossier.id, "action_start_evaluation", []),
            ("gpme.dossier", dossier.id, "action_mark_evaluated", []),
            ("gpme.dossier", dossier.id, "action_open_evaluation", []),
            ("gpme.dossier", dossier.id, "action_archive_dossier", []),
            ("gpme.dossier", dossier.id, "action_carry_over", []),
            ("gpme.dossier", dossier.id, "action_refresh_indicators", []),
            ("gpme.dossier", dossier.id, "action_verify_evidence_seals", []),
            ("gpme.dossier", dossier.id, "action_retry_dossier_pdf", []),
            ("gpme.evaluation", ev, "action_open", []),
            ("gpme.evaluation", ev, "action_allow_situation_b", ["motif"]),
            ("gpme.evaluation", ev, "action_unpublish", ["motif"]),
            ("gpme.evaluation", ev, "action_print_proposal", []),
            ("gpme.evaluation", ev, "action_print_grids", []),
            ("gpme.evaluation", ev, "action_open_internships", []),
            ("gpme.evaluation", ev, "action_conformity_wizard", []),
            ("gpme.review", cls.review.id, "action_print_recap", []),
            ("gpme.work.sheet", cls.sheet.id, "action_open_situation", []),
            ("gpme.evidence", cls.evidence.id, "action_retry_pdf", []),
            ("gpme.evidence", cls.evidence.id, "action_refresh_snapshot", []),
            ("gpme.evidence", cls.evidence.id, "action_open_source", []),
            ("gpme.evidence", cls.evidence.id, "action_open_viewer", []),
            (
                "gpme.evidence.snapshot",
                cls.evidence.snapshot_ids[:1].id,
                "action_retry_pdf",
                [],
            ),
            ("gpme.cohort", cls.cohort.id, "action_print_class_synoptics", []),
            ("gpme.cohort", cls.cohort.id, "action_print_class_dossiers", []),
        ]
        # Wizards: created on the record, then confirmed.
        cls.wizards = [
            (
                "gpme.situation.review.wizard",
                {"situation_ids": [(6, 0, [fiche])], "comment": "x"},
            ),
            ("gpme.conformity.wizard", {"evaluation_id": ev}),
            (
                "gpme.evaluation.unlock.wizard",
                {"evaluation_id": ev, "grid": "A", "reason": "x"},
            ),
            ("gpme.evaluation.unpublish.wizard", {"evaluation_id": ev, "reason": "x"}),
            (
                "gpme.evaluation.b.exception.wizard",
                {"evaluation_id": ev, "reason": "x"},
            ),
            ("gpme.evaluation.purge.wizard", {"exam_session_id": cls.e4_session.id}),
            ("gpme.evidence.tag.wizard", {"situation_id": fiche}),
        ]
        cls.outsiders = (cls.other_student, cls.other_jury, cls.other_teacher)

    maxDiff = None

    def refusal_problem(self, call):
        """None when the call is refused as an access error naming nothing of
        the candidate's, else what is wrong."""
        try:
            call()
        except Fault as fault:
            if fault.faultCode != ACCESS_ERROR:
                return f"not an access error: {fault.faultString[-300:]}"
            named = [s for s in self.secrets if s in fault.faultString]
            if named:
                return f"the refusal names {named}"
            return None
        except AssertionError as error:
            return str(error)
        return "not refused"

    def snapshot(self):
        """What the calls must leave as it was."""
        self.env.invalidate_all()
        dossier = self.dossier.sudo()
        return (
            dossier.read(["state", "indicators_frozen"]),
            dossier.situation_ids.read(["state", "review_comment"]),
            self.evaluation.sudo().read(
                ["conformity", "published", "b_exception", "signed_a"]
            ),
            len(dossier.situation_ids.evidence_ids.snapshot_ids),
            self.env["gpme.journal"].sudo().search_count([]),
        )

    def test_every_public_method_checks_the_role_first(self):
        before = self.snapshot()
        problems, cells = [], 0
        for user in self.outsiders:
            for model, res_id, method, args in self.calls:
                problem = self.refusal_problem(
                    lambda m=model, r=res_id, f=method, a=args, u=user: self.rpc(
                        u, m, f, [r], *a
                    )
                )
                if problem:
                    problems.append(f"{user.login} {model}.{method}: {problem}")
                cells += 1
        self.assertEqual(problems, [])
        self.assertEqual(cells, len(self.outsiders) * len(self.calls))
        self.assertEqual(self.snapshot(), before)

    def test_commission_reads_a_failed_pdf_without_relancer(self):
        """The assigned commission member reads the evidence whose PDF failed
        for good, and who can prepare it again; « Relancer » is the student's,
        the teachers' and the E4 admin's (as for the whole dossier): refused
        over RPC as an access error naming nothing, nothing queued."""
        snap = self.evidence.sudo().snapshot_ids[-1:]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gpme_evidence_snapshot SET pdf_state = 'failed',"
            " pdf_attempts = 3, pdf_error = 'Attempt 3/3: boom' WHERE id = %s",
            [snap.id],
        )
        (row,) = self.rpc(
            self.commission,
            "gpme.evidence",
            "read",
            [self.evidence.id],
            ["snapshot_pdf_status", "snapshot_note", "can_retry_pdf"],
            context={"lang": "fr_FR"},
        )
        self.assertEqual(
            (row["snapshot_pdf_status"], row["can_retry_pdf"]), ("failed", False)
        )
        self.assertIn(
            "enseignants de la classe peuvent le relancer", row["snapshot_note"]
        )
        problems = []
        for model, res_id in (
            ("gpme.evidence", self.evidence.id),
            ("gpme.evidence.snapshot", snap.id),
        ):
            problem = self.refusal_problem(
                lambda m=model, r=res_id: self.rpc(
                    self.commission, m, "action_retry_pdf", [r]
                )
            )
            if problem:
                problems.append(f"{model}: {problem}")
        self.assertEqual(problems, [])
        self.assertEqual(snap.pdf_state, "failed")
        self.assertFalse(
            self.env["queue.job"].search_count(
                [("identity_key", "=", snap._gpme_job_key())]
            )
        )
        # The student may: the rule is not the commission's only.
        self.rpc(self.student, "gpme.evidence", "action_retry_pdf", [self.evidence.id])
        self.assertEqual(snap.pdf_state, "pending")

    def wizard_round(self, user, model, vals, where):
        wizard_id = self.rpc(user, model, "create", vals)
        # Should the create pass, nothing of the candidate's reads back.
        rows = self.rpc(user, model, "read", [wizard_id])
        for secret in self.secrets:
            self.assertNotIn(secret, str(rows), where)
        method = "action_purge" if "purge" in model else "action_confirm"
        self.rpc(user, model, method, [wizard_id])

    def test_wizards_on_records_of_others_are_refused(self):
        before = self.snapshot()
        problems = []
        for user in self.outsiders:
            for model, vals in self.wizards:
                where = f"{user.login} {model}"
                problem = self.refusal_problem(
                    lambda u=user, m=model, v=vals, w=where: self.wizard_round(
                        u, m, v, w
                    )
                )
                if problem:
                    problems.append(f"{where}: {problem}")
        self.assertEqual(problems, [])
        self.assertEqual(self.snapshot(), before)
