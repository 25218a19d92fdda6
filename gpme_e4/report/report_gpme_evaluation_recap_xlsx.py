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
        columns = evaluations._gpme_recap_columns()
        sheet = workbook.add_worksheet(_("E4 recap")[:31])
        bold = workbook.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
        number = workbook.add_format({"num_format": "0.00"})
        for col, (__, label) in enumerate(columns):
            sheet.write(0, col, label, bold)
            sheet.set_column(col, col, 18)
        for row, values in enumerate(evaluations._gpme_recap_rows(), start=1):
            for col, (key, __) in enumerate(columns):
                value = values[key]
                if isinstance(value, float):
                    sheet.write_number(row, col, value, number)
                else:
                    sheet.write(row, col, value)
        sheet.freeze_panes(1, 0)
