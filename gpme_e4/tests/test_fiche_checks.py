"""Rules of the fiche V-4 in plain Python: no database needed."""

from datetime import date

from odoo.addons.gpme_e4.services import fiche_checks as fc
from odoo.tests import BaseCase, tagged

TODAY = date(2026, 11, 15)


@tagged("post_install", "-at_install")
class TestFicheDates(BaseCase):
    def test_valid_dates(self):
        self.assertEqual(
            fc.date_errors(
                date(2026, 10, 1), date(2026, 10, 3), date(2026, 10, 5), TODAY
            ),
            [],
        )

    def test_current_month_is_not_future(self):
        # The period is a month: a date later in the current month is fine.
        self.assertEqual(fc.date_errors(date(2026, 11, 30), today=TODAY), [])

    def test_period_in_future(self):
        self.assertEqual(
            fc.date_errors(date(2026, 12, 1), today=TODAY), [fc.PERIOD_IN_FUTURE]
        )
        self.assertEqual(
            fc.date_errors(date(2027, 1, 1), today=TODAY), [fc.PERIOD_IN_FUTURE]
        )

    def test_end_before_start(self):
        self.assertEqual(
            fc.date_errors(None, date(2026, 10, 5), date(2026, 10, 3), TODAY),
            [fc.END_BEFORE_START],
        )

    def test_start_and_end_in_future(self):
        self.assertEqual(
            fc.date_errors(None, date(2026, 11, 16), date(2026, 11, 20), TODAY),
            [fc.START_IN_FUTURE, fc.END_IN_FUTURE],
        )


@tagged("post_install", "-at_install")
class TestFicheSubmission(BaseCase):
    def test_grcf_without_activity(self):
        self.assertEqual(
            fc.submission_errors("Devis", True, False, False, 0),
            [fc.GRCF_WITHOUT_ACTIVITY],
        )
        self.assertEqual(fc.submission_errors("Devis", True, False, False, 2), [])

    def test_communication_fiche_needs_no_activity(self):
        self.assertEqual(fc.submission_errors("Accueil", False, True, False, 0), [])

    def test_no_kind_and_no_title(self):
        self.assertEqual(
            fc.submission_errors("  ", False, False, False, 1),
            [fc.NO_TITLE, fc.NO_KIND],
        )


@tagged("post_install", "-at_install")
class TestFicheKindWarnings(BaseCase):
    def test_written_without_output(self):
        self.assertEqual(
            fc.kind_warnings(False, False, True, 1, "", {"written"}),
            [fc.WRITTEN_WITHOUT_OUTPUT],
        )
        self.assertEqual(
            fc.kind_warnings(False, False, True, 1, "Courriel de relance", set()), []
        )

    def test_oral_without_oral_tool(self):
        self.assertEqual(
            fc.kind_warnings(False, True, False, 1, "", {"management"}),
            [fc.ORAL_WITHOUT_TOOL],
        )
        self.assertEqual(fc.kind_warnings(False, True, False, 1, "", {"oral"}), [])

    def test_grcf_warning_while_drafting(self):
        self.assertEqual(
            fc.kind_warnings(True, False, False, 0, "", set()),
            [fc.GRCF_WITHOUT_ACTIVITY],
        )


@tagged("post_install", "-at_install")
class TestSoftwareLine(BaseCase):
    def test_software_tool_needs_name_and_version(self):
        self.assertEqual(
            fc.software_line_errors("management", "Odoo", ""), [fc.MISSING_VERSION]
        )
        self.assertEqual(
            fc.software_line_errors("written", "", "7.6"), [fc.MISSING_SOFTWARE]
        )
        self.assertEqual(fc.software_line_errors("written", "LibreOffice", "7.6"), [])

    def test_oral_tool_needs_no_version(self):
        self.assertEqual(fc.software_line_errors("oral", "", ""), [])


@tagged("post_install", "-at_install")
class TestEvidenceFunctions(BaseCase):
    def test_format_keeps_order_without_repeats(self):
        pairs = [
            ("Ventes", "devis"),
            ("Ventes", "bon de commande"),
            ("Facturation", "avoir"),
            ("Ventes", "devis"),
        ]
        self.assertEqual(
            fc.format_functions(pairs, template="{app} : {functions}", separator=" ; "),
            "Ventes : devis, bon de commande ; Facturation : avoir",
        )
        self.assertEqual(fc.format_functions([]), "")

    def test_format_default_english(self):
        self.assertEqual(
            fc.format_functions([("Sales", "quotation"), ("Contacts", None)]),
            "Sales: quotation; Contacts",
        )
