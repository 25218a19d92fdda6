from odoo import _, models


class ReportGpmeEvaluationRecapXlsx(models.AbstractModel):
    """Session recap as a workbook: the same rows as the PDF (one data
    builder), read with the reader's rights."""

    _name = "report.gpme_e4.evaluation_recap_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "E4 session recap (XLSX)"

    def generate_xlsx_report(self, workbook, data, evaluations):
        evaluations.check_access_rights("read")
        evaluations.check_access_rule("read")
        # In the candidates' language, as the printed recap.
        lang = evaluations[:1].sudo().student_id.lang or self.env.lang
        self = self.with_context(lang=lang)  # pylint: disable=self-cls-assignment
        evaluations = evaluations.with_context(lang=lang)
        columns = evaluations._gpme_recap_columns()
        sheet = workbook.add_worksheet(_("E4 recap")[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        number = workbook.add_format({"num_format": "0.00"})
        for col, (__, label) in enumerate(columns):
            sheet.write(0, col, label, bold)
            sheet.set_column(col, col, 18)
        rows = evaluations._gpme_recap_rows()
        for row, values in enumerate(rows, start=1):
            for col, (key, __) in enumerate(columns):
                value = values[key]
                if isinstance(value, float):
                    sheet.write_number(row, col, value, number)
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(1, 0)
        # As on the printed recap, until an académie loads its grid.
        if self.env["gpme.grid.criterion"]._gpme_indicative():
            sheet.write(
                len(rows) + 2,
                0,
                _("Indicative grid drawn up from the référentiel"),
                workbook.add_format({"bold": True}),
            )
