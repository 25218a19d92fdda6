"""A training database with a company per student, clicked in headless
Chromium: the demo class gets a company per student (gpme_e4_demo's
builder, as the README says), Inès makes and tags an order in hers, and the
teacher then the commission open it from her fiche through the E4 viewer."""

import base64
import json
import logging
import os
import pathlib
import re

from markupsafe import escape

from odoo import Command
from odoo.tests import HttpCase, tagged

from .tour_common import AxeTourMixin

# What the tour reads in the viewer (static/src/js/tours/gpme_e4_company_tour.js).
ORDER = "INES-S001"
AMOUNT = "480,00"


class _Shoot(logging.Handler):
    """With GPME_SCREENSHOTS=<dir>: a 1440×900 screenshot of each screen as
    axe-core reports it (the screen is still the one checked)."""

    def __init__(self, case, folder):
        super().__init__(logging.INFO)
        self.case, self.folder, self.futures = case, folder, []

    def emit(self, record):
        message = record.getMessage()
        if message.startswith("gpme_axe "):
            screen = json.loads(message[len("gpme_axe ") :])["screen"]
            name = re.sub(r"\W+", "_", screen).strip("_")
            future = self.case.browser._websocket_send(
                "Page.captureScreenshot", with_future=True
            )
            future.add_done_callback(
                lambda f: (self.folder / f"company_{name}.png").write_bytes(
                    base64.b64decode(f.result(timeout=0)["data"])
                )
            )
            self.futures.append(future)


@tagged("post_install", "-at_install")
class TestCompanyPerStudentTour(AxeTourMixin, HttpCase):
    browser_size = "1440x900"

    def run_axe_tour(self, url, tour, login, screens):
        folder = os.environ.get("GPME_SCREENSHOTS")
        if not folder:
            return super().run_axe_tour(url, tour, login, screens)
        shoot = _Shoot(self, pathlib.Path(folder))
        browser_logger = self._logger.getChild("browser")
        browser_logger.addHandler(shoot)
        try:
            return super().run_axe_tour(url, tour, login, screens)
        finally:
            browser_logger.removeHandler(shoot)
            for future in shoot.futures:
                future.result(timeout=30)

    def setUp(self):
        super().setUp()
        self.warm_assets("prof")
        cohort = self.env.ref("gpme_e4_demo.demo_cohort")
        users = self.env["res.users"]
        self.prof = users.search([("login", "=", "prof")])
        self.jury = users.search([("login", "=", "jury")])
        self.student = users.search([("login", "=", "eleve3")])
        self.assertIn(self.prof, cohort.teacher_ids)
        self.assertIn(self.student, cohort.student_ids)
        # Bare companies (no chart): a quotation needs none, and the builder
        # stays fast; the README's way adds the chart.
        companies = self.env["gpme.demo.class.builder"]._build_demo_student_companies(
            cohort, group_size=1, with_chart=False
        )
        self.company = self.student.company_id
        self.assertIn(self.company, companies)
        self.assertFalse(companies & (self.prof.company_ids | self.jury.company_ids))
        self.dossier = self.env["gpme.dossier"].search(
            [("student_id", "=", self.student.id), ("cohort_id", "=", cohort.id)]
        )
        self.assertEqual(self.dossier.state, "draft")
        self.assertEqual(self.dossier.company_id, self.company)
        # Inès's own business, in her company, made by herself.
        as_student = self.env(user=self.student, context={"lang": "fr_FR"})
        as_student = as_student(
            context=dict(as_student.context, allowed_company_ids=self.company.ids)
        )
        self.product = product = (
            self.env["product.product"]
            .with_company(self.company)
            .create(
                {
                    "name": "Ramette papier recyclé A4 (carton de 5)",
                    "list_price": 120,
                    "company_id": self.company.id,
                }
            )
        )
        self.customer = customer = as_student["res.partner"].create(
            {
                "name": "Librairie des Pentes",
                "is_company": True,
                "company_id": self.company.id,
            }
        )
        order = as_student["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 4})
                ],
            }
        )
        order.name = ORDER
        self.assertEqual(order.company_id, self.company)
        self.order = self.env["sale.order"].browse(order.id)
        self.fiche = as_student["gpme.situation"].create(
            {"dossier_id": self.dossier.id, "name": "Devis dans mon entreprise"}
        )
        # Tagged with its PDF to prepare (no job runner here: it stays
        # « PDF en préparation », which the tour reads in French).
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("gpme_e4.evidence_snapshot_pdf", "1")
        wizard = (
            as_student["gpme.evidence.tag.wizard"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"situation_id": self.fiche.id})
        )
        wizard.action_confirm()
        self.as_student = as_student
        params.set_param("gpme_e4.evidence_snapshot_pdf", "0")
        self.evidence = self.env["gpme.evidence"].browse(self.fiche.evidence_ids.ids)
        self.assertEqual(len(self.evidence), 1)
        self.assertEqual(self.evidence.last_snapshot_id.pdf_state, "pending")

    def test_teacher_opens_the_student_order_through_the_viewer(self):
        self.env.invalidate_all()
        as_prof = self.evidence.with_user(self.prof).with_context(lang="fr_FR")
        # The order is out of the teacher's reach in the PGI itself.
        self.assertFalse(
            self.order.with_user(self.prof)._filter_access_rules("read"),
            "the order's company is not one of the teacher's",
        )
        # The evidence and the dossier present the student's company.
        self.assertEqual(as_prof.company_id, self.company)
        self.assertEqual(as_prof.snapshot_note, "PDF en préparation")
        self.dossier.with_user(self.prof).action_refresh_indicators()
        self.assertTrue(self.dossier.indicator_ids)
        self.assertEqual(self.dossier.indicator_ids.company_id, self.company)
        self.assertIn(
            escape(self.company.name),
            self.dossier.with_user(self.prof).indicator_html_turnover,
        )
        url = f"/web#model=gpme.situation&id={self.fiche.id}&view_type=form"
        self.run_axe_tour(
            url,
            "gpme_e4_company_per_student_teacher",
            "prof",
            ["teacher: evidence pop-up", "teacher: live view"],
        )

    def test_commission_opens_the_student_order_through_the_viewer(self):
        self.dossier.sudo().write(
            {
                "state": "submitted",
                "commission_user_ids": [Command.link(self.jury.id)],
            }
        )
        url = f"/web#model=gpme.situation&id={self.fiche.id}&view_type=form"
        self.run_axe_tour(
            url,
            "gpme_e4_company_per_student_jury",
            "jury",
            ["commission: evidence pop-up", "commission: live view"],
        )

    def test_invoicing_in_her_company_is_normal_evolution(self):
        """The student invoices a tagged order in her company (with its
        chart, as the README's builder sets it up): the teacher reads the
        evidence up to date, « évolution normale », not « Source modifiée »."""
        builder = self.env["gpme.demo.company.builder"].with_company(self.company)
        builder._setup_company(self.company)
        order = self.as_student["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        order.name = "INES-S002"
        wizard = (
            self.as_student["gpme.evidence.tag.wizard"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"situation_id": self.fiche.id})
        )
        wizard.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(order.invoice_status, "invoiced")
        self.assertEqual(invoice.company_id, self.company)
        url = f"/web#model=gpme.situation&id={self.fiche.id}&view_type=form"
        self.run_axe_tour(
            url,
            "gpme_e4_company_per_student_drift",
            "prof",
            ["teacher: normal evolution"],
        )
