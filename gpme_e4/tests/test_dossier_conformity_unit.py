"""The conformity checker without a database: each rule passing and failing
on its own, on facts where every other rule passes."""

from odoo.addons.gpme_e4.services import conformity as c
from odoo.tests import BaseCase, tagged

ACTIVITIES = {
    "1.1": "Recherche de clientèle et contact",
    "1.2": "Administration des ventes de la PME",
    "1.3": "Maintien et développement de la relation avec les clients de la PME",
    "1.4": "Recherche et choix des fournisseurs de la PME",
    "1.5": "Suivi et contrôle des opérations d'achats et d'investissement",
    "1.6": "Suivi comptable des opérations avec les clients et les fournisseurs",
}

# The rules of data/gpme_conformity_rule_data.xml.
RULES = [
    c.Rule(
        "MIN_SITUATIONS", "6 situations", "penalising", "{count} sur {min}", None, 6
    ),
    c.Rule("MIN_GRCF", "2 GRCF", "penalising", "Il manque {missing} GRCF", "grcf", 2),
    c.Rule(
        "MIN_WRITTEN",
        "2 écrit",
        "penalising",
        "Il manque {missing} écrit",
        "written",
        2,
    ),
    c.Rule("MIN_ORAL", "2 oral", "penalising", "Il manque {missing} oral", "oral", 2),
    c.Rule("GRCF_ACTIVITIES", "3 act.", "penalising", "{count} activité(s)", "grcf", 3),
    c.Rule(
        "GRCF_SALES_ADMIN",
        "1.2",
        "penalising",
        "Il manque une GRCF 1.2",
        "grcf",
        1,
        "1.2",
    ),
    c.Rule(
        "WRITTEN_CUSTOMER",
        "écrit client",
        "penalising",
        "Il manque une fiche de communication écrite avec un client.",
        "written",
        1,
    ),
    c.Rule(
        "ORAL_CUSTOMER",
        "oral client",
        "penalising",
        "Il manque une fiche de communication orale avec un client.",
        "oral",
        1,
    ),
    c.Rule(
        "ALL_ACTIVITIES",
        "6 act.",
        "penalising",
        "Non couvertes : {missing_list}",
        None,
        6,
    ),
    c.Rule(
        "CONTEXT_COMPLETE",
        "contexte",
        "blocking",
        "À compléter : {missing_list}",
        None,
        12,
    ),
    c.Rule(
        "FICHES_VALIDATED",
        "validées",
        "blocking",
        "Non validées : {missing_list}",
        None,
        0,
    ),
    c.Rule(
        "EVIDENCE_PRESENT",
        "preuves",
        "warning",
        "Sans preuve : {missing_list}",
        None,
        1,
    ),
]
SECTIONS = tuple((f"Rubrique {i}", True) for i in range(1, 13))


def sit(code, kinds, activities, customer=False, validated=True, evidence=1):
    return c.Situation(
        code=code,
        name=code,
        kinds=frozenset(kinds),
        with_customer=customer,
        activity_codes=frozenset(activities),
        validated=validated,
        evidence_count=evidence,
    )


def good_situations():
    """Six single-kind fiches that satisfy every rule."""
    return [
        sit("SP1", {"grcf"}, {"1.1", "1.2"}),
        sit("SP2", {"grcf"}, {"1.4", "1.5", "1.6"}),
        sit("SP3", {"written"}, {"1.3"}, customer=True),
        sit("SP4", {"written"}, {"1.4"}),
        sit("SP5", {"oral"}, {"1.3"}, customer=True),
        sit("SP6", {"oral"}, {"1.5"}),
    ]


def facts(situations=None, sections=SECTIONS):
    return c.Facts(
        situations=tuple(good_situations() if situations is None else situations),
        activities=ACTIVITIES,
        context_sections=sections,
    )


