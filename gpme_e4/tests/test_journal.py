"""The E4 journal: every decision of the exam leaves an entry, nobody
rewrites or deletes one (administrators and RPC included), and the
integrity check finds a row altered behind the application's back."""

from datetime import timedelta
from xmlrpc.client import Fault

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import new_test_user

from .common import EvaluationFixtures, RpcAsUser, exam_session
from .reference_dates import TEST_TODAY, at_test_now


@tagged("post_install", "-at_install")
class TestJournal(RpcAsUser, EvaluationFixtures, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        cls.Journal = cls.env["gpme.journal"].sudo()

    def entries(self, record, event=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        if event:
            domain.append(("event", "=", event))
        return self.Journal.search(domain, order="sequence")

    def new_student(self, login):
        student = new_test_user(
            self.env(su=True), login, groups="gpme_e4.group_student", name=login
        )
        student.gpme_cohort_id = self.cohort
        return student

    # ------------------------------------------------------------------
    # Each decision leaves its entry
    # ------------------------------------------------------------------
    def test_dossier_and_fiche_decisions(self):
        student = self.new_student("t_journal_student")
        dossier = self.make_full_dossier(student)
        dossier.with_user(student).action_submit()
        dossier.with_user(self.teacher).action_reset_draft("Annexe manquante")
        dossier.with_user(student).action_submit()
        dossier.with_user(self.teacher).action_validate()
        events = self.Journal.search(
            [("dossier_ref", "=", dossier.id)], order="sequence"
        )
        self.assertEqual(
            events.mapped("event"),
            ["dossier_submit", "dossier_reset_draft", "dossier_submit"]
            + ["dossier_validate"],
        )
        reopening = events[1]
        self.assertEqual(reopening.reason, "Annexe manquante")
        self.assertEqual(reopening.user_id, self.teacher)
        self.assertEqual(events[0].user_id, student)
        self.assertEqual(reopening.student_id, student)
        self.assertEqual(reopening.cohort_id, self.cohort)
        # Chained: each entry carries the hash of the one before.
        for before, after in zip(events, events[1:], strict=False):
            self.assertEqual(after.sequence, before.sequence + 1)
            self.assertEqual(after.previous_hash, before.entry_hash)

        # Fiches of a draft dossier of another class.
        fiche, other = (
            self.make_situation(
                self.other_dossier, name, {"oral"}, ["1.3.1"], state="submitted"
            )
            for name in ("Accueil", "Appel")
        )
        fiche.with_user(self.other_teacher).action_validate()
        fiche.with_user(self.other_teacher).action_reopen("Tâche mal codée")
        other.with_user(self.other_teacher).action_return("Ajoutez la preuve")
        self.assertEqual(
            self.entries(fiche).mapped("event"), ["fiche_validate", "fiche_reopen"]
        )
        self.assertEqual(self.entries(fiche)[1].reason, "Tâche mal codée")
        self.assertEqual(self.entries(other).reason, "Ajoutez la preuve")
        self.assertEqual(self.entries(other).dossier_id, self.other_dossier)

    def test_evaluation_decisions(self):
        evaluation = self.evaluation
        as_jury = evaluation.with_user(self.commission)
        as_jury.action_doubt("Attestation à vérifier")
        as_jury.action_confirm_conformity()
        self.fill_grid(evaluation, "A")
        self.fill_grid(evaluation, "B")
        as_jury.action_sign_a()
        as_jury.action_sign_b()
        evaluation.with_user(self.admin).action_unlock("B", "Erreur de saisie")
        as_jury.action_sign_b()
        # A teacher of the class signs grid B too (required to publish).
        evaluation.with_user(self.teacher).action_sign_b()
        evaluation.with_user(self.admin).action_publish()
        entries = self.entries(evaluation)
        self.assertEqual(
            entries.mapped("event"),
            [
                "conformity_doubt",
                "conformity_confirm",
                "grid_sign",
                "grid_sign",
                "grid_unlock",
                "grid_sign",
                "grid_sign",
                "publish",
            ],
        )
        unlock = entries.filtered(lambda e: e.event == "grid_unlock")
        self.assertEqual(unlock.reason, "Erreur de saisie")
        self.assertEqual(unlock.user_id, self.admin)
        self.assertIn('"grid": "B"', unlock.details)
        self.assertEqual(unlock.dossier_id, self.dossier)

    def test_internship_correction_and_nv(self):
        internship = self.dossier.internship_ids[0]
        internship.with_user(self.commission).write({"stamped": False})
        entry = self.entries(internship, "internship_change")
        self.assertEqual(entry.user_id, self.commission)
        self.assertIn('"stamped": false', entry.details)
        self.evaluation.with_user(self.commission).action_declare_nv(
            "unsigned", "Attestation sans cachet"
        )
        nv = self.entries(self.evaluation, "nv_declare")
        self.assertEqual(nv.reason, "Attestation sans cachet")
        self.assertIn('"nv_case": "unsigned"', nv.details)

    def test_deletion_entry_survives_the_record(self):
        fiche = self.dossier.situation_ids[0]
        fiche_id, name = fiche.id, fiche.display_name
        fiche.with_user(self.admin).with_context(
            gpme_deletion_reason="Fiche en double"
        ).unlink()
        self.assertFalse(fiche.exists())
        entry = self.Journal.search(
            [("res_model", "=", "gpme.situation"), ("res_id", "=", fiche_id)]
        )
        self.assertEqual(entry.event, "delete")
        self.assertEqual(entry.reason, "Fiche en double")
        self.assertEqual(entry.record_name, name)
        # The whole dossier goes: its entries stay, readable by the teacher
        # of the class and the student, the link to the dossier emptied.
        dossier_id = self.dossier.id
        self.evaluation.sudo().unlink()
        self.dossier.with_user(self.admin).with_context(
            gpme_deletion_reason="Inscription annulée"
        ).unlink()
        self.assertFalse(self.env["gpme.dossier"].browse(dossier_id).exists())
        gone = self.Journal.search([("dossier_ref", "=", dossier_id)], order="sequence")
        self.assertEqual(gone[-1].event, "delete")
        self.assertEqual(gone[-1].reason, "Inscription annulée")
        self.assertFalse(gone[-1].dossier_id)
        self.assertIn(entry, gone)
        self.env.invalidate_all()
        mine = self.env["gpme.journal"].with_user(self.student).search([])
        self.assertEqual(mine, gone)
        self.assertEqual(
            self.env["gpme.journal"].with_user(self.teacher).search([]) & gone, gone
        )
        self.assertFalse(
            self.env["gpme.journal"].with_user(self.other_teacher).search([]) & gone
        )
        self.assertIn(
            "Inscription annulée",
            self.env["gpme.journal"].with_user(self.student).browse(gone[-1].id).reason,
        )

    @at_test_now
    def test_purge_entries_kept(self):
        later_session = exam_session(self.env, 2028)
        self.env["gpme.cohort"].create(
            {"name": "T-BTS GPME 2028", "exam_session_id": later_session.id}
        )
        later_session.situation_b_end = TEST_TODAY - timedelta(days=2)
        dossier_id, evaluation_id = self.dossier.id, self.evaluation.id
        wizard = (
            self.env["gpme.evaluation.purge.wizard"]
            .with_user(self.admin)
            .with_context(tz="UTC")
            .create({"exam_session_id": self.e4_session.id})
        )
        wizard.action_purge()
        self.assertFalse(self.dossier.exists())
        purged = self.Journal.search(
            [("event", "=", "purge"), ("dossier_ref", "=", dossier_id)]
        )
        self.assertEqual(
            sorted(purged.mapped("res_model")), ["gpme.dossier", "gpme.evaluation"]
        )
        self.assertIn(evaluation_id, purged.mapped("res_id"))
        self.assertIn("2027", purged[0].reason)

    # ------------------------------------------------------------------
    # Nobody rewrites or deletes it
    # ------------------------------------------------------------------
    def test_append_only_for_everyone(self):
        self.evaluation.with_user(self.commission).action_confirm_conformity()
        entry = self.entries(self.evaluation)
        for env in (self.env(su=True), self.env(user=self.admin)):
            record = entry.with_env(env)
            with self.assertRaises(UserError):
                record.write({"reason": "Réécrit"})
            with self.assertRaises(UserError):
                record.unlink()
            with self.assertRaises(UserError):
                record.copy()
        with self.assertRaises(UserError):
            self.env["gpme.journal"].with_user(self.admin).create(
                {"event": "publish", "reason": "Fabriquée"}
            )
        with self.assertRaises(UserError):
            self.env["gpme.journal"].sudo().create({"event": "publish"})
        # Over RPC with their own logins: the administrator, the commission
        # member and the student whose record it is.
        self.student.sudo().lang = "fr_FR"
        for user in (self.admin, self.commission, self.student):
            with self.assertRaisesRegex(Fault, "journal|accès|autorisé"):
                self.rpc(user, "gpme.journal", "write", [entry.id], {"reason": "x"})
            with self.assertRaisesRegex(Fault, "journal|accès|autorisé"):
                self.rpc(user, "gpme.journal", "unlink", [entry.id])
            with self.assertRaisesRegex(Fault, "journal|accès|autorisé"):
                self.rpc(
                    user,
                    "gpme.journal",
                    "create",
                    {"event": "publish"},
                    context={"gpme_journal_log": True},
                )
        self.env.invalidate_all()
        self.assertFalse(entry.reason)
        self.assertTrue(entry.exists())
        # The commission member reads the entries of the candidate, another
        # class's teacher does not.
        self.assertEqual(
            self.rpc(self.commission, "gpme.journal", "read", [entry.id], ["event"])[0][
                "event"
            ],
            "conformity_confirm",
        )
        with self.assertRaises(Fault):
            self.rpc(self.other_teacher, "gpme.journal", "read", [entry.id], ["event"])

    # ------------------------------------------------------------------
    # Integrity
    # ------------------------------------------------------------------
    def integrity_html(self):
        report = self.env["ir.actions.report"].with_user(self.admin)
        html, __ = report._render_qweb_html(
            "gpme_e4.action_report_journal_integrity", []
        )
        return html.decode()

    def test_integrity_report_finds_the_altered_row(self):
        as_jury = self.evaluation.with_user(self.commission)
        as_jury.action_doubt("Premier doute")
        as_jury.action_doubt("Deuxième doute")
        as_jury.action_confirm_conformity()
        html = self.integrity_html()
        self.assertIn("o_gpme_journal_intact", html)
        self.assertNotIn("o_gpme_journal_broken", html)
        altered = self.entries(self.evaluation)[1]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE gpme_journal SET reason = %s WHERE id = %s",
            ["Doute effacé", altered.id],
        )
        self.env.invalidate_all()
        html = self.integrity_html()
        self.assertIn("o_gpme_journal_broken", html)
        self.assertIn(f'<span class="o_gpme_broken_at">{altered.sequence}</span>', html)
        self.assertEqual(
            self.Journal._gpme_verify_chain()["broken_at"], altered.sequence
        )
        # The dossier's integrity page flags the same entry.
        page = self.env["report.gpme_e4.report_dossier_integrity"]
        rows = page._gpme_journal_rows(self.dossier)[self.dossier.id]
        flagged = [r["sequence"] for r in rows if r["problem"]]
        self.assertEqual(flagged, [altered.sequence])
        # Put back, it verifies again; removed, the chain breaks there too.
        self.env.cr.execute(
            "UPDATE gpme_journal SET reason = %s WHERE id = %s",
            ["Deuxième doute", altered.id],
        )
        self.env.invalidate_all()
        self.assertTrue(self.Journal._gpme_verify_chain()["ok"])
        sequence = altered.sequence
        self.env.cr.execute("DELETE FROM gpme_journal WHERE id = %s", [altered.id])
        self.env.invalidate_all()
        self.assertEqual(self.Journal._gpme_verify_chain()["broken_at"], sequence)
        # Only the administrator runs the whole check.
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.teacher)._render_qweb_html(
                "gpme_e4.action_report_journal_integrity", []
            )

    def test_dossier_integrity_page_lists_its_entries(self):
        self.evaluation.with_user(self.commission).action_doubt("À vérifier")
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.commission)
            ._render_qweb_html(
                "gpme_e4.action_report_gpme_dossier_integrity", self.dossier.ids
            )
        )
        html = html.decode()
        self.assertIn("o_gpme_journal_rows", html)
        self.assertIn("À vérifier", html)
        self.assertIn("o_gpme_entry_ok", html)
        self.assertNotIn("o_gpme_entry_broken", html)
        # The seals verification (HTML) shows them too.
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.commission)
            ._render_qweb_html(
                "gpme_e4.action_report_evidence_integrity", self.dossier.ids
            )
        )
        self.assertIn("À vérifier", html.decode())
        self.assertIn("o_gpme_journal_rows", html.decode())
