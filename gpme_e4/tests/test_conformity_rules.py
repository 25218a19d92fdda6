"""The référentiel's composition rules on a real dossier, as the student and
the teacher see them (French checklist), the fiche's V-4 labels and period, and
the upgrade of the shipped rules."""

import importlib.util
from datetime import date
from pathlib import Path

from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import DossierFixtures
from .reference_dates import TEST_TODAY, at_test_now

MIGRATION = (
    Path(__file__).parents[1]
    / "migrations"
    / "16.0.2.0.0"
    / "post-rules-referentiel.py"
)


def fr(record):
    return record.with_context(lang="fr_FR")


@tagged("post_install", "-at_install")
class TestConformityRules(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["gpme_e4"], ["fr_FR"], overwrite=True
        )
        cls.dossier = cls.make_full_dossier()
        cls.sp = {s.code: s for s in cls.dossier.situation_ids}

    def failed(self):
        """{code: finding} of the rules the dossier fails, read as its student."""
        dossier = fr(self.dossier.with_user(self.student))
        dossier.invalidate_recordset()
        findings = dossier._gpme_conformity_findings()[dossier.id]
        return {f.code: f for f in findings if not f.passed}

    def assertOnlyFails(self, code, message):
        failed = self.failed()
        self.assertEqual(sorted(failed), [code])
        self.assertIn(message, failed[code].message)
        html = fr(self.dossier.with_user(self.student)).conformity_html
        self.assertIn(message.replace("'", "&#39;"), html)
        return failed[code]

    def test_shipped_rules(self):
        Rule = self.env["gpme.conformity.rule"].with_context(active_test=False)
        six = self.env.ref("gpme_e4.rule_min_situations")
        self.assertFalse(six.active)
        active = Rule.search([("active", "=", True)]).mapped("code")
        self.assertNotIn("MIN_SITUATIONS", active)
        for code in (
            "GRCF_WORKPLACE",
            "WRITTEN_WORKPLACE",
            "ORAL_WORKPLACE",
            "GRCF_TOOLS",
            "WRITTEN_TOOLS",
            "WRITTEN_ACTIVITIES",
            "WRITTEN_SUPPORTS",
            "ORAL_NATURES",
            "ALL_TASKS",
        ):
            self.assertIn(code, active)
        # Composition gaps are penalised, never NV: only the context and the
        # validation of the fiches block the hand-in.
        blocking = Rule.search([("severity", "=", "blocking")]).mapped("code")
        self.assertEqual(sorted(blocking), ["CONTEXT_COMPLETE", "FICHES_VALIDATED"])
        self.assertEqual(
            self.env.ref("gpme_e4.rule_grcf_tools").tool_ids.mapped("code"),
            ["spreadsheet", "erp_sales", "erp_accounting"],
        )

    def test_referentiel_dossier_passes(self):
        self.assertEqual(self.failed(), {})
        self.assertEqual(self.dossier.conformity_issue_count, 0)

    def test_six_situations_rule_is_a_school_choice(self):
        # Five fiches: SP1 is also the second written fiche, SP4 the second
        # oral one.
        self.sp["SP1"].write(
            {
                "is_written": True,
                "written_support": "report",
                "tool_ids": [(4, self.env.ref("gpme_e4.tool_word").id)],
            }
        )
        self.sp["SP4"].write(
            {
                "is_oral": True,
                "is_written": False,
                "oral_nature": "group",
                "task_ids": [(4, self.tasks["1.5.6"].id)],
            }
        )
        self.sp["SP3"].tool_ids |= self.env.ref("gpme_e4.tool_slides")
        self.sp["SP6"].unlink()
        # Only the reminder that SP1 counts for two quotas.
        self.assertEqual(sorted(self.failed()), ["MULTI_KIND"])
        self.env.ref("gpme_e4.rule_min_situations").active = True
        failed = self.failed()
        self.assertEqual(sorted(failed), ["MIN_SITUATIONS", "MULTI_KIND"])
        self.assertEqual(
            failed["MIN_SITUATIONS"].message,
            "Le dossier compte 5 situation(s) : il en faut au moins 6.",
        )

    def test_grcf_from_the_workplace(self):
        school = self.env.ref("gpme_e4.modality_school")
        self.sp["SP2"].modality_id = school
        self.assertOnlyFails(
            "GRCF_WORKPLACE",
            "1 fiche(s) GRCF issue(s) de la période en milieu professionnel",
        )
        self.sp["SP2"].modality_id = self.env.ref("gpme_e4.modality_organisation")
        self.assertEqual(self.failed(), {})

    def test_grcf_tools(self):
        spreadsheet = self.env.ref("gpme_e4.tool_spreadsheet")
        self.sp["SP1"].tool_ids -= spreadsheet
        self.assertOnlyFails(
            "GRCF_TOOLS", "Outil(s) mobilisé(s) par aucune fiche GRCF : Tableur."
        )
        # A software line counts as much as the tools list.
        self.env["gpme.situation.software"].create(
            {
                "situation_id": self.sp["SP2"].id,
                "tool_id": spreadsheet.id,
                "software_name": "LibreOffice Calc",
                "version": "7.6",
            }
        )
        self.assertEqual(self.failed(), {})

    def test_written_tools(self):
        self.sp["SP4"].tool_ids -= self.env.ref("gpme_e4.tool_slides")
        self.assertOnlyFails(
            "WRITTEN_TOOLS",
            "Outil(s) mobilisé(s) par aucune fiche de communication écrite : "
            "Logiciel de présentation (PréAO).",
        )

    def test_written_supports(self):
        self.sp["SP4"].written_support = "email"
        self.assertOnlyFails(
            "WRITTEN_SUPPORTS",
            "Les fiches de communication écrite présentent 1 support(s) différent(s)",
        )

    def test_written_activities(self):
        # Both written fiches on activity 1.3 only.
        self.sp["SP3"].task_ids = self.tasks["1.3.3"]
        self.sp["SP4"].task_ids = self.tasks["1.3.2"]
        failed = self.failed()
        self.assertEqual(sorted(failed), ["ALL_TASKS", "WRITTEN_ACTIVITIES"])
        self.assertEqual(
            failed["WRITTEN_ACTIVITIES"].message,
            "Les fiches de communication écrite concernent 1 activité(s) : il en "
            "faut au moins 2 différentes.",
        )

    def test_oral_natures(self):
        self.sp["SP6"].oral_nature = "face"
        finding = self.assertOnlyFails(
            "ORAL_NATURES",
            "Les fiches de communication orale présentent 1 nature(s) différente(s)",
        )
        self.assertEqual(finding.severity, "penalising")
        self.sp["SP6"].oral_nature = "interpersonal"
        self.assertEqual(self.failed(), {})

    def test_all_tasks(self):
        self.sp["SP2"].task_ids -= self.tasks["1.6.5"] | self.tasks["1.6.2"]
        finding = self.assertOnlyFails(
            "ALL_TASKS",
            "Tâche(s) couverte(s) par aucune situation : 1.6.2, 1.6.5.",
        )
        self.assertEqual(finding.severity, "warning")

    def test_context_of_blank_markup_is_not_filled(self):
        for blank in ("<p>&nbsp;</p>", "<p><br></p><p>\xa0 </p>"):
            self.dossier.ctx_market = blank
            finding = self.assertOnlyFails(
                "CONTEXT_COMPLETE", "Marché et principales tendances"
            )
            self.assertEqual(finding.severity, "blocking")
        self.dossier.ctx_market = "<p>&nbsp;B2B, en croissance</p>"
        self.assertEqual(self.failed(), {})

    def test_gaps_penalise_and_do_not_block_the_hand_in(self):
        self.sp["SP6"].oral_nature = False
        self.sp["SP4"].written_support = False
        self.sp["SP2"].modality_id = False
        self.assertEqual(
            sorted(self.failed()),
            ["GRCF_WORKPLACE", "ORAL_NATURES", "WRITTEN_SUPPORTS"],
        )
        self.assertEqual(self.dossier.conformity_blocking_count, 0)
        self.dossier.with_user(self.student).action_submit()
        self.assertEqual(self.dossier.state, "submitted")

    def test_upgrade_of_the_shipped_rules(self):
        """An older database: the six-situation rule active, the modalities
        without the workplace flag, and rules of the school's own."""
        six = self.env.ref("gpme_e4.rule_min_situations")
        six.active = True
        sme = self.env.ref("gpme_e4.modality_sme")
        organisation = self.env.ref("gpme_e4.modality_organisation")
        (sme | organisation).is_workplace = False
        Rule = self.env["gpme.conformity.rule"]
        school_rule = Rule.create(
            {
                "code": "MIN_SITUATIONS_SCHOOL",
                "name": "Huit situations (établissement)",
                "min_count": 8,
                "message": "{count}/{min}",
            }
        )
        self.env.flush_all()
        spec = importlib.util.spec_from_file_location("post_rules", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "16.0.1.0.0")
        self.env.invalidate_all()
        self.assertFalse(six.active)
        self.assertTrue(sme.is_workplace and organisation.is_workplace)
        self.assertTrue(school_rule.active)
        self.assertFalse(self.env.ref("gpme_e4.modality_school").is_workplace)
        # A six-situation rule an administrator made their own (another
        # minimum) is kept, and a second run changes nothing.
        six.write({"active": True, "min_count": 5})
        migration.migrate(self.env.cr, "16.0.1.0.0")
        self.env.invalidate_all()
        self.assertTrue(six.active)
        # A fresh install has nothing to migrate.
        six.min_count = 6
        migration.migrate(self.env.cr, None)
        self.assertTrue(six.active)


