"""Snapshot PDFs rendered by queue_job jobs, checked then sealed; versions."""

import base64
import hashlib
import json
import shutil
from unittest.mock import patch

from odoo import fields
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, TransactionCase, tagged
from odoo.tools import config
from odoo.tools.misc import format_datetime

from ..services.evidence_display import EvidenceDisplay
from .common import EvidenceFixture, assert_styled_pdf, pdf_text
from .jobs_common import jobs_of, run_job


def kind_fr(evidence):
    """The document kind as a French user reads it."""
    env = evidence.env(context=dict(evidence.env.context, lang="fr_FR"))
    labels = dict(evidence._fields["kind"]._description_selection(env))
    return labels[evidence.kind]


@tagged("post_install", "-at_install")
class TestEvidenceSnapshotPdf(EvidenceFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("gpme_e4.evidence_snapshot_pdf", "1")
        # wkhtmltopdf fetches the assets from this test server.
        params.set_param("report.url", f"http://127.0.0.1:{config['http_port']}")

    def _french(self):
        return self.env(context=dict(self.env.context, lang="fr_FR"))

    def test_assets_regenerated_then_tagged_pdf_by_job(self):
        # The first print after the assets are regenerated (issue 14: blank
        # or unstyled pages were sealed).
        self.env["ir.attachment"].sudo().search(
            [("url", "=like", "/web/assets/%")]
        ).unlink()
        with trap_jobs() as trap:
            evidence = self._tag(self.student1, self.order, self.situation1)
            # The request returns with the values sealed, the PDF queued.
            self.assertEqual(evidence.snapshot_pdf_state, "pending")
            self.assertFalse(evidence.snapshot_pdf)
            self.assertEqual(
                evidence.with_env(self._french()).snapshot_note, "PDF en préparation"
            )
            self.assertEqual(len(evidence.snapshot_hash), 64)
            self.assertTrue(evidence._verify_snapshot())
            trap.assert_jobs_count(1)
            self.assertEqual(trap.enqueued_jobs[0].channel, "root.gpme_evidence_pdf")
            trap.perform_enqueued_jobs()
        self.env.invalidate_all()
        snap = evidence.last_snapshot_id
        self.assertEqual(snap.pdf_state, "done", snap.pdf_error)
        pdf = base64.b64decode(evidence.snapshot_pdf)
        self.assertTrue(pdf.startswith(b"%PDF"))
        assert_styled_pdf(pdf)
        if shutil.which("pdftotext"):
            text = pdf_text(pdf)
            self.assertIn(self.order.name, text)
            self.assertIn(self.env.company.name, text, "company header printed")
            self.assertIn("Client Dupont SARL", text)
        # sha256sum of the downloaded PDF gives the shown value, and the seal
        # is the SHA-256 of the downloaded seal document that names it.
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), snap.pdf_sha256)
        self.assertEqual(json.loads(snap.seal_json)["pdf_sha256"], snap.pdf_sha256)
        self.assertEqual(hashlib.sha256(snap.seal_json.encode()).hexdigest(), snap.seal)
        self.assertTrue(evidence._verify_snapshot())
        # Sealed means sealed: nobody rewrites it, not even the superuser.
        with self.assertRaises(UserError):
            snap.sudo().write({"pdf_error": "x"})
        with self.assertRaises(UserError):
            snap.sudo().unlink()

    def test_failed_render_is_said_retried_never_sealed(self):
        # Alone in its job (the demo's pending versions would join a batch).
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_pdf_batch", "1"
        )
        # queue_job's own retries, as services/job_channels.py declares them.
        config = self.env["queue.job.function"].job_config(
            "<gpme.evidence.snapshot>._job_render_pdf"
        )
        self.assertEqual(config.channel, "root.gpme_evidence_pdf")
        self.assertEqual(config.retry_pattern, {1: 120, 2: 240})
        self.assertFalse(config.allow_commit)
        self.student1.tz = "Europe/Paris"
        Report = type(self.env["ir.actions.report"])
        with patch.object(Report, "get_wkhtmltopdf_state", return_value="install"):
            evidence = self._tag(self.student1, self.order, self.situation1)
            snap = evidence.last_snapshot_id
            job = jobs_of(self.env, f"gpme_evidence_pdf_{snap.id}")
            self.assertEqual((job.state, job.max_retries), ("pending", 3))
            for attempt, wait in ((1, 120), (2, 240)):
                before = fields.Datetime.now()
                run_job(self.env, job)
                # Postponed by queue_job as its retry pattern says.
                self.assertEqual((job.state, job.retry), ("pending", attempt))
                self.assertAlmostEqual(
                    (job.eta - before).total_seconds(), wait, delta=30
                )
                # The try's transaction is rolled back, its job row says why.
                self.assertEqual((snap.pdf_state, snap.pdf_error), ("pending", False))
                self.assertIn("wkhtmltopdf", job.result)
                # While an attempt is left the student reads « being
                # prepared » at the time of the job's next try, in her zone.
                ev_fr = evidence.with_user(self.student1).with_context(lang="fr_FR")
                self.assertEqual(ev_fr.snapshot_pdf_status, "pending")
                at = format_datetime(
                    ev_fr.env, job.eta, tz="Europe/Paris", dt_format="HH:mm"
                )
                self.assertEqual(
                    ev_fr.snapshot_note, f"PDF en préparation, nouvel essai à {at}"
                )
                self.assertEqual(self.dossier1.evidence_pdf_pending, 1)
            run_job(self.env, job)
            # The last try: the version says what failed, in a sentence,
            # and « Relancer »; its job is over.
            self.assertEqual((job.state, job.retry), ("done", 3))
            self.assertIn("wkhtmltopdf", job.result)
            self.assertEqual(snap.pdf_state, "failed")
            self.assertIn("3/3", snap.pdf_error)
            ev_fr = evidence.with_user(self.student1).with_context(lang="fr_FR")
            self.assertEqual(ev_fr.snapshot_pdf_status, "failed")
            self.assertIn("après 3 essais", ev_fr.snapshot_note)
            self.assertIn("wkhtmltopdf", ev_fr.snapshot_note)
            self.assertNotIn("3/3", ev_fr.snapshot_note)
            self.assertIn("« Relancer »", ev_fr.snapshot_note)
            self.assertEqual(self.dossier1.evidence_pdf_pending, 0)
        self.assertFalse(snap.pdf)
        self.assertFalse(snap.pdf_sha256)
        self.assertIsNone(json.loads(snap.seal_json)["pdf_sha256"])
        self.assertTrue(evidence._verify_snapshot(), "the values stay sealed")
        # The student asks again once the server is repaired (« Relancer »
        # on the evidence row): a new job, sealed at its first try.
        evidence.with_user(self.student1).action_retry_pdf()
        self.assertEqual(snap.pdf_state, "pending")
        again = jobs_of(self.env, f"gpme_evidence_pdf_{snap.id}")[0]
        self.assertNotEqual(again, job)
        run_job(self.env, again)
        self.assertEqual(again.state, "done", again.exc_info)
        self.assertEqual((snap.pdf_state, snap.pdf_attempts), ("done", 1))

    def test_pdf_without_the_record_is_refused(self):
        # A blank page (assets fetched from another server) is never sealed.
        # One by one: other versions pending in the database (the demo's)
        # would make a batch, rendered for real (test_evidence_batch checks
        # the batch's own parts).
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_pdf_batch", "1"
        )
        Snapshot = type(self.env["gpme.evidence.snapshot"])
        blank = self.env["ir.actions.report"]._run_wkhtmltopdf(["<html></html>"])
        with patch.object(Snapshot, "_gpme_render_pdf", return_value=blank):
            evidence = self._tag(self.student1, self.order, self.situation1)
            snap = evidence.last_snapshot_id
            job = jobs_of(self.env, f"gpme_evidence_pdf_{snap.id}")
            for _try in range(3):
                run_job(self.env, job)
        self.assertEqual(snap.pdf_state, "failed")
        self.assertIn(self.order.name, snap.pdf_error)
        self.assertFalse(snap.pdf)

    def test_vendor_bill_payment_partner(self):
        bill = self._make_move("in_invoice", self.vendor, 300.0)
        payment = self.env["account.payment"].create(
            {
                "payment_type": "outbound",
                "partner_type": "supplier",
                "partner_id": self.vendor.id,
                "amount": 300.0,
            }
        )
        payment.action_post()
        with trap_jobs() as trap:
            ev_bill = self._tag(self.student1, bill, self.situation1b)
            ev_pay = self._tag(self.student1, payment, self.situation1b)
            ev_partner = self._tag(self.student1, self.vendor, self.situation1b)
            trap.assert_jobs_count(2)
            trap.perform_enqueued_jobs()
        for evidence in ev_bill | ev_pay:
            self.assertEqual(
                evidence.snapshot_pdf_state, "done", evidence.snapshot_note
            )
            self.assertTrue(evidence._verify_snapshot())
        self.assertEqual(json.loads(ev_pay.snapshot_values)["amount"], 300.0)
        # A contact has no standard report: values only, no note.
        self.assertEqual(ev_partner.snapshot_pdf_state, "none")
        self.assertFalse(ev_partner.snapshot_note)
        self.assertTrue(ev_partner._verify_snapshot())
        self.assertEqual(kind_fr(ev_bill), "Facture fournisseur")
        self.assertEqual(kind_fr(ev_pay), "Paiement fournisseur")
        self.assertEqual(kind_fr(ev_partner), "Fournisseur")


