"""The composition rules of the référentiel (printed p. 76), without a
database: each rule failing and passing on its own, on a dossier where every
other rule passes. The rules are those of data/gpme_conformity_rule_data.xml."""

from odoo.addons.gpme_e4.services import conformity as c
from odoo.addons.gpme_e4.services import fiche_checks as fc
from odoo.tests import BaseCase, tagged

ACTIVITIES = {code: f"Activité {code}" for code in ("1.1", "1.2", "1.3", "1.4")}
TASKS = {
    "1.1.1": "Prospection",
    "1.2.1": "Propositions commerciales",
    "1.2.4": "Facturation",
    "1.3.1": "Accueil",
    "1.4.2": "Recherche des fournisseurs",
}
TOOLS = {
    "spreadsheet": "Tableur",
    "erp_sales": "PGI (dimension commerciale)",
    "erp_accounting": "PGI (dimension comptable)",
    "email": "Messagerie",
    "word": "Traitement de texte (fonctionnalités avancées)",
    "slides": "Logiciel de présentation (PréAO)",
}


def rule(code, kind=None, minimum=0, severity="penalising", **kw):
    message = "{count}/{min} {missing_list}"
    return c.Rule(code, code, severity, message, kind, minimum, **kw)


RULES = (
    rule("MIN_GRCF", "grcf", 2),
    rule("MIN_WRITTEN", "written", 2),
    rule("MIN_ORAL", "oral", 2),
    rule("GRCF_WORKPLACE", "grcf", 2),
    rule("WRITTEN_WORKPLACE", "written", 2),
    rule("ORAL_WORKPLACE", "oral", 2),
    rule("GRCF_ACTIVITIES", "grcf", 3),
    rule("GRCF_SALES_ADMIN", "grcf", 1, activity_code="1.2"),
    rule(
        "GRCF_TOOLS",
        "grcf",
        tool_codes=("spreadsheet", "erp_sales", "erp_accounting"),
    ),
    rule("WRITTEN_ACTIVITIES", "written", 2),
    rule("WRITTEN_SUPPORTS", "written", 2),
    rule("WRITTEN_CUSTOMER", "written", 1),
    rule("WRITTEN_TOOLS", "written", tool_codes=("email", "word", "slides")),
    rule("ORAL_NATURES", "oral", 2),
    rule("ORAL_CUSTOMER", "oral", 1),
    rule("ALL_ACTIVITIES", None, 4),
    rule("ALL_TASKS", severity="warning"),
    rule("CONTEXT_COMPLETE", severity="blocking"),
)
SECTIONS = tuple((f"Rubrique {i}", True) for i in range(1, 13))


def sit(code, kinds, tasks, **kw):
    tasks = frozenset(tasks)
    return c.Situation(
        code=code,
        name=code,
        kinds=frozenset(kinds),
        activity_codes=frozenset(t.rsplit(".", 1)[0] for t in tasks),
        task_codes=tasks,
        validated=True,
        evidence_count=1,
        **kw,
    )


def good_situations():
    """Six single-kind fiches: the smallest dossier the référentiel accepts."""
    return [
        sit(
            "SP1",
            {"grcf"},
            {"1.1.1", "1.2.1"},
            workplace=True,
            tool_codes=frozenset({"spreadsheet", "erp_sales"}),
        ),
        sit(
            "SP2",
            {"grcf"},
            {"1.2.4", "1.4.2"},
            workplace=True,
            tool_codes=frozenset({"erp_accounting"}),
        ),
        sit(
            "SP3",
            {"written"},
            {"1.3.1"},
            workplace=True,
            with_customer=True,
            written_support="email",
            tool_codes=frozenset({"email"}),
        ),
        sit(
            "SP4",
            {"written"},
            {"1.4.2"},
            workplace=True,
            written_support="presentation",
            tool_codes=frozenset({"word", "slides"}),
        ),
        sit(
            "SP5",
            {"oral"},
            {"1.3.1"},
            workplace=True,
            with_customer=True,
            oral_nature="phone",
        ),
        sit("SP6", {"oral"}, {"1.4.2"}, workplace=True, oral_nature="group"),
    ]


def facts(situations=None, sections=SECTIONS):
    return c.Facts(
        situations=tuple(good_situations() if situations is None else situations),
        activities=ACTIVITIES,
        tasks=TASKS,
        tools=TOOLS,
        context_sections=sections,
    )


