from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import Form, TransactionCase, new_test_user

from .common import EvidenceFixture


class TestEvidenceTag(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()

    def _codes(self, tasks):
        return sorted(tasks.mapped("code"))

    def test_tag_sale_order_from_the_record(self):
        action = self.order.with_user(self.student1).action_gpme_tag_evidence()
        self.assertEqual(action["res_model"], "gpme.evidence.tag.wizard")
        wizard = (
            self.env["gpme.evidence.tag.wizard"]
            .with_user(self.student1)
            .with_context(**action["context"])
            .create({"situation_id": self.situation1.id, "note": "Mon devis"})
        )
        # A draft quotation suggests « préparation de propositions commerciales ».
        self.assertEqual(self._codes(wizard.line_ids.task_ids), ["1.2.1"])
        done = wizard.action_confirm()
        # She stays on her quotation, told which fiche the evidence went to.
        self.assertEqual(done["tag"], "display_notification")
        self.assertEqual(done["params"]["next"]["type"], "ir.actions.act_window_close")
        self.assertIn(self.situation1.code, done["params"]["message"])
        evidence = self.situation1.evidence_ids
        self.assertEqual(len(evidence), 1)
        self.assertEqual(evidence.res_ref, self.order)
        self.assertEqual(evidence.name, self.order.name)
        self.assertEqual(evidence.tagged_by_id, self.student1)
        self.assertEqual(evidence.note, "Mon devis")
        self.assertEqual(evidence.company_id, self.company)
        self.assertEqual(evidence.status, "up_to_date")
        self.assertIn('"amount_untaxed": 240.0', evidence.snapshot_values)
        self.assertEqual(len(evidence.snapshot_hash), 64)
        # The PGI record now shows it, to its student.
        order = self.order.with_user(self.student1)
        self.assertEqual(order.gpme_evidence_count, 1)
        self.assertEqual(order.gpme_evidence_user_names, "Alice Élève")

    def test_tag_vendor_bill_and_payment(self):
        bill = self._make_move("in_invoice", self.vendor, 300.0)
        evidence = self._tag(self.student1, bill, self.situation1b)
        self.assertEqual(self._codes(evidence.task_ids), ["1.5.4", "1.6.1"])
        self.assertIn('"move_type": "in_invoice"', evidence.snapshot_values)
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 240.0,
            }
        )
        payment.action_post()
        evidence = self._tag(self.student1, payment, self.situation1b)
        self.assertEqual(self._codes(evidence.task_ids), ["1.2.4", "1.6.3"])
        self.assertIn('"amount": 240.0', evidence.snapshot_values)

    def test_suggestions_credit_note_and_rfq(self):
        refund = self._make_move("out_refund", self.customer, 50.0)
        rfq = self.env["purchase.order"].create(
            {
                "partner_id": self.vendor.id,
                "order_line": [
                    Command.create({"product_id": self.product.id, "product_qty": 5})
                ],
            }
        )
        self.assertEqual(
            self._codes(refund._gpme_evidence_suggested_tasks()), ["1.2.4", "1.3.2"]
        )
        self.assertEqual(self._codes(rfq._gpme_evidence_suggested_tasks()), ["1.4.3"])
        rfq.button_confirm()
        self.assertEqual(self._codes(rfq._gpme_evidence_suggested_tasks()), ["1.5.2"])
        self.assertEqual(
            self._codes(self.vendor._gpme_evidence_suggested_tasks()), ["1.1.1"]
        )

    def test_multi_record_tagging(self):
        orders = (
            self.order
            | self._make_order(self.student1, 3)
            | self._make_order(self.student1, 4)
        )
        evidences = self._tag(self.student1, orders, self.situation1, note="Série")
        self.assertEqual(len(evidences), 3)
        self.assertEqual(set(evidences.mapped("res_id")), set(orders.ids))
        self.assertEqual(set(evidences.mapped("note")), {"Série"})
        self.assertEqual(self.situation1.evidence_count, 3)

    def test_smart_button_counts_by_role(self):
        orders = self.order | self._make_order(self.student1)
        self._tag(self.student1, orders, self.situation1)
        self._tag(self.student1, self.order, self.situation1b)
        self._tag(self.student2, self.order, self.situation2)
        # A student counts only their own evidence, the teacher everyone's.
        s1 = self.order.with_user(self.student1)
        self.assertEqual(s1.gpme_evidence_count, 2)
        self.assertEqual(s1.gpme_evidence_user_names, "Alice Élève")
        s2 = self.order.with_user(self.student2)
        self.assertEqual(s2.gpme_evidence_count, 1)
        self.assertEqual(s2.gpme_evidence_user_names, "Bruno Élève")
        t = orders.with_user(self.teacher)
        self.assertEqual(t.mapped("gpme_evidence_count"), [3, 1])
        self.assertEqual(t[0].gpme_evidence_user_names, "Alice Élève, Bruno Élève")
        # Someone without an E4 role sees no count and no error.
        seller = new_test_user(
            self.env, "ev_seller", groups="sales_team.group_sale_salesman_all_leads"
        )
        self.assertEqual(self.order.with_user(seller).gpme_evidence_count, 0)
        # The smart button opens the evidence of this record only.
        action = s1.action_gpme_open_evidence()
        found = (
            self.env["gpme.evidence"].with_user(self.student1).search(action["domain"])
        )
        self.assertEqual(len(found), 2)

    def test_student_cannot_tag_into_another_students_situation(self):
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(UserError, "vos propres situations") as caught:
            env["gpme.evidence"].with_user(self.student2).create(
                {
                    "situation_id": self.situation1.id,
                    "res_model": "sale.order",
                    "res_id": self.order.id,
                }
            )
        # The refusal names nothing of the other student's work.
        self.assertNotIn("SP1", str(caught.exception))
        self.assertNotIn(self.situation1.name, str(caught.exception))
        # Nor see it, nor its evidence.
        self._tag(self.student1, self.order, self.situation1)
        Evidence = self.env["gpme.evidence"].with_user(self.student2)
        self.assertFalse(Evidence.search([("situation_id", "=", self.situation1.id)]))
        self.assertFalse(
            self.env["gpme.situation"]
            .with_user(self.student2)
            .search([("id", "=", self.situation1.id)])
        )
        # The wizard only offers the student's own open situations.
        domain = (
            self.env["gpme.evidence.tag.wizard"]
            .with_user(self.student2)
            ._situation_domain()
        )
        offered = self.env["gpme.situation"].with_user(self.student2).search(domain)
        self.assertEqual(offered, self.situation2)

    def test_teacher_sees_but_cannot_forge(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        as_teacher = evidence.with_user(self.teacher)
        self.assertEqual(as_teacher.read(["name"])[0]["name"], self.order.name)
        with self.assertRaisesRegex(UserError, "propres situations"):
            self.env["gpme.evidence"].with_user(self.teacher).with_context(
                lang="fr_FR"
            ).create(
                {
                    "situation_id": self.situation1.id,
                    "res_model": "sale.order",
                    "res_id": self._make_order(self.student1).id,
                }
            )
        with self.assertRaises(AccessError):
            as_teacher.write({"note": "falsifié"})
        with self.assertRaises(AccessError):
            as_teacher.unlink()

    def test_student_cannot_rewrite_the_snapshot(self):
        evidence = self._tag(self.student1, self.order, self.situation1)
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(UserError, "ne peuvent pas être modifiés"):
            evidence.with_env(env).with_user(self.student1).write(
                {"snapshot_values": "{}", "snapshot_hash": "0" * 64}
            )
        evidence.with_user(self.student1).write({"note": "Précision"})
        self.assertEqual(evidence.note, "Précision")

    def test_duplicate_in_situation_names_it(self):
        self._tag(self.student1, self.order, self.situation1)
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(
            ValidationError,
            "déjà une preuve de la situation « SP1 Devis et commande client »",
        ):
            with self.env.cr.savepoint():
                wizard = (
                    env["gpme.evidence.tag.wizard"]
                    .with_user(self.student1)
                    .with_context(active_model="sale.order", active_ids=self.order.ids)
                    .create({"situation_id": self.situation1.id})
                )
                wizard.action_confirm()
        self.assertEqual(self.situation1.evidence_count, 1)
        # The same record may document another situation.
        self._tag(self.student1, self.order, self.situation1b)
        self.assertEqual(self.situation1b.evidence_count, 1)

    def test_foreign_company_refused(self):
        other = self.env["res.company"].create({"name": "Autre Société SAS"})
        self.student1.write({"company_ids": [Command.link(other.id)]})
        order = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        env = self.env(
            context=dict(
                self.env.context,
                lang="fr_FR",
                allowed_company_ids=[self.company.id, other.id],
            )
        )
        with self.assertRaisesRegex(UserError, "Autre Société SAS"):
            env["gpme.evidence"].with_user(self.student1).create(
                {
                    "situation_id": self.situation1.id,
                    "res_model": "sale.order",
                    "res_id": order.id,
                }
            )
        self.assertFalse(self.situation1.evidence_ids)

    def test_record_the_student_cannot_read_refused(self):
        # A salesman restricted to their own documents cannot tag others'.
        restricted = new_test_user(
            self.env,
            "ev_own_docs",
            groups="gpme_e4.group_student,sales_team.group_sale_salesman",
        )
        # Moved into the class afterwards: a new student account would get
        # the class's PGI group, which reads every order.
        restricted.gpme_cohort_id = self.cohort
        dossier = self.env["gpme.dossier"].create(
            {"student_id": restricted.id, "cohort_id": self.cohort.id}
        )
        situation = self.env["gpme.situation"].create(
            {"dossier_id": dossier.id, "name": "Situation restreinte"}
        )
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(UserError, "pas autorisé à lire"):
            env["gpme.evidence"].with_user(restricted).create(
                {
                    "situation_id": situation.id,
                    "res_model": "sale.order",
                    "res_id": self.order.id,
                }
            )

    def test_locked_dossier_refused(self):
        self.dossier1.state = "submitted"
        env = self.env(context=dict(self.env.context, lang="fr_FR"))
        with self.assertRaisesRegex(UserError, "a été déposé"):
            env["gpme.evidence"].with_user(self.student1).create(
                {
                    "situation_id": self.situation1.id,
                    "res_model": "sale.order",
                    "res_id": self.order.id,
                }
            )
        offered = (
            self.env["gpme.situation"]
            .with_user(self.student1)
            .search(self.env["gpme.evidence.tag.wizard"]._situation_domain())
        )
        self.assertFalse(offered)

    def test_deleting_situation_keeps_pgi_record(self):
        bill = self._make_move("in_invoice", self.vendor, 80.0)
        self._tag(self.student1, self.order, self.situation1)
        self._tag(self.student1, bill, self.situation1)
        evidence_ids = self.situation1.evidence_ids.ids
        self.assertEqual(len(evidence_ids), 2)
        self.situation1.with_user(self.student1).unlink()
        self.assertFalse(self.env["gpme.evidence"].sudo().browse(evidence_ids).exists())
        self.assertTrue(self.order.exists())
        self.assertTrue(bill.exists())
        self.assertEqual(self.order.state, "draft")

    def test_my_pgi_documents(self):
        mine = self._make_order(self.student1)
        # Bruno changed Alice's first order: tracked in the chatter, so his.
        # (Pending precommits first: the order's creation discards tracking
        # until the transaction commits.)
        self.env.cr.precommit.run()
        self.order.with_user(self.student2).write({"partner_id": self.vendor.id})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._tag(self.student1, mine, self.situation1)
        Docs = self.env["gpme.pgi.document"].with_user(self.student1)
        action = Docs.action_open_my_documents()
        docs = Docs.search(action["domain"])
        orders = docs.filtered(lambda d: d.res_model == "sale.order")
        # Already used as evidence → not listed again.
        self.assertEqual(orders.mapped("res_id"), self.order.ids)
        self.assertEqual(self._codes(orders.task_ids), ["1.2.1"])
        docs2 = self.env["gpme.pgi.document"].with_user(self.student2)
        docs2 = docs2.search(docs2.action_open_my_documents()["domain"])
        self.assertIn(
            self.order.id,
            docs2.filtered(lambda d: d.res_model == "sale.order").mapped("res_id"),
        )
        # From the list, straight into the wizard with the suggestions.
        action = orders.action_tag()
        wizard = (
            self.env["gpme.evidence.tag.wizard"]
            .with_user(self.student1)
            .with_context(**action["context"])
            .create({"situation_id": self.situation1b.id})
        )
        self.assertEqual(wizard.line_ids.res_id, self.order.id)
        wizard.action_confirm()
        self.assertEqual(self.situation1b.evidence_ids.res_id, self.order.id)

    def test_query_counts_tag_and_count(self):
        orders = self.env["sale.order"]
        for _i in range(8):
            orders |= self._make_order(self.student1)
        Evidence = self.env["gpme.evidence"].with_user(self.student1)

        def tag(records, situation):
            return Evidence.create(
                [
                    {
                        "situation_id": situation.id,
                        "res_model": "sale.order",
                        "res_id": o.id,
                    }
                    for o in records
                ]
            )

        # Warm the registry caches (access rules, ir.model) once, as a
        # running server has them; each measure starts with an empty record
        # cache, like a new request.
        tag(orders[7], self.situation1b)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=18):
            tag(orders[0], self.situation1)
        self.env.invalidate_all()
        # Tagging more records in one go costs no more queries.
        with self.assertQueryCount(__system__=18):
            tag(orders[1:6], self.situation1)

        self.assertEqual(self.situation1.evidence_count, 6)
        # Smart-button counts: one read_group for the whole list.
        self.assertEqual(orders[6].with_user(self.student1).gpme_evidence_count, 0)
        self.env.invalidate_all()
        many = orders.with_user(self.student1)
        with self.assertQueryCount(__system__=3):
            counts = many.mapped("gpme_evidence_count")
        self.assertEqual(counts, [1, 1, 1, 1, 1, 1, 0, 1])