@tagged("post_install", "-at_install")
class TestConformityChecker(BaseCase):
    def failed(self, dossier_facts, multi=True, message=""):
        findings = c.evaluate(RULES, dossier_facts, multi, message)
        return {f.code: f for f in findings if not f.passed}

    def assertOnlyFails(self, dossier_facts, code, **kw):
        failed = self.failed(dossier_facts, **kw)
        self.assertEqual(sorted(failed), [code])
        return failed[code]

    def test_complete_dossier_passes_every_rule(self):
        findings = c.evaluate(RULES, facts())
        self.assertEqual(len(findings), len(RULES))
        self.assertTrue(all(f.passed for f in findings), findings)

    def test_min_situations(self):
        situations = good_situations()
        # Five situations, still two of each kind: SP1 also covers what SP2 did.
        situations[0] = sit("SP1", {"grcf"}, {"1.1", "1.2", "1.4"})
        situations[1] = sit("SP2", {"grcf", "oral"}, {"1.5", "1.6"})
        del situations[5]
        finding = self.assertOnlyFails(facts(situations), "MIN_SITUATIONS")
        self.assertEqual(finding.message, "5 sur 6")

    def test_min_grcf(self):
        situations = good_situations()
        situations[1] = sit("SP2", {"written"}, {"1.4", "1.5", "1.6"})
        situations[0] = sit("SP1", {"grcf"}, {"1.1", "1.2", "1.3"})
        failed = self.failed(facts(situations))
        self.assertEqual(sorted(failed), ["MIN_GRCF"])
        self.assertEqual(failed["MIN_GRCF"].message, "Il manque 1 GRCF")

    def test_min_written(self):
        situations = good_situations()
        situations[3] = sit("SP4", {"grcf"}, {"1.4"})
        finding = self.assertOnlyFails(facts(situations), "MIN_WRITTEN")
        self.assertEqual(finding.message, "Il manque 1 écrit")

    def test_min_oral(self):
        situations = good_situations()
        situations[5] = sit("SP6", {"grcf"}, {"1.5"})
        finding = self.assertOnlyFails(facts(situations), "MIN_ORAL")
        self.assertEqual(finding.message, "Il manque 1 oral")

    def test_grcf_activities(self):
        situations = good_situations()
        situations[0] = sit("SP1", {"grcf"}, {"1.2"})
        situations[1] = sit("SP2", {"grcf"}, {"1.2", "1.1"})
        situations[4] = sit("SP5", {"oral"}, {"1.3", "1.4", "1.5", "1.6"}, True)
        finding = self.assertOnlyFails(facts(situations), "GRCF_ACTIVITIES")
        self.assertEqual(finding.message, "2 activité(s)")

    def test_grcf_sales_admin(self):
        situations = good_situations()
        situations[0] = sit("SP1", {"grcf"}, {"1.1", "1.3"})
        situations[4] = sit("SP5", {"oral"}, {"1.2"}, customer=True)
        finding = self.assertOnlyFails(facts(situations), "GRCF_SALES_ADMIN")
        self.assertEqual(finding.message, "Il manque une GRCF 1.2")

    def test_written_customer(self):
        situations = good_situations()
        situations[2] = sit("SP3", {"written"}, {"1.3"}, customer=False)
        finding = self.assertOnlyFails(facts(situations), "WRITTEN_CUSTOMER")
        self.assertEqual(
            finding.message,
            "Il manque une fiche de communication écrite avec un client.",
        )

    def test_oral_customer(self):
        situations = good_situations()
        situations[4] = sit("SP5", {"oral"}, {"1.3"}, customer=False)
        finding = self.assertOnlyFails(facts(situations), "ORAL_CUSTOMER")
        self.assertEqual(
            finding.message,
            "Il manque une fiche de communication orale avec un client.",
        )

    def test_all_activities(self):
        situations = good_situations()
        situations[1] = sit("SP2", {"grcf"}, {"1.4", "1.5"})
        finding = self.assertOnlyFails(facts(situations), "ALL_ACTIVITIES")
        self.assertEqual(
            finding.message,
            "Non couvertes : 1.6 Suivi comptable des opérations avec les clients "
            "et les fournisseurs",
        )
        self.assertEqual(finding.count, 5)

    def test_context_complete(self):
        sections = list(SECTIONS)
        sections[2] = ("Chiffre d'affaires", False)
        sections[7] = ("Délais de paiement", False)
        finding = self.assertOnlyFails(
            facts(sections=tuple(sections)), "CONTEXT_COMPLETE"
        )
        self.assertEqual(
            finding.message, "À compléter : Chiffre d'affaires, Délais de paiement"
        )
        self.assertEqual(finding.severity, "blocking")

    def test_fiches_validated(self):
        situations = good_situations()
        situations[3] = sit("SP4", {"written"}, {"1.4"}, validated=False)
        findings = c.evaluate(RULES, facts(situations))
        finding = next(f for f in findings if f.code == "FICHES_VALIDATED")
        self.assertEqual(finding.message, "Non validées : SP4")
        self.assertEqual(c.blocking(findings), [finding])
        # Not validated, SP4 counts for no quota yet.
        written = next(f for f in findings if f.code == "MIN_WRITTEN")
        self.assertEqual((written.count, written.passed), (1, False))

    def test_evidence_present(self):
        situations = good_situations()
        situations[5] = sit("SP6", {"oral"}, {"1.5"}, evidence=0)
        finding = self.assertOnlyFails(facts(situations), "EVIDENCE_PRESENT")
        self.assertEqual(finding.message, "Sans preuve : SP6")
        self.assertEqual(finding.severity, "warning")

    def test_multi_kind_counts_for_several_quotas_with_warning(self):
        # SP1 is GRCF and written: with the default setting it fills both quotas.
        situations = good_situations()
        situations[0] = sit("SP1", {"grcf", "written"}, {"1.1", "1.2"})
        situations[3] = sit("SP4", {"oral"}, {"1.4"})
        failed = self.failed(
            facts(situations), multi=True, message="Plusieurs quotas : {missing_list}"
        )
        self.assertEqual(sorted(failed), [c.MULTI_KIND_CODE])
        self.assertEqual(failed[c.MULTI_KIND_CODE].message, "Plusieurs quotas : SP1")
        self.assertEqual(failed[c.MULTI_KIND_CODE].severity, "warning")

    def test_multi_kind_counts_once_when_set(self):
        situations = good_situations()
        situations[0] = sit("SP1", {"grcf", "written"}, {"1.1", "1.2"})
        situations[3] = sit("SP4", {"oral"}, {"1.4"})
        failed = self.failed(facts(situations), multi=False, message="x")
        # SP1 goes to the quota furthest from being met; one of them falls short.
        self.assertEqual(len([f for f in failed if f.startswith("MIN_")]), 1)
        self.assertNotIn(c.MULTI_KIND_CODE, failed)

    def test_assignment_prefers_the_missing_kind(self):
        situations = [
            sit("SP1", {"grcf"}, set()),
            sit("SP2", {"grcf"}, set()),
            sit("SP3", {"written"}, set()),
            sit("SP4", {"grcf", "written"}, set()),
        ]
        assigned = c.assign_kinds(situations, {"grcf": 2, "written": 2}, False)
        self.assertEqual(assigned["SP4"], frozenset({"written"}))

    def test_unknown_placeholder_does_not_crash(self):
        rule = c.Rule(
            "MIN_GRCF", "x", "penalising", "Il manque {missing} {oops}", "grcf", 9
        )
        (finding,) = c.evaluate([rule], facts())
        self.assertEqual(finding.message, "Il manque 7 {oops}")

    def test_rule_added_by_an_administrator(self):
        # Unknown code: its parameters say what to count (oral fiches on 1.3).
        rule = c.Rule("ORAL_13", "x", "warning", "{count}/{min}", "oral", 2, "1.3")
        (finding,) = c.evaluate([rule], facts())
        self.assertFalse(finding.passed)
        self.assertEqual(finding.message, "1/2")

    def test_empty_dossier(self):
        findings = c.evaluate(RULES, facts(situations=[]))
        failed = {f.code for f in findings if not f.passed}
        self.assertIn("MIN_SITUATIONS", failed)
        self.assertIn("ALL_ACTIVITIES", failed)
        # Nothing to validate, nothing without evidence.
        self.assertNotIn("FICHES_VALIDATED", failed)
        self.assertNotIn("EVIDENCE_PRESENT", failed)