def replace(situations, index, **changes):
    """The fiche at ``index`` with some facts changed."""
    situations[index] = c.Situation(**dict(situations[index].__dict__, **changes))
    return situations


@tagged("post_install", "-at_install")
class TestReferentialRules(BaseCase):
    def failed(self, dossier_facts, rules=None):
        findings = c.evaluate(RULES if rules is None else rules, dossier_facts)
        return {f.code: f for f in findings if not f.passed}

    def assertOnlyFails(self, dossier_facts, code):
        failed = self.failed(dossier_facts)
        self.assertEqual(sorted(failed), [code])
        return failed[code]

    def test_six_fiches_of_the_referentiel_pass_every_rule(self):
        self.assertEqual(self.failed(facts()), {})

    def test_fewer_than_six_fiches_combining_kinds_pass(self):
        # Four fiches, two of them GRCF and written: the quotas are met and
        # nothing requires six situations any more.
        situations = [
            sit(
                "SP1",
                {"grcf", "written"},
                {"1.1.1", "1.2.1"},
                workplace=True,
                with_customer=True,
                written_support="letter",
                tool_codes=frozenset({"spreadsheet", "erp_sales", "email", "word"}),
            ),
            sit(
                "SP2",
                {"grcf", "written"},
                {"1.2.4", "1.4.2"},
                workplace=True,
                written_support="email",
                tool_codes=frozenset({"erp_accounting", "slides"}),
            ),
            sit(
                "SP3",
                {"oral"},
                {"1.3.1"},
                workplace=True,
                with_customer=True,
                oral_nature="phone",
            ),
        ]
        self.assertEqual(
            sorted(self.failed(facts(situations))),
            ["MIN_ORAL", "ORAL_NATURES", "ORAL_WORKPLACE"],
        )
        situations.append(
            sit("SP4", {"oral"}, {"1.4.2"}, workplace=True, oral_nature="group")
        )
        self.assertEqual(self.failed(facts(situations)), {})
        # A school that wants six situations adds the rule back (data).
        six = c.Rule("MIN_SITUATIONS", "6", "penalising", "{count} sur {min}", None, 6)
        failed = self.failed(facts(situations), [*RULES, six])
        self.assertEqual(sorted(failed), ["MIN_SITUATIONS"])
        self.assertEqual(failed["MIN_SITUATIONS"].message, "4 sur 6")

    def test_written_and_oral_lived_in_a_pme(self):
        """p. 76: each written and oral fiche relates a situation « vécue dans
        une PME » (a school workshop does not count)."""
        for index, code in ((2, "WRITTEN_WORKPLACE"), (5, "ORAL_WORKPLACE")):
            situations = replace(good_situations(), index, workplace=False)
            finding = self.assertOnlyFails(facts(situations), code)
            self.assertEqual(finding.count, 1)

    def test_grcf_from_the_workplace_period(self):
        situations = replace(good_situations(), 1, workplace=False)
        finding = self.assertOnlyFails(facts(situations), "GRCF_WORKPLACE")
        self.assertEqual(finding.count, 1)
        self.assertEqual(finding.message, "1/2 ")
        # A third GRCF fiche from the workplace makes up for it.
        situations.append(
            sit("SP7", {"grcf"}, {"1.2.1"}, workplace=True, tool_codes=frozenset())
        )
        self.assertEqual(self.failed(facts(situations)), {})

    def test_grcf_tools(self):
        situations = replace(good_situations(), 0, tool_codes=frozenset({"erp_sales"}))
        finding = self.assertOnlyFails(facts(situations), "GRCF_TOOLS")
        self.assertEqual(finding.missing, ("Tableur",))
        self.assertEqual(finding.message, "2/0 Tableur")
        # The spreadsheet used on a written fiche does not count for the GRCF.
        replace(situations, 2, tool_codes=frozenset({"email", "spreadsheet"}))
        self.assertIn("GRCF_TOOLS", self.failed(facts(situations)))

    def test_written_tools(self):
        situations = replace(good_situations(), 3, tool_codes=frozenset({"word"}))
        finding = self.assertOnlyFails(facts(situations), "WRITTEN_TOOLS")
        self.assertEqual(finding.missing, ("Logiciel de présentation (PréAO)",))

    def test_written_fiches_on_varied_supports(self):
        situations = replace(good_situations(), 3, written_support="email")
        finding = self.assertOnlyFails(facts(situations), "WRITTEN_SUPPORTS")
        self.assertEqual(finding.count, 1)
        # A fiche whose support is not given does not vary anything.
        replace(situations, 3, written_support=None)
        self.assertIn("WRITTEN_SUPPORTS", self.failed(facts(situations)))

    def test_written_fiches_on_different_activities(self):
        situations = replace(
            good_situations(),
            3,
            task_codes=frozenset({"1.3.1"}),
            activity_codes=frozenset({"1.3"}),
        )
        finding = self.assertOnlyFails(facts(situations), "WRITTEN_ACTIVITIES")
        self.assertEqual(finding.count, 1)

    def test_oral_fiches_of_different_natures(self):
        situations = replace(good_situations(), 5, oral_nature="phone")
        finding = self.assertOnlyFails(facts(situations), "ORAL_NATURES")
        self.assertEqual(finding.count, 1)
        replace(situations, 5, oral_nature=None)
        self.assertIn("ORAL_NATURES", self.failed(facts(situations)))
        replace(situations, 5, oral_nature="interpersonal")
        self.assertEqual(self.failed(facts(situations)), {})

    def test_every_task_covered(self):
        tasks = dict(TASKS, **{"1.3.2": "Réclamations"})
        dossier_facts = c.Facts(**dict(facts().__dict__, tasks=tasks))
        finding = self.assertOnlyFails(dossier_facts, "ALL_TASKS")
        self.assertEqual(finding.missing, ("1.3.2",))
        self.assertEqual(finding.message, "5/0 1.3.2")
        self.assertEqual(finding.severity, "warning")

    def test_composition_gaps_never_block(self):
        findings = c.evaluate(RULES, facts(situations=[]))
        failed = {f.code for f in findings if not f.passed}
        self.assertGreater(len(failed), 10)
        self.assertEqual(c.blocking(findings), [])

    def test_rule_added_with_tools(self):
        # An administrator's rule listing tools checks them for its kind.
        oral_tools = rule("ORAL_PHONE", "oral", tool_codes=("phone",))
        (finding,) = c.evaluate([oral_tools], facts())
        self.assertFalse(finding.passed)
        self.assertEqual(finding.missing, ("phone",))