@tagged("post_install", "-at_install")
class TestFicheV4(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["gpme_e4"], ["fr_FR"], overwrite=True
        )
        cls.env["res.lang"]._activate_lang("en_US")
        cls.dossier = cls.make_dossier()

    def fiche(self, **vals):
        fiche = self.make_situation(self.dossier, "Relance", {"grcf"}, ["1.2.4"], 0)
        fiche.write(vals)
        return fr(fiche.with_user(self.student))

    def test_labels_of_the_v4_form(self):
        fields = fr(self.env["gpme.situation"]).fields_get(attributes=["string"])
        expected = {
            "code": "Identification de la situation professionnelle",
            "modality_id": "Modalité de réalisation",
            "period_date": "Période de réalisation",
            "condition_id": "Conditions de réalisation",
            "e4_activity_ids": "Activités concernées",
            "name": "Intitulé de la situation professionnelle",
            "frame": "Cadre de la situation professionnelle",
            "problem_management": "Problème soulevé et enjeux : de gestion",
            "problem_oral": "Problème soulevé et enjeux : de communication orale",
            "problem_written": "Problème soulevé et enjeux : de communication écrite",
            "actors": "Acteurs et relation entre les acteurs",
            "objective": "Objectif",
            "constraints": "Conditions de réalisation : contraintes dont le "
            "processus et organisation comptable, environnement numérique",
            "resources": "Ressources à disposition",
            "software_line_ids": "Solutions logicielles choisies et fonctionnalités "
            "mobilisées",
            "productions": "Productions réalisées",
            "written_outputs": "Écrits professionnels produits",
            "oral_outputs": "Oraux professionnels",
            "analysis": "Analyse de la situation",
            "contribution": "Contribution à la professionnalisation",
            "oral_nature": "Nature de la communication orale",
        }
        self.assertEqual({name: fields[name]["string"] for name in expected}, expected)
        arch = fr(self.env["gpme.situation"]).get_view(view_type="form")["arch"]
        for label in (
            "Problème de gestion soulevé et enjeux de la situation",
            "De gestion",
            "De communication orale",
            "De communication écrite",
            "Période de réalisation",
        ):
            self.assertIn(label, arch)
        natures = dict(
            fr(self.env["gpme.situation"])
            ._fields["oral_nature"]
            ._description_selection(self.env(context={"lang": "fr_FR"}))
        )
        self.assertEqual(
            list(natures.values()),
            [
                "Communication interpersonnelle",
                "Communication de groupe",
                "Accueil au téléphone",
                "Accueil en face à face",
            ],
        )

    @at_test_now
    def test_period_as_month_and_year(self):
        fiche = self.fiche()
        fiche.write({"period_month": "3", "period_year": "2025"})
        self.assertEqual(fiche.period_date, date(2025, 3, 1))
        fiche.invalidate_recordset()
        self.assertEqual(fiche.period_label, "mars 2025")
        self.assertEqual((fiche.period_month, fiche.period_year), ("3", "2025"))
        # Stored data of other days still reads as its month.
        fiche.sudo().period_date = date(2024, 11, 17)
        fiche.invalidate_recordset()
        self.assertEqual(fiche.period_label, "novembre 2024")
        self.assertEqual(fiche.with_context(lang="en_US").period_label, "November 2024")
        fiche.write({"period_month": "2"})
        self.assertEqual(fiche.period_date, date(2024, 2, 1))
        for vals, error in (
            ({"period_year": False}, "Période de réalisation : indiquez le mois"),
            ({"period_month": False}, "Période de réalisation : indiquez le mois"),
            ({"period_year": "24"}, "l'année s'écrit avec quatre chiffres"),
            ({"period_year": "2O24"}, "l'année s'écrit avec quatre chiffres"),
            ({"period_year": str(TEST_TODAY.year + 1)}, "dans le futur"),
        ):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(ValidationError, error):
                    with self.env.cr.savepoint():
                        fiche.write(vals)
                self.assertEqual(fiche.period_date, date(2024, 2, 1))
        fiche.write({"period_month": False, "period_year": False})
        self.assertFalse(fiche.period_date)

    def test_period_entered_in_the_form(self):
        fiche = self.fiche()
        with Form(fiche) as form:
            form.period_month = "6"
            form.period_year = "2025"
        self.assertEqual(fiche.period_date, date(2025, 6, 1))

    def test_oral_nature_and_written_support(self):
        fiche = self.fiche(is_oral=True, is_written=True)
        self.assertIn("nature de la communication orale", fiche.kind_warning)
        self.assertIn("support de la communication écrite", fiche.kind_warning)
        with Form(fiche) as form:
            form.oral_nature = "phone"
            form.written_support = "email"
        # The nature is one of the référentiel's oral tools: it is listed.
        self.assertIn(self.env.ref("gpme_e4.tool_phone"), fiche.tool_ids)
        self.assertNotIn("nature de la communication orale", fiche.kind_warning or "")
        self.assertNotIn("support de la communication écrite", fiche.kind_warning or "")
