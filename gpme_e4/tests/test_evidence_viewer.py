"""The commission's and the teachers' evidence viewer: frozen beside live
and the sealed PDF, read over RPC as the web client reads the form, without
any right on the PGI models (and across a company per student)."""

import base64

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests.common import HttpCase, get_db_name, new_test_user, tagged

from .common import PGI_GROUPS, EvidenceFixture

FAKE_PDF = b"%PDF-1.4\n% sealed by the test\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestEvidenceViewer(EvidenceFixture, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        # Commission member without any sales or accounting right.
        cls.jury = new_test_user(
            cls.env,
            "ev_viewer_jury",
            groups="gpme_e4.group_commission",
            name="Jury",
            lang="fr_FR",
        )
        cls.teacher.lang = "fr_FR"
        cls.dossier1.sudo().commission_user_ids = [Command.set(cls.jury.ids)]

    # --- helpers --------------------------------------------------------------
    def _rpc(self, login, model, method, *args, **kwargs):
        """A call as the web client makes it: the user's language and
        current company in the context."""
        user = self.env["res.users"].search([("login", "=", login)])
        kwargs["context"] = {
            "lang": user.lang,
            "tz": "Europe/Paris",
            "uid": user.id,
            "allowed_company_ids": user.company_id.ids,
            **kwargs.get("context", {}),
        }
        return self.xmlrpc_object.execute_kw(
            get_db_name(), user.id, login, model, method, list(args), kwargs
        )

    def _open_form(self, login, model, res_id):
        """What the web client does to show a record's form: the form view,
        a read of its fields, the x2many rows with their sub-views, and a
        name_get of each Reference value. Returns the values read."""
        views = self._rpc(login, model, "get_views", [[False, "form"]])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        fields = views["models"][model]
        top = [
            node.get("name")
            for node in arch.iter("field")
            if not any(a.tag == "field" for a in node.iterancestors())
        ]
        values = self._rpc(
            login,
            model,
            "read",
            [res_id],
            list(dict.fromkeys(top)),
            context={"bin_size": True},
        )[0]
        for node in arch.iter("field"):
            name = node.get("name")
            if name not in top or fields[name]["type"] not in ("one2many", "many2many"):
                continue
            sub = [f.get("name") for f in node.iter("field") if f is not node]
            if sub and values[name]:
                self._rpc(
                    login,
                    fields[name]["relation"],
                    "read",
                    values[name],
                    sub,
                    context={"bin_size": True},
                )
        for name in top:
            if fields[name]["type"] == "reference" and values[name]:
                ref_model, ref_id = values[name].split(",")
                self._rpc(login, ref_model, "name_get", [int(ref_id)])
        return values, etree.tostring(arch, encoding="unicode")

    def _seal_fake_pdf(self, evidence):
        """Stand in for the PDF job (rendering is tested elsewhere): the
        version pending its PDF receives it, sealed."""
        snap = evidence.last_snapshot_id.sudo().with_context(gpme_snapshot_job=True)
        snap.write(
            {
                "pdf": base64.b64encode(FAKE_PDF),
                "pdf_name": "sealed.pdf",
                "pdf_state": "done",
            }
        )

    def _tag_with_pending_pdf(self, user, record, situation):
        self.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )
        try:
            evidence = self._tag(user, record, situation)
        finally:
            self.env["ir.config_parameter"].sudo().set_param(
                "gpme_e4.evidence_snapshot_pdf", "0"
            )
        self.assertEqual(evidence.last_snapshot_id.pdf_state, "pending")
        return evidence

    # --- tests ----------------------------------------------------------------
    def test_commission_and_teacher_read_frozen_live_and_pdf(self):
        evidence = self._tag_with_pending_pdf(
            self.student1, self.order, self.situation1
        )
        self._seal_fake_pdf(evidence)
        self.dossier1.sudo().state = "submitted"
        # The PGI moves on: a line's quantity changes after the snapshot.
        self.order.order_line[0].product_uom_qty = 3
        self.env.flush_all()
        # The jury cannot read the order itself.
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.order.with_user(self.jury).read(["name"])
        for login in ("ev_viewer_jury", "ev_teacher"):
            # The evidence form, as opened from the fiche's row, its pop-up or
            # the fiche de travail (all use this form), opens without error.
            values, arch = self._open_form(login, "gpme.evidence", evidence.id)
            self.assertIn('widget="pdf_viewer"', arch)
            html = values["compare_html"]
            self.assertIn("o_gpme_changed", html, login)
            # Frozen 2 × 120 beside live 3 × 120, in the reader's language.
            self.assertIn("240,00", html, login)
            self.assertIn("360,00", html, login)
            self.assertIn("Modifié depuis l&#39;instantané :", html, login)
            self.assertIn("ligne 1", html, login)
            self.assertIn("Quantité", html, login)
            # The sealed PDF, inline (the pdf_viewer widget's URL).
            self.authenticate(login, login)
            response = self.url_open(
                f"/web/content?model=gpme.evidence&field=snapshot_pdf&id={evidence.id}"
            )
            self.assertEqual(response.status_code, 200, login)
            self.assertEqual(response.content, FAKE_PDF, login)
            # The versions and their frozen values.
            versions = self._rpc(
                login,
                "gpme.evidence.snapshot",
                "search_read",
                [("evidence_id", "=", evidence.id)],
                ["version", "frozen_values", "pdf_state"],
            )
            self.assertEqual(len(versions), 1, login)
            self.assertIn(self.order.name, versions[0]["frozen_values"])
            # « Ouvrir le document »: the E4 viewer for the jury.
            action = self._rpc(
                login, "gpme.evidence", "action_open_source", [evidence.id]
            )
            # Read-only for both: the teacher, who may read the order in
            # her company, is not offered the student's order in edit mode.
            self.assertEqual(action["res_model"], "gpme.evidence", login)
            # The rows' « Figé et actuel » button (fiche, fiche de travail).
            action = self._rpc(
                login, "gpme.evidence", "action_open_viewer", [evidence.id]
            )
            self.assertEqual(
                action["views"][0][0],
                self.env.ref("gpme_e4.gpme_evidence_view_form_live").id,
            )
        # Another student reads none of it.
        with self.assertRaisesRegex(Exception, "AccessError|autorisé"):
            self._rpc(
                "ev_student2", "gpme.evidence", "read", [evidence.id], ["compare_html"]
            )

    def test_company_per_student_teacher_opens_the_viewer(self):
        """Training database with a company per student: the teacher, who
        has the PGI rights in the school's company only, and the commission
        open the student's order through the E4 viewer (frozen, live and the
        sealed PDF); the dossier presents the student's company; a student of
        another class is refused without a name."""
        company_b = self.env["res.company"].create({"name": "Élève C SARL"})
        student = new_test_user(
            self.env,
            "ev_viewer_student_b",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Chloé Élève",
            gpme_cohort_id=self.cohort.id,
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
            lang="fr_FR",
        )
        self.assertNotIn(company_b, self.teacher.company_ids)
        # Created for the class, without a company: the dossier presents the
        # student's own company, not the class's.
        dossier = self.env["gpme.dossier"]._get_or_create_current(student)
        self.assertEqual(dossier.company_id, company_b)
        self.assertNotEqual(self.cohort.company_id, company_b)
        dossier.commission_user_ids = [Command.set(self.jury.ids)]
        situation = self.env["gpme.situation"].create(
            {"dossier_id": dossier.id, "name": "Commande dans ma société"}
        )
        customer = self.env["res.partner"].create(
            {"name": "Client de Chloé", "is_company": True, "company_id": company_b.id}
        )
        order = (
            self.env["sale.order"]
            .with_user(student)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": 4}
                        )
                    ],
                }
            )
        )
        self.assertEqual(order.company_id, company_b)
        evidence = self._tag_with_pending_pdf(student, order, situation)
        self._seal_fake_pdf(evidence)
        # The student herself gets her order's own form.
        action = self._rpc(
            "ev_viewer_student_b",
            "gpme.evidence",
            "action_open_source",
            [evidence.id],
            context={"allowed_company_ids": company_b.ids},
        )
        self.assertEqual(action["res_model"], "sale.order")
        # The indicators come from the student's company.
        dossier.with_user(self.teacher).action_refresh_indicators()
        self.assertTrue(dossier.indicator_ids)
        self.assertEqual(dossier.indicator_ids.company_id, company_b)
        values, _arch = self._open_form("ev_teacher", "gpme.dossier", dossier.id)
        self.assertEqual(values["company_id"][1], "Élève C SARL")
        self.assertIn("Élève C SARL", values["indicator_html_turnover"])
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.env["sale.order"].browse(order.id).with_user(self.teacher).read(
                ["name"]
            )
        dossier.sudo().state = "submitted"
        for login in ("ev_teacher", "ev_viewer_jury"):
            action = self._rpc(
                login, "gpme.evidence", "action_open_source", [evidence.id]
            )
            self.assertEqual(action["res_model"], "gpme.evidence", login)
            self.assertEqual(action["res_id"], evidence.id, login)
            self.assertEqual(action["target"], "new", login)
            view_id = action["views"][0][0]
            self.assertEqual(
                view_id, self.env.ref("gpme_e4.gpme_evidence_view_form_live").id
            )
            values, _arch = self._open_form(login, "gpme.evidence", evidence.id)
            self.assertIn("480,00", values["compare_html"], login)
            self.assertNotIn("o_gpme_changed", values["compare_html"], login)
            live = self._rpc(
                login, "gpme.evidence", "read", [evidence.id], ["live_html"]
            )[0]["live_html"]
            self.assertIn("480,00", live, login)
            self.assertEqual(values["status"], "up_to_date", login)
            self.authenticate(login, login)
            response = self.url_open(
                f"/web/content?model=gpme.evidence&field=snapshot_pdf&id={evidence.id}"
            )
            self.assertEqual(response.status_code, 200, login)
            self.assertEqual(response.content, FAKE_PDF, login)
        # A student of another class: refused, nothing named.
        other_cohort = self.env["gpme.cohort"].create(
            {
                "name": "BTS GPME autre classe",
                "exam_session_id": self.cohort.exam_session_id.id,
            }
        )
        new_test_user(
            self.env,
            "ev_viewer_other_class",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Denis Autre",
            gpme_cohort_id=other_cohort.id,
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
            lang="fr_FR",
        )
        for method, args in (
            ("read", [[evidence.id], ["compare_html", "live_html"]]),
            ("action_open_source", [[evidence.id]]),
            ("action_open_viewer", [[evidence.id]]),
        ):
            with self.assertRaises(Exception) as refused:
                self._rpc("ev_viewer_other_class", "gpme.evidence", method, *args)
            message = str(refused.exception)
            self.assertRegex(message, "AccessError|autoris", method)
            for secret in ("Chloé", order.name, "Élève C", evidence.name):
                self.assertNotIn(secret, message, method)
        self.authenticate("ev_viewer_other_class", "ev_viewer_other_class")
        response = self.url_open(
            f"/web/content?model=gpme.evidence&field=snapshot_pdf&id={evidence.id}"
        )
        self.assertNotEqual(response.content, FAKE_PDF)
        self.assertNotIn(b"%PDF", response.content)

    def test_invoicing_is_normal_evolution_payment_terms_a_change(self):
        """The PGI's normal work (invoicing) leaves the evidence up to date,
        marked « évolution normale »; a printed change (payment terms) turns
        it « Source modifiée », the field named."""
        self.order.action_confirm()
        evidence = self._tag(self.student1, self.order, self.situation1)
        self.assertEqual(self.order.invoice_status, "to invoice")
        invoice = self.order._create_invoices()
        invoice.action_post()
        self.assertEqual(self.order.invoice_status, "invoiced")
        french = self.env(context={"lang": "fr_FR"})
        label = (
            french["sale.order"]._fields["invoice_status"]._description_string(french)
        )
        for user in (self.teacher, self.jury, self.student1):
            if user == self.jury:
                self.dossier1.sudo().state = "submitted"
            self.env.invalidate_all()
            ev = evidence.with_user(user).with_context(lang="fr_FR")
            self.assertEqual(ev.status, "up_to_date", user.login)
            self.assertIn("Évolution normale", ev.status_note)
            self.assertIn(label, ev.status_note)
            self.assertIn("évolution normale", ev.compare_html)
            self.assertNotIn("o_gpme_changed", ev.compare_html)
        self.dossier1.sudo().state = "draft"
        # A change of what the order prints: its payment terms.
        term = self.env.ref("account.account_payment_term_30days")
        self.assertNotEqual(self.order.payment_term_id, term)
        self.order.payment_term_id = term
        term_label = (
            french["sale.order"]._fields["payment_term_id"]._description_string(french)
        )
        self.env.invalidate_all()
        ev = evidence.with_user(self.teacher).with_context(lang="fr_FR")
        self.assertEqual(ev.status, "changed")
        self.assertIn(f"Modifié : {term_label}", ev.status_note)
        self.assertIn(f'title="{term_label} : modifié', ev.compare_html)
        # Only the changed evidence is refreshed by « Actualiser ».
        self.assertEqual(
            evidence.with_user(self.student1)._take_snapshot(only_changed=True),
            evidence.snapshot_ids[-1],
        )
        self.env.invalidate_all()
        self.assertEqual(evidence.status, "up_to_date")
