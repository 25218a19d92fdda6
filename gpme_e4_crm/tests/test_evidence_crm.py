from odoo.addons.gpme_e4.tests.common import EvidenceFixture
from odoo.tests.common import TransactionCase


class TestEvidenceCrm(EvidenceFixture, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_evidence_fixture()
        cls.student1.groups_id |= cls.env.ref(
            "sales_team.group_sale_salesman_all_leads"
        )

    def test_tag_an_opportunity(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Équipement de 12 postes",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "expected_revenue": 5000,
                "user_id": self.student1.id,
            }
        )
        evidence = self._tag(self.student1, lead, self.situation1)
        self.assertEqual(sorted(evidence.task_ids.mapped("code")), ["1.1.1", "1.2.1"])
        self.assertIn('"expected_revenue": 5000.0', evidence.snapshot_values)
        self.assertEqual(lead.with_user(self.student1).gpme_evidence_count, 1)
        self.assertIn("crm.lead", self.env["gpme.evidence"]._gpme_evidence_models())
        # The bridge's kind joins the one vocabulary: its label, the function
        # the fiche names, beside the core's kinds.
        self.assertEqual(evidence.kind, "opportunity")
        french = self.env(context={"lang": "fr_FR"})
        labels = dict(
            french["gpme.evidence"]._fields["kind"]._description_selection(french)
        )
        self.assertEqual(labels["opportunity"], "Opportunité")
        self.assertEqual(labels["quotation"], "Devis")
        self._tag(self.student1, self.order, self.situation1)
        self.assertEqual(
            sorted(self.situation1._evidence_functions()[self.situation1.id]),
            [("crm", "opportunity"), ("sales", "quotation")],
        )