@tagged("post_install", "-at_install")
class TestRichTextBlank(BaseCase):
    def test_blank_values(self):
        for value in (
            False,
            None,
            "",
            "<p><br></p>",
            "<p>&nbsp;</p>",
            "<p>\xa0</p>",
            "<p>&#160; &nbsp;</p><div><br/></div>",
            "<h1> </h1><ul><li></li></ul>",
            "<p>\u200b</p>",
            "<!-- brouillon --><p></p>",
            "<table><tr><td>&nbsp;</td></tr></table>",
        ):
            with self.subTest(value=value):
                self.assertTrue(c.html_is_blank(value))

    def test_filled_values(self):
        for value in (
            "<p>Une PME de 12 salariés.</p>",
            "<p>&nbsp;x</p>",
            "<ul><li>Grossistes</li></ul>",
            "<p><img src='/web/image/1'/></p>",
            "Texte brut",
            "<p>&lt;</p>",
        ):
            with self.subTest(value=value):
                self.assertFalse(c.html_is_blank(value))


@tagged("post_install", "-at_install")
class TestFichePeriodAndNature(BaseCase):
    def test_period_month_and_year(self):
        self.assertIsNone(fc.period_error(False, False))
        self.assertIsNone(fc.period_error("3", "2025"))
        self.assertEqual(fc.period_error("3", ""), fc.PERIOD_INCOMPLETE)
        self.assertEqual(fc.period_error(False, "2025"), fc.PERIOD_INCOMPLETE)
        for year in ("25", "20255", "2O25", "0925", " "):
            with self.subTest(year=year):
                self.assertIn(
                    fc.period_error("3", year),
                    (fc.PERIOD_BAD_YEAR, fc.PERIOD_INCOMPLETE),
                )
        self.assertEqual(fc.period_error("3", " 2025 "), None)

    def test_oral_nature_and_written_support_warnings(self):
        self.assertEqual(
            fc.nature_warnings(True, None, True, None),
            [fc.ORAL_WITHOUT_NATURE, fc.WRITTEN_WITHOUT_SUPPORT],
        )
        self.assertEqual(fc.nature_warnings(True, "phone", True, "email"), [])
        self.assertEqual(fc.nature_warnings(False, None, False, None), [])
