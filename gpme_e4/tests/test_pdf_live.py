"""The PDF pipeline as a school meets it, over the live server (issue 19):
data committed, jobs run by queue_job's own HTTP route, wkhtmltopdf fetching
its styles from the server in other transactions. The test cleans up."""

import base64
import os
import shutil
import xmlrpc.client

import requests

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import config

from .common import assert_styled_pdf, exam_session, pdf_text

PGI_GROUPS = (
    "gpme_e4.group_student",
    "sales_team.group_sale_salesman_all_leads",
)


@tagged("post_install", "-at_install")
class TestPdfLive(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = odoo.registry(get_db_name())
        cls.base = f"http://127.0.0.1:{config['http_port']}"
        cls.ids = {}
        cls.params = {}
        cls.addClassCleanup(cls._cleanup)
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            params = env["ir.config_parameter"]
            for key, value in (
                ("gpme_e4.evidence_snapshot_pdf", "1"),
                ("report.url", cls.base),
            ):
                cls.params[key] = params.get_param(key)
                params.set_param(key, value)
            cohort = env["gpme.cohort"].create(
                {"name": "T-PDF live", "exam_session_id": exam_session(env, 2027).id}
            )
            student = env["res.users"].create(
                {
                    "name": "Élève PDF live",
                    "login": "t_pdf_live_student",
                    "password": "t_pdf_live_student",
                    "groups_id": [Command.set([env.ref(g).id for g in PGI_GROUPS])],
                    "gpme_cohort_id": cohort.id,
                }
            )
            dossier = env["gpme.dossier"].create(
                {"student_id": student.id, "cohort_id": cohort.id}
            )
            fiche = env["gpme.situation"].create(
                {"dossier_id": dossier.id, "name": "Devis client live"}
            )
            partner = env["res.partner"].create(
                {"name": "Client Live SARL", "is_company": True}
            )
            product = env["product.product"].create(
                {"name": "Bureau live", "list_price": 250.0}
            )
            order = (
                env["sale.order"]
                .with_user(student)
                .create(
                    {
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {"product_id": product.id, "product_uom_qty": 3}
                            )
                        ],
                    }
                )
            )
            cls.ids.update(
                cohort=cohort.id,
                student=student.id,
                dossier=dossier.id,
                fiche=fiche.id,
                partner=partner.id,
                product=product.id,
                order=order.id,
            )
            cls.order_name = order.name
            cls.company_name = order.company_id.name

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(
                cr, SUPERUSER_ID, {"gpme_deletion_reason": "Nettoyage du test"}
            )
            params = env["ir.config_parameter"]
            for key, value in cls.params.items():
                params.set_param(key, value or False)
            if not cls.ids:
                return
            Evidence = env["gpme.evidence"].with_context(gpme_evidence_unlink=True)
            evidences = Evidence.search([("dossier_id", "=", cls.ids["dossier"])])
            env["queue.job"].search(
                [("model_name", "=", "gpme.evidence.snapshot")]
            ).filtered(lambda j: j.records.evidence_id & evidences).unlink()
            evidences.unlink()
            dossier = env["gpme.dossier"].browse(cls.ids["dossier"])
            dossier.situation_ids.unlink()
            dossier.unlink()
            env["sale.order"].browse(cls.ids["order"]).unlink()
            env["res.users"].browse(cls.ids["student"]).unlink()
            env["gpme.cohort"].browse(cls.ids["cohort"]).unlink()
            env["product.product"].browse(cls.ids["product"]).unlink()
            env["res.partner"].browse(cls.ids["partner"]).unlink()

    # --- helpers ---------------------------------------------------------------
    def rpc(self, login, model, method, *args, **kwargs):
        db = get_db_name()
        common = xmlrpc.client.ServerProxy(f"{self.base}/xmlrpc/2/common")
        uid = common.authenticate(db, login, login, {})
        models = xmlrpc.client.ServerProxy(f"{self.base}/xmlrpc/2/object")
        return models.execute_kw(db, uid, login, model, method, list(args), kwargs)

    def run_jobs(self, method):
        """Run the pending jobs of `method` as queue_job's runner does: set
        them enqueued, then call the server's /queue_job/runjob route."""
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE queue_job SET state = 'enqueued', date_enqueued = now() "
                "WHERE method_name = %s AND state = 'pending' RETURNING uuid",
                [method],
            )
            uuids = [row[0] for row in cr.fetchall()]
        for uuid in uuids:
            response = requests.get(
                f"{self.base}/queue_job/runjob",
                params={"db": get_db_name(), "job_uuid": uuid},
                timeout=300,
            )
            self.assertEqual(response.status_code, 200, response.text[:500])
        return uuids

    def drop_report_assets(self):
        """What a module update does to the running server: the report
        bundles' attachments dropped while this process still has their
        nodes cached, and one bundle's file gone from the filestore (a
        database copied without its filestore)."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            IrQweb = env["ir.qweb"]
            for name in ("web.report_assets_common", "web.report_assets_pdf"):
                IrQweb._get_asset_nodes(name)  # generated and cached now
            Attachment = env["ir.attachment"]
            common = Attachment.search(
                [("url", "=like", "/web/assets/%/web.report_assets_common%")]
            )
            pdf = Attachment.search(
                [("url", "=like", "/web/assets/%/web.report_assets_pdf.min.css")]
            )
            self.assertTrue(common and pdf)
            common.unlink()
            for attachment in pdf.filtered("store_fname"):
                path = attachment._full_path(attachment.store_fname)
                if os.path.exists(path):
                    os.unlink(path)

    # --- the tests ---------------------------------------------------------------
    def test_evidence_pdf_seals_first_time_after_assets_dropped(self):
        self.assertTrue(shutil.which("pdftotext"), "poppler-utils is needed")
        self.drop_report_assets()
        context = {"active_model": "sale.order", "active_ids": [self.ids["order"]]}
        login = "t_pdf_live_student"
        wizard = self.rpc(
            login,
            "gpme.evidence.tag.wizard",
            "create",
            {"situation_id": self.ids["fiche"]},
            context=context,
        )
        self.rpc(
            login,
            "gpme.evidence.tag.wizard",
            "action_confirm",
            [wizard],
            context=context,
        )
        self.assertTrue(self.run_jobs("_job_render_pdf"))
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            snapshot = env["gpme.evidence.snapshot"].search(
                [("dossier_id", "=", self.ids["dossier"])]
            )
            self.assertEqual(len(snapshot), 1)
            self.assertEqual(
                (snapshot.pdf_state, snapshot.pdf_attempts, snapshot.pdf_error),
                ("done", 1, False),
            )
            pdf = base64.b64decode(snapshot.pdf)
        assert_styled_pdf(pdf)
        text = pdf_text(pdf)
        self.assertIn(self.company_name, text, "the company header is on the PDF")
        self.assertIn(self.order_name, text)

    def test_lost_asset_file_is_served_again(self):
        # A database copied without its filestore: the styles are generated
        # again when asked for, not a 500.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["ir.qweb"]._get_asset_nodes("web.report_assets_pdf", js=False)
            attachment = env["ir.attachment"].search(
                [("url", "=like", "/web/assets/%/web.report_assets_pdf.min.css")],
                limit=1,
            )
            path = attachment._full_path(attachment.store_fname)
            url = attachment.url
        os.unlink(path)
        response = requests.get(f"{self.base}{url}", timeout=120)
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/css", response.headers["Content-Type"])
        self.assertIn(b"{", response.content)