@tagged("post_install", "-at_install")
class TestEvidenceVersions(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()

    def _french(self):
        return self.env(context=dict(self.env.context, lang="fr_FR"))

    def test_tagging_version_kept_through_edit_refresh_submission(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        first = evidence.last_snapshot_id
        seal, values = first.seal, first.frozen_values
        self.assertEqual(
            (first.version, first.reason, first.source_create_uid),
            (1, "tagging", self.student1),
        )
        context = json.loads(first.seal_json)["context"]
        self.assertEqual(context["tagged_by_login"], "ev_student1")
        self.assertEqual(context["fiche_id"], self.situation1.id)
        self.assertEqual(context["source_created_by"], self.student1.name)
        # Source edited: the status says it, the diff says what.
        self.order.order_line.product_uom_qty = 5
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "changed")
        diff = evidence.with_env(self._french()).diff_html
        self.assertIn("Quantité", diff)
        self.assertIn("600,00", diff)
        # Refresh adds version 2.
        evidence.with_user(self.student1).action_refresh_snapshot()
        self.env.invalidate_all()
        self.assertEqual(evidence.snapshot_count, 2)
        self.assertEqual(evidence.status, "up_to_date")
        self.assertEqual(
            json.loads(evidence.snapshot_values)["lines"][0]["price_subtotal"], 600.0
        )
        # Changed again, then the submission adds version 3 (and only for
        # the evidence that changed).
        self.order.client_order_ref = "Avant dépôt"
        other = self._tag(self.student1, self.vendor, self.situation1)
        self.dossier1.state = "submitted"
        self.env.invalidate_all()
        self.assertEqual(evidence.snapshot_count, 3)
        self.assertEqual(evidence.last_snapshot_id.reason, "submission")
        self.assertIn("Avant dépôt", evidence.snapshot_values)
        self.assertEqual(other.snapshot_count, 1)
        # The tagging version is untouched and all seals verify.
        self.assertEqual((first.seal, first.frozen_values), (seal, values))
        self.assertTrue(evidence._verify_snapshot())
        diff = evidence.with_env(self._french()).diff_html
        self.assertIn("Avant dépôt", diff)
        # Locked: no new version, ever.
        self.order.client_order_ref = "Après dépôt"
        evidence._take_snapshot()
        self.env.invalidate_all()
        self.assertEqual(evidence.snapshot_count, 3)
        self.assertEqual(evidence.status, "changed")
        with self.assertRaisesRegex(UserError, "figés"):
            evidence.with_env(self._french()).with_user(
                self.student1
            ).action_refresh_snapshot()

    def test_deleted_source_keeps_versions(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        seal = evidence.snapshot_hash
        name = self.order.name
        self.order.with_user(self.student1)._action_cancel()
        self.order.unlink()
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "deleted")
        evidence.with_user(self.student1).action_refresh_snapshot()
        self.env.invalidate_all()
        self.assertEqual(evidence.snapshot_count, 1)
        self.assertEqual(evidence.snapshot_hash, seal)
        with self.assertRaisesRegex(UserError, "a été supprimé"):
            evidence.with_env(self._french()).with_user(
                self.student1
            ).action_open_source()
        self.assertIn(name, evidence.snapshot_html)

    def test_display_rows_formatted_in_form_order(self):
        # A tax-free sale (the French chart gives the product 20 % VAT): its
        # zero tax must still be shown.
        self.order.order_line.tax_id = False
        self.assertEqual(self.order.amount_tax, 0.0)
        evidence = self._tag(self.student1, self.order, self.situation1)
        french = evidence.with_env(self._french())
        self.assertEqual(kind_fr(evidence), "Devis")
        rows = EvidenceDisplay(french).snapshot_rows(
            json.loads(evidence.snapshot_values)
        )
        order_fields = self.order.with_env(self._french())._fields

        def label(fname):
            return order_fields[fname]._description_string(french.env)

        labels = [r["label"] for r in rows]
        # The model's list order: reference, customer, date… then amounts.
        self.assertLess(
            labels.index(label("partner_id")), labels.index(label("amount_untaxed"))
        )
        by_label = {r["label"]: r["value"] for r in rows}
        untaxed = by_label[label("amount_untaxed")]
        self.assertIn("240,00", untaxed)
        self.assertIn(self.order.currency_id.symbol, untaxed)
        self.assertEqual(by_label[label("state")], "Devis")
        # Zero values are shown (a 0 € tax).
        self.assertIn("0,00", by_label[label("amount_tax")])
        self.order.action_confirm()
        self.env.invalidate_all()
        evidence.with_user(self.student1).action_refresh_snapshot()
        self.assertEqual(kind_fr(evidence), "Bon de commande")

    def test_fresh_versions_queued_without_a_lookup_each(self):
        """A hand-in takes a version of every evidence whose source changed
        (60 in a full dossier): each PDF job costs its row and queue_job's
        re-read of it, never a search for an earlier job (a new version has
        none); their identity keys, which the « new attempt at » note reads,
        come in one query for all."""
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )
        orders = self.env["sale.order"].concat(
            *(self._make_order(self.student1) for _i in range(7))
        )
        snaps = self._tag(self.student1, orders, self.situation1).last_snapshot_id
        self.assertEqual(len(snaps), 7)
        self.assertEqual(set(snaps.mapped("pdf_state")), {"pending"})

        def queries(versions):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            versions._gpme_queue_pdf(fresh=True)
            return self.env.cr.sql_log_count - before

        queries(snaps[:1])  # the caches warm, as on a running server
        two, four = queries(snaps[1:3]), queries(snaps[3:])
        self.assertEqual(four - two, 2 * 2)
        for snap in snaps:
            # The tagging's job and the one queued again here, both keyed.
            self.assertEqual(len(jobs_of(self.env, snap._gpme_job_key())), 2)
