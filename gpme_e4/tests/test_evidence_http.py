import base64

from odoo.tests.common import HttpCase, get_db_name, tagged
from odoo.tools import config

from .common import EvidenceFixture, assert_styled_pdf


@tagged("post_install", "-at_install")
class TestEvidenceHttp(EvidenceFixture, HttpCase):
    """A student never reaches another student's snapshot PDF, by URL or RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        cls.env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "1"
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        # The PDF job runs at once here (queue_job's test switch).
        cls.env = cls.env(context=dict(cls.env.context, queue_job__no_delay=True))

    def setUp(self):
        super().setUp()
        self.evidence = self._tag(self.student1, self.order, self.situation1)
        self.assertTrue(self.evidence.snapshot_pdf)
        assert_styled_pdf(base64.b64decode(self.evidence.snapshot_pdf))
        self.attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "gpme.evidence.snapshot"),
                    ("res_id", "=", self.evidence.last_snapshot_id.id),
                    ("res_field", "=", "pdf"),
                ]
            )
        )
        self.assertTrue(self.attachment)

    def _urls(self):
        return [
            f"/web/content/gpme.evidence/{self.evidence.id}/snapshot_pdf",
            f"/web/content/{self.attachment.id}",
            f"/web/content/{self.attachment.id}?download=true",
        ]

    def test_owner_downloads_the_pdf(self):
        self.authenticate("ev_student1", "ev_student1")
        # (The field's attachment itself is hidden behind the record, so the
        # owner uses the record URL, as the form's download link does.)
        for url in self._urls()[:1]:
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertTrue(response.content.startswith(b"%PDF"), url)

    def test_other_student_gets_nothing_by_url(self):
        self.authenticate("ev_student2", "ev_student2")
        for url in self._urls():
            response = self.url_open(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn(b"%PDF", response.content, url)

    def test_other_student_gets_nothing_by_rpc(self):
        db = get_db_name()
        models = self.xmlrpc_object
        uid2 = self.student2.id
        with self.assertRaisesRegex(Exception, "AccessError|autorisé"):
            models.execute_kw(
                db,
                uid2,
                "ev_student2",
                "gpme.evidence",
                "read",
                [[self.evidence.id], ["snapshot_pdf", "snapshot_values"]],
            )
        with self.assertRaisesRegex(Exception, "AccessError|autorisé"):
            models.execute_kw(
                db,
                uid2,
                "ev_student2",
                "ir.attachment",
                "read",
                [[self.attachment.id], ["datas"]],
            )
        found = models.execute_kw(
            db,
            uid2,
            "ev_student2",
            "gpme.evidence",
            "search_read",
            [[]],
            {"fields": ["name"]},
        )
        self.assertEqual(found, [])
        # The owner reads it over RPC.
        data = models.execute_kw(
            db,
            self.student1.id,
            "ev_student1",
            "gpme.evidence",
            "read",
            [[self.evidence.id], ["snapshot_pdf"]],
        )
        self.assertTrue(base64.b64decode(data[0]["snapshot_pdf"]).startswith(b"%PDF"))