class TestTagWizardHelps(EvidenceFixture, TransactionCase):
    """The tag wizard proposes what a student means: the fiche the order
    already documents, only fiches she may still change, a new fiche typed on
    the spot, and the tasks the fiche forgot."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()

    def _wizard(self, records):
        return (
            self.env["gpme.evidence.tag.wizard"]
            .with_user(self.student1)
            .with_context(gpme_records=[[r._name, r.id] for r in records])
        )

    def test_invoice_of_a_tagged_order_proposes_its_fiche(self):
        self._tag(self.student1, self.order, self.situation1b)
        self.order.action_confirm()
        invoice = self.order._create_invoices()
        values = self._wizard(invoice).default_get(["situation_id", "line_ids"])
        # Two open fiches: without the order's, she would have to choose.
        self.assertEqual(values["situation_id"], self.situation1b.id)
        # And back: the order of an invoice tagged first.
        other = self._make_order(self.student1)
        other.action_confirm()
        other_invoice = other._create_invoices()
        self._tag(self.student1, other_invoice, self.situation1)
        values = self._wizard(other).default_get(["situation_id"])
        self.assertEqual(values["situation_id"], self.situation1.id)

    def test_only_fiches_she_may_still_change(self):
        self.situation1b.sudo().state = "validated"
        Wizard = self._wizard(self.order)
        offered = (
            self.env["gpme.situation"]
            .with_user(self.student1)
            .search(Wizard._situation_domain())
        )
        self.assertIn(self.situation1, offered)
        self.assertNotIn(self.situation1b, offered)
        wizard = Wizard.create({"situation_id": self.situation1b.id})
        with self.assertRaisesRegex(UserError, "ne peut plus être modifiée"):
            wizard.action_confirm()
        self.assertFalse(self.situation1b.evidence_ids, "nothing half-written")

    def test_new_fiche_typed_in_the_wizard(self):
        Situation = self.env["gpme.situation"].with_user(self.student1)
        fiche_id, __ = Situation.name_create("Relance d'un client en retard")
        fiche = Situation.browse(fiche_id)
        self.assertEqual(fiche.dossier_id, self.dossier1)
        self.assertEqual(fiche.state, "draft")
        wizard = self._wizard(self.order).create({"situation_id": fiche.id})
        wizard.action_confirm()
        self.assertEqual(fiche.evidence_ids.res_ref, self.order)

    def test_no_warning_on_screen_when_the_fiche_lists_the_tasks(self):
        # As the form computes it (onchange, new lines): a task already on
        # the fiche is not « missing ».
        self.situation1.task_ids = self.env.ref("gpme_e4.task_1_2_1")
        with Form(self._wizard(self.order)) as wizard:
            wizard.situation_id = self.situation1
            self.assertFalse(wizard.missing_task_ids[:])
            wizard.situation_id = self.situation1b
            self.assertTrue(wizard.missing_task_ids[:])

    def test_tasks_missing_from_the_fiche_are_shown_and_added(self):
        self.situation1.task_ids = [(5, 0, 0)]
        wizard = self._wizard(self.order).create({"situation_id": self.situation1.id})
        self.assertEqual(sorted(wizard.missing_task_ids.mapped("code")), ["1.2.1"])
        wizard.action_confirm()
        self.assertEqual(self.situation1.task_ids.mapped("code"), ["1.2.1"])
        # Unticked, the fiche is left as it is.
        self.situation1b.task_ids = [(5, 0, 0)]
        bill = self._make_move("in_invoice", self.vendor, 300.0)
        wizard = self._wizard(bill).create(
            {"situation_id": self.situation1b.id, "add_missing_tasks": False}
        )
        self.assertTrue(wizard.missing_task_ids)
        wizard.action_confirm()
        self.assertFalse(self.situation1b.task_ids)
