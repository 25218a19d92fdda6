"""The evidence counter of the PGI lists costs what Odoo's list costs: one
query for a page of 80 records, whoever looks (issue 19)."""

from odoo.tests import TransactionCase, tagged

from .common import EvidenceFixture


@tagged("post_install", "-at_install")
class TestEvidenceCount(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        Order = cls.env["sale.order"].with_user(cls.student1)
        orders = Order.create([{"partner_id": cls.customer.id} for _ in range(79)])
        cls.orders = cls.env["sale.order"].browse([cls.order.id] + orders.ids)
        Evidence = cls.env["gpme.evidence"]
        # Every third order is evidence of Alice's situation; the first also
        # of Bruno's (a document two students use).
        Evidence.create(
            [
                {
                    "situation_id": cls.situation1.id,
                    "res_model": "sale.order",
                    "res_id": order.id,
                }
                for order in cls.orders[::3]
            ]
            + [
                {
                    "situation_id": cls.situation2.id,
                    "res_model": "sale.order",
                    "res_id": cls.order.id,
                }
            ]
        )

    def counts(self, user):
        orders = self.orders.with_user(user)
        orders.invalidate_recordset(["gpme_evidence_count", "gpme_evidence_user_names"])
        orders.mapped("gpme_evidence_count")  # rules and rights cached
        orders.invalidate_recordset(["gpme_evidence_count", "gpme_evidence_user_names"])
        with self.assertQueryCount(1):
            counts = orders.mapped("gpme_evidence_count")
        with self.assertQueryCount(1):
            names = orders.mapped("gpme_evidence_user_names")
        return counts, names

    def test_one_query_for_80_records_whoever_looks(self):
        self.assertEqual(len(self.orders), 80)
        expected = [1 if i % 3 == 0 else 0 for i in range(80)]
        counts, names = self.counts(self.env.ref("base.user_admin"))
        self.assertEqual(counts, [2] + expected[1:])
        self.assertEqual(names[0], "Alice Élève, Bruno Élève")
        self.assertEqual(names[3], "Alice Élève")
        self.assertEqual(names[1], "")
        # A student counts only their own evidence (record rules).
        counts, names = self.counts(self.student1)
        self.assertEqual(counts, expected)
        self.assertEqual(names[0], "Alice Élève")
        counts, _names = self.counts(self.student2)
        self.assertEqual(counts, [1] + [0] * 79)
        # The teacher of the class sees both.
        counts, _names = self.counts(self.teacher)
        self.assertEqual(counts, [2] + expected[1:])

    def test_index_serves_model_and_id(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'gpme_evidence' "
            "AND indexname = 'gpme_evidence_res_model_res_id_index'"
        )
        (definition,) = self.env.cr.fetchone()
        self.assertIn("(res_model, res_id)", definition)
