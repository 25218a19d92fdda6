"""One vocabulary of document kinds, declared by the evidence mixin and
extended by the bridges: each PGI record names its kind, which gives its
label, the function a fiche names and the tasks suggested. The core names no
model outside its own dependencies."""

from odoo.tests import TransactionCase, tagged

from .common import EvidenceFixture

REFERENTIAL_ACTIVITIES = {"1.1", "1.2", "1.3", "1.4", "1.5", "1.6"}


@tagged("post_install", "-at_install")
class TestDocumentKinds(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()

    def test_one_vocabulary_for_labels_functions_and_tasks(self):
        mixin = self.env["gpme.evidence.mixin"]
        kinds = mixin._gpme_document_kinds()
        # The snapshot's and the evidence's kind read the same vocabulary
        # (with the bridges' kinds when they are installed).
        everything = mixin._gpme_all_document_kinds()
        self.assertLessEqual(set(kinds), set(everything))
        for model in ("gpme.evidence.snapshot", "gpme.evidence"):
            selection = self.env[model]._fields["kind"].get_values(self.env)
            self.assertEqual(set(selection), set(everything), model)
        for key, kind in everything.items():
            self.assertTrue(kind["label"], key)
            for codes in kind["tasks"].values():
                for code in codes:
                    activity, _sep, number = code.rpartition(".")
                    self.assertIn(activity, REFERENTIAL_ACTIVITIES, code)
                    self.assertTrue(number.isdigit(), code)
        # Every task code names a task of the référentiel.
        codes = {
            code
            for kind in everything.values()
            for codes in kind["tasks"].values()
            for code in codes
        }
        found = self.env["gpme.task"].search([("code", "in", list(codes))])
        self.assertEqual(set(found.mapped("code")), codes)

    def test_records_name_their_kind_function_and_tasks(self):
        french = self.env(context={"lang": "fr_FR"})
        invoice = self._make_move("out_refund", self.customer, 50.0)
        draft_bill = self._make_move("in_invoice", self.vendor, post=False)
        self.vendor.supplier_rank = 1
        cases = [
            (self.order, "quotation", ("sales", "quotation"), ["1.2.1"]),
            (invoice, "out_refund", ("invoicing", "credit_note"), ["1.2.4", "1.3.2"]),
            (draft_bill, "in_invoice", ("invoicing", "vendor_bill"), ["1.5.4"]),
            (self.vendor, "vendor", ("contacts", "contact_record"), ["1.4.4"]),
        ]
        for record, key, function, codes in cases:
            with self.subTest(key=key):
                self.assertEqual(record._gpme_evidence_kind_key(), key)
                self.assertEqual(record._gpme_evidence_kind()["function"], function)
                self.assertEqual(
                    sorted(record._gpme_evidence_suggested_tasks().mapped("code")),
                    codes,
                )
        self.order.action_confirm()
        self.assertEqual(self.order._gpme_evidence_kind_key(), "sale_order")
        self.assertEqual(
            sorted(self.order._gpme_evidence_suggested_tasks().mapped("code")),
            ["1.2.2", "1.2.3"],
        )
        # The tagged evidence shows the kind in the reader's language.
        evidence = self._tag(self.student1, self.order, self.situation1)
        labels = dict(
            french["gpme.evidence"]._fields["kind"]._description_selection(french)
        )
        self.assertEqual(labels[evidence.kind], "Bon de commande")

    def test_the_fiche_names_the_functions_of_its_documents(self):
        partner = self.env["res.partner"].create({"name": "Prospect Durand"})
        self._tag(self.student1, self.order, self.situation1)
        self._tag(self.student1, partner, self.situation1)
        pairs = self.situation1._evidence_functions()[self.situation1.id]
        self.assertEqual(
            sorted(pairs), [("contacts", "contact_record"), ("sales", "quotation")]
        )
        # A deleted document keeps the kind of its last version.
        self.order.with_user(self.student1)._action_cancel()
        self.order.unlink()
        pairs = self.situation1._evidence_functions()[self.situation1.id]
        self.assertIn(("sales", "quotation"), pairs)
