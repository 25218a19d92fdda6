"""The demo class year: the students' own PGI work, fiches, evidence, bilans.

Every PGI document a student cites is created as that student (with_user),
in the training company, and tagged by her: the demo shows what the addon
checks. Léa's dossier is complete, conforming and handed in (the commission
has a candidate to open), Hugo is halfway, Inès is just starting, Yanis never
logged in (his dossier exists all the same).
"""

from datetime import date, datetime, time, timedelta

from odoo import Command, api, models
from odoo.addons.gpme_e4.services import reference_date

from ..services import demo_fiches, demo_plan, demo_records


class GpmeDemoClassBuilder(models.AbstractModel):
    _name = "gpme.demo.class.builder"
    _description = "Builder of the demo class year"

    @api.model
    def _build_demo_class(self):
        if demo_records.ref(self.env, "demo_dossier_student3", False):
            return False
        company = demo_records.ref(self.env, "demo_company", False)
        if not company or not company.chart_template_id:
            return False
        env = self.env(
            su=True,
            context=dict(
                self.env.context,
                lang="fr_FR",
                mail_create_nolog=True,
                mail_notrack=True,
                allowed_company_ids=[company.id],
            ),
        )
        builder = self.with_env(env).with_company(company)
        cohort = demo_records.ref(env, "demo_cohort")
        teachers = cohort.teacher_ids.sorted("id")
        today = demo_records.demo_date(env)
        builder._set_session_calendar(demo_records.ref(env, "demo_exam_session"), today)
        dossiers = env["gpme.dossier"]
        for student in cohort.student_ids.sorted("id"):
            dossiers |= env["gpme.dossier"]._get_or_create_current(student)
        for dossier, xmlid in zip(
            dossiers,
            (
                "demo_dossier_student1",
                "demo_dossier_student2",
                "demo_dossier_student3",
                "demo_dossier_student4",
            ),
            strict=False,
        ):
            demo_records.set_xmlid(dossier, xmlid)
            # The candidate number the exam office gives at registration.
            session = reference_date.school_year_end(today) % 100
            number = f"{session:02d}69{dossier.student_id.id:06d}"
            dossier.write({"company_id": company.id, "candidate_number": number})
        plans = demo_fiches.student_plans(today)
        for dossier, plan in zip(dossiers, plans, strict=False):
            builder._build_student(dossier, plan, teachers, today)
        dossiers.filtered(lambda d: d.situation_ids)._gpme_refresh_indicators()
        # Handed in by Léa herself, as on the deadline: the conformity check,
        # the frozen indicators and a submission version of her evidence.
        lea = dossiers[:1]
        builder._build_attestations(lea, today)
        lea.with_user(lea.student_id).action_submit()
        # On the demo's calendar (a pinned build date may lie before the real
        # today, and the session deadline with it).
        lea.write({"submitted_date": datetime.combine(today, time(17, 0))})
        return True

    @api.model
    def _build_demo_student_companies(self, cohort, group_size=1, with_chart=True):
        """A training database with a company per student (``group_size`` 1)
        or per group of students, as schools set them up so that nobody
        tramples on another's accounting: each group works in its own French
        company (with the French chart of accounts when ``with_chart``; the
        students create its business), its draft dossiers present it; the
        teachers stay in theirs and read the students' documents through the
        E4 viewer. Run from ``odoo shell`` (see the README). Returns the
        companies created."""
        env = self.env(
            su=True,
            context=dict(
                self.env.context,
                lang="fr_FR",
                mail_create_nolog=True,
                mail_notrack=True,
            ),
        )
        students = cohort.with_env(env).student_ids.sorted("id")
        companies = env["res.company"]
        for start in range(0, len(students), max(group_size, 1)):
            group = students[start : start + max(group_size, 1)]
            name = (
                f"{group.name} — entreprise d'entraînement"
                if len(group) == 1
                else f"{cohort.name} — groupe {start // group_size + 1}"
            )
            company = env["res.company"].create(
                {
                    "name": name,
                    "country_id": env.ref("base.fr").id,
                    "currency_id": env.ref("base.EUR").id,
                }
            )
            if with_chart:
                # Bureau Plus's business has xmlids: one per database; a
                # student's company starts with its chart and fiscal year.
                builder = env["gpme.demo.company.builder"].with_company(company)
                builder._setup_company(company)
                plan = demo_plan.build_plan(demo_records.demo_date(env))
                builder._set_fiscal_year(company, plan)
            group.write(
                {"company_ids": [Command.set(company.ids)], "company_id": company.id}
            )
            dossiers = env["gpme.dossier"].search(
                [("student_id", "in", group.ids), ("cohort_id", "=", cohort.id)]
            )
            dossiers.filtered(lambda d: d.state == "draft").company_id = company
            companies |= company
        return companies

    def _build_attestations(self, dossier, today):
        """The complete dossier's two attestations de stage, signed and
        stamped as the teacher records them from the paper: the two
        six-week internships of the demo's calendar, in which the fiches
        were lived (Monday to Friday spans: 6 + 6 = 12 weeks)."""
        company = dossier.company_id.name
        self.env["gpme.internship"].create(
            [
                {
                    "dossier_id": dossier.id,
                    "employer": company,
                    "training_year": year,
                    "date_from": first,
                    "date_to": last,
                    "signed": True,
                    "stamped": True,
                }
                for year, (first, last) in zip(
                    ("1", "2"), demo_fiches.internships(today), strict=True
                )
            ]
        )

    def _set_session_calendar(self, session, today):
        """The session of the school year the demo is built in: dossiers due
        mid-April, situation B in May."""
        year = reference_date.school_year_end(today)
        session.write(
            {
                "year": year,
                "dossier_deadline": f"{year}-04-15",
                "situation_b_start": f"{year}-05-03",
                "situation_b_end": f"{year}-05-21",
                "exam_centre": "Lycée Jean Moulin, 1 place des Minimes, 69005 Lyon",
            }
        )

    def _demo_record(self, name):
        return demo_records.ref(self.env, name)

    def _build_student(self, dossier, plan, teachers, today):
        student = dossier.student_id
        as_student = self.with_user(student).with_company(dossier.company_id)
        if plan.get("context"):
            dossier.with_user(student).write(plan["context"])
        for number, fiche in enumerate(plan.get("fiches", ()), 1):
            vals = dict(fiche["values"], dossier_id=dossier.id)
            for key in [k for k in vals if k.endswith("_ref")]:
                vals[key[: -len("_ref")]] = self.env.ref("gpme_e4." + vals.pop(key)).id
            vals["task_ids"] = [
                Command.set([self._task(code).id for code in fiche["tasks"]])
            ]
            vals["tool_ids"] = [
                Command.set([self.env.ref("gpme_e4." + t).id for t in fiche["tools"]])
            ]
            vals["software_line_ids"] = [
                Command.create(
                    {
                        "tool_id": self.env.ref("gpme_e4." + line[0]).id,
                        "software_name": line[1],
                        "version": line[2],
                        "functions": line[3],
                        "sequence": 10 * index,
                    }
                )
                for index, line in enumerate(fiche.get("software", ()), 1)
            ]
            situation = self.env["gpme.situation"].with_user(student).create(vals)
            if fiche.get("xmlid"):
                demo_records.set_xmlid(situation.sudo(), fiche["xmlid"])
            evidence = as_student._student_evidence(situation, fiche, today)
            for record, name in zip(
                evidence, fiche.get("evidence_xmlids", ()), strict=False
            ):
                demo_records.set_xmlid(record.sudo(), name)
            state = fiche.get("state", "draft")
            if state == "draft":
                continue
            situation.with_user(student).action_submit()
            teacher = teachers[number % len(teachers)]
            if state == "validated":
                situation.with_user(teacher).action_validate()
            elif state == "to_rework":
                situation.with_user(teacher).action_return(fiche["review_comment"])
        # Bilans of the second year fall after its first day (1 September),
        # whatever day the demo is built.
        year2 = date(reference_date.school_year_end(today) - 1, 9, 1)
        for review in plan.get("reviews", ()):
            vals = {
                k: v
                for k, v in review.items()
                if not k.startswith("comment_") and k not in ("levels", "first_year")
            }
            if not review.get("first_year") and review["date"] > today - timedelta(
                days=150
            ):
                vals["date"] = max(review["date"], min(year2, today))
            levels = review.get("levels", {})
            keys = sorted(
                {k[len("comment_") :] for k in review if k.startswith("comment_")}
                | set(levels)
            )
            vals.update(
                dossier_id=dossier.id,
                teacher_id=teachers[0].id,
                teacher_ids=[Command.set(teachers.ids)],
                line_ids=[
                    Command.create(
                        {
                            "activity_id": self.env.ref("gpme_e4.activity_" + key).id,
                            "comment": review.get("comment_" + key, False),
                            "position_ids": self._demo_positions(key, levels.get(key)),
                        }
                    )
                    for key in keys
                ],
            )
            self.env["gpme.review"].create(vals)

    def _demo_positions(self, activity_key, level):
        """The teacher's positioning on the critères de performance of an
        activity: the level given, one criterion in three a step lower (a
        bilan says what is still to work on)."""
        if not level:
            return []
        scale = [
            "mastery_not_mastered",
            "mastery_insufficient",
            "mastery_mastered",
            "mastery_well_mastered",
        ]
        step = scale.index("mastery_" + level)
        criteria = self.env["gpme.grid.criterion"].search(
            [
                ("kind", "=", "performance"),
                (
                    "activity_id",
                    "=",
                    self.env.ref("gpme_e4.activity_" + activity_key).id,
                ),
            ]
        )
        return [
            Command.create(
                {
                    "criterion_id": criterion.id,
                    "level_id": self.env.ref(
                        "gpme_e4." + scale[max(step - (index % 3 == 2), 0)]
                    ).id,
                }
            )
            for index, criterion in enumerate(criteria)
        ]

    def _task(self, code):
        return self.env.ref("gpme_e4.task_%s" % code.replace(".", "_"))

    # ------------------------------------------------------------------
    # The student's PGI documents, made by herself (self is as the student)
    # ------------------------------------------------------------------
    def _student_evidence(self, situation, fiche, today):
        """The PGI documents the fiche cites, made and tagged by the student
        on the days of the fiche's period (one a day from its first day):
        the documents' dates, the tagging and the frozen version agree with
        the period the fiche describes."""
        start = fiche["values"].get("date_start") or today
        end = fiche["values"].get("date_end") or today
        evidence = self.env["gpme.evidence"]
        for index, doc in enumerate(fiche.get("documents", ())):
            day = min(start + timedelta(days=index), end, today)
            with reference_date.demo_clock(datetime.combine(day, time(15, 0))):
                record = getattr(self, "_doc_" + doc["kind"])(doc, day)
                evidence |= evidence.create(
                    {
                        "situation_id": situation.id,
                        "res_model": record._name,
                        "res_id": record.id,
                        "note": doc["note"],
                        "task_ids": [
                            Command.set([self._task(c).id for c in doc["tasks"]])
                        ],
                    }
                )
        return evidence

    def _partner(self, key):
        return self._demo_record("demo_partner_" + key)

    def _product(self, key):
        return self._demo_record("demo_product_" + key)

    def _doc_prospect(self, doc, today):
        return self.env["res.partner"].create(
            {
                "name": doc["name"],
                "is_company": True,
                "company_id": self.env.company.id,
                "street": doc.get("street"),
                "zip": doc.get("zip"),
                "vat": doc.get("vat"),
                "city": doc.get("city", "Lyon"),
                "country_id": self.env.ref("base.fr").id,
                "email": doc.get("email"),
                "phone": doc.get("phone"),
                "comment": doc.get("comment"),
                "category_id": [
                    Command.set(self._demo_record("demo_tag_prospect").ids)
                ],
            }
        )

    def _doc_supplier_price(self, doc, today):
        """The chosen supplier's price, and its sales contact she records."""
        product = self._product(doc["product"])
        supplier = self._partner(doc["supplier"])
        self.env["product.supplierinfo"].create(
            {
                "partner_id": supplier.id,
                "product_tmpl_id": product.product_tmpl_id.id,
                "price": doc["price"],
                "min_qty": doc.get("min_qty", 1),
                "delay": doc.get("delay", 5),
                "company_id": self.env.company.id,
            }
        )
        return self.env["res.partner"].create(
            {
                "name": doc["contact"],
                "parent_id": supplier.id,
                "company_id": supplier.company_id.id,
                "type": "contact",
                "function": doc.get("function"),
                "email": doc.get("email"),
                "comment": doc.get("comment"),
            }
        )

    def _doc_quotation(self, doc, today):
        partner = (
            self.env["res.partner"].search(
                [("name", "=", doc["partner_name"])], limit=1
            )
            if doc.get("partner_name")
            else self._partner(doc["partner"])
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "client_order_ref": doc.get("ref"),
                "validity_date": today + timedelta(days=30),
                "order_line": [
                    Command.create(
                        {"product_id": self._product(key).id, "product_uom_qty": qty}
                    )
                    for key, qty in doc["lines"]
                ],
            }
        )
        if doc.get("confirm"):
            order.action_confirm()
        # Confirming dates the order of the real now: the day she did it.
        order.date_order = datetime.combine(today, time(9, 0))
        return order

    def _doc_invoice(self, doc, today):
        """Invoice the student's last order for the customer."""
        order = self.env["sale.order"].search(
            [
                ("partner_id", "=", self._partner(doc["partner"]).id),
                ("create_uid", "=", self.env.uid),
                ("state", "=", "sale"),
            ],
            order="id desc",
            limit=1,
        )
        invoice = order._create_invoices()
        invoice.invoice_date = today
        invoice.action_post()
        return invoice

    def _doc_bill(self, doc, today):
        """Bill the student's last purchase order to the supplier."""
        order = self.env["purchase.order"].search(
            [
                ("partner_id", "=", self._partner(doc["supplier"]).id),
                ("create_uid", "=", self.env.uid),
                ("state", "=", "purchase"),
            ],
            order="id desc",
            limit=1,
        )
        order.action_create_invoice()
        bill = order.invoice_ids[:1]
        bill.write({"invoice_date": today, "ref": doc["ref"]})
        bill.action_post()
        return bill

    def _doc_credit_note(self, doc, today):
        """A partial credit note on the customer's last invoice of the product."""
        product = self._product(doc["product"])
        domain = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("company_id", "=", self.env.company.id),
            ("partner_id", "=", self._partner(doc["partner"]).id),
            ("invoice_date", "<=", today),
        ]
        Move = self.env["account.move"]
        invoice = Move.search(
            domain + [("invoice_line_ids.product_id", "=", product.id)],
            order="invoice_date desc",
            limit=1,
        ) or Move.search(domain, order="invoice_date desc", limit=1)
        line = (
            invoice.invoice_line_ids.filtered(lambda ln: ln.product_id == product)[:1]
            or invoice.invoice_line_ids[:1]
        )
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "invoice_date": today,
                "reversed_entry_id": invoice.id,
                "ref": doc["ref"],
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": min(doc["qty"], line.quantity),
                            "price_unit": line.price_unit,
                            "tax_ids": [Command.set(line.tax_ids.ids)],
                        }
                    )
                ],
            }
        )
        refund.action_post()
        return refund

    def _doc_rfq(self, doc, today):
        supplier = self._partner(doc["supplier"])
        when = datetime.combine(today, time(10, 0))
        order = self.env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "origin": doc.get("origin"),
                "date_order": when,
                "payment_term_id": supplier.property_supplier_payment_term_id.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self._product(key).id,
                            "product_qty": qty,
                        }
                    )
                    for key, qty in doc["lines"]
                ],
            }
        )
        if doc.get("confirm"):
            order.button_confirm()
            order.write({"date_order": when, "date_approve": when})
        return order

    def _doc_payment(self, doc, today):
        domain = [
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("company_id", "=", self.env.company.id),
            ("invoice_date", "<=", today),
        ]
        Move = self.env["account.move"]
        invoice = Move.search(
            domain + [("partner_id", "=", self._partner(doc["partner"]).id)],
            order="invoice_date",
            limit=1,
        ) or Move.search(domain, order="invoice_date", limit=1)
        wizard = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": today, "amount": invoice.amount_residual})
        )
        return wizard._create_payments()
