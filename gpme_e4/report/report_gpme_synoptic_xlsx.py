from odoo import _, api, models

from ..services import synoptic


class ReportGpmeSynopticXlsx(models.AbstractModel):
    """The synoptic as the national passport's sheet: the same header,
    attestation, signature box and table (columns, merged activities,
    banner) as the PDF, from the same matrix (report.gpme_e4.report_synoptic),
    printed on A4 landscape one page wide."""

    _name = "report.gpme_e4.synoptic_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Synoptic document (XLSX)"

    # Column widths (characters), by table column key.
    WIDTHS = {"activity": 26, "competence": 30, "task": 60, "software": 38}
    SITUATION_WIDTH = 14
    # Rows of the table's two header lines (0-based), repeated on each page.
    HEAD_ROW = 5

    @api.model
    def _gpme_formats(self, workbook):
        def add(**props):
            return workbook.add_format(
                dict({"text_wrap": True, "valign": "top", "font_size": 9}, **props)
            )

        return {
            "title": add(bold=True, font_size=12, align="center", border=2),
            "label": add(bold=True, border=1),
            "value": add(border=1),
            "team": add(bold=True, align="center", valign="vcenter", border=1),
            "sign": add(bold=True, align="center", border=1),
            "head": add(
                bold=True,
                bg_color="#D9E1F2",
                border=1,
                align="center",
                valign="vcenter",
            ),
            "head_open": add(bold=True, align="right", valign="vcenter"),
            "head_down": add(bold=True, valign="bottom", bottom=1),
            "domain": add(
                bold=True,
                bg_color="#FFFF00",
                border=1,
                align="center",
                valign="vcenter",
            ),
            "merged": add(border=1, valign="vcenter"),
            "cell": add(border=1),
            "covered": add(border=1, bg_color="#C8C8C8"),
            "center": add(border=1, align="center"),
            "center_covered": add(border=1, align="center", bg_color="#C8C8C8"),
            "note": add(italic=True, font_size=8, text_wrap=False),
            "number": add(border=1, num_format="0"),
            # Kept for the class workbook's overview.
            "activity": add(bold=True, bg_color="#E8EEF7", border=1),
        }

    @api.model
    def _gpme_page_setup(self, sheet, last_row, last_col):
        """A4 landscape, one page wide, the table's header on every page."""
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        sheet.center_horizontally()
        sheet.repeat_rows(self.HEAD_ROW, self.HEAD_ROW + 1)
        sheet.print_area(0, 0, last_row, last_col)
        sheet.set_footer("&C&P / &N")

    @api.model
    def _gpme_merge(
        self, sheet, first_row, first_col, last_row, last_col, value, style
    ):
        """A string over a range; xlsxwriter refuses to merge a single cell."""
        if (first_row, first_col) == (last_row, last_col):
            sheet.write_string(first_row, first_col, value, style)
        else:
            sheet.merge_range(first_row, first_col, last_row, last_col, value, style)

    @api.model
    def _gpme_write_synoptic(self, sheet, fmt, syn):
        """Write one synoptic as the passport's sheet; return the next row."""
        labels = syn["labels"]
        columns = syn["table_columns"]
        keys = [c["key"] for c in columns]
        last = len(columns) - 1
        task_col = keys.index("task")
        for index, key in enumerate(keys):
            sheet.set_column(index, index, self.WIDTHS.get(key, self.SITUATION_WIDTH))
        # Identity, attestation and signature box, as the passport's top.
        sheet.merge_range(0, 0, 0, last, labels["title"], fmt["title"])
        sheet.set_row(0, 20)
        sheet.write_string(1, 0, labels["holder"], fmt["label"])
        sheet.merge_range(1, 1, 1, task_col - 1, syn["candidate"], fmt["value"])
        sheet.write_string(1, task_col, labels["candidate_number"], fmt["label"])
        # A string, not a number: a candidate number keeps its leading zeros.
        self._gpme_merge(
            sheet, 1, task_col + 1, 1, last, syn["candidate_number"], fmt["value"]
        )
        team = "\n".join(
            [
                labels["team"],
                " – ".join(filter(None, [", ".join(syn["teachers"]), syn["school"]])),
                labels["attestation"],
            ]
        )
        sheet.merge_range(2, 0, 3, task_col - 1, team, fmt["team"])
        sheet.merge_range(2, task_col, 3, last, labels["signatures"], fmt["sign"])
        sheet.set_row(2, 36)
        sheet.set_row(3, 36)
        # The table's two header lines.
        head = self.HEAD_ROW
        sheet.write_blank(head, 0, None, fmt["head_open"])
        sheet.write_string(head, 1, labels["situations"], fmt["head_open"])
        situation_cols = [i for i, c in enumerate(columns) if c["type"] == "situations"]
        for index in situation_cols:
            sheet.write_string(head, index, columns[index]["label"], fmt["head"])
        for index, column in enumerate(columns):
            if column["key"] in ("task", "software"):
                sheet.merge_range(
                    head, index, head + 1, index, column["label"], fmt["head"]
                )
        sheet.set_row(head, 40)
        sheet.write_string(head + 1, 0, labels["activities"], fmt["head_down"])
        sheet.write_string(head + 1, 1, labels["competences"], fmt["head_down"])
        sheet.merge_range(
            head + 1,
            situation_cols[0],
            head + 1,
            situation_cols[-1],
            labels["periods"],
            fmt["head"],
        )
        row = head + 2
        sheet.merge_range(row, 0, row, last, labels["domain"], fmt["domain"])
        row += 1
        for table_row in syn["rows"]:
            covered = table_row["task"]["covered"]
            for index, cell in enumerate(table_row["cells"]):
                if cell is None:
                    continue  # inside an activity's merged cells
                if cell.get("span"):
                    self._gpme_merge(
                        sheet,
                        row,
                        index,
                        row + cell["span"] - 1,
                        index,
                        cell["value"],
                        fmt["merged"],
                    )
                    continue
                if cell["type"] == "situations":
                    value = "\n".join(synoptic.situation_text(cell["value"]))
                    style = fmt["center_covered" if covered else "center"]
                elif cell["type"] == "list":
                    value = "\n".join(cell["value"])
                    style = fmt["covered" if covered else "cell"]
                else:
                    value = cell["value"]
                    if cell["key"] == "task" and table_row["task"]["is_communication"]:
                        value += " [C]"
                    style = fmt["covered" if covered else "cell"]
                if value:
                    sheet.write_string(row, index, value, style)
                else:
                    sheet.write_blank(row, index, None, style)
            row += 1
        # What the shading means, with the counts as numbers.
        sheet.write_string(row + 1, 0, labels["covered"], fmt["note"])
        sheet.write_number(row + 1, 1, syn["covered_count"], fmt["number"])
        sheet.write_number(row + 1, 2, syn["task_count"], fmt["number"])
        sheet.write_string(row + 2, 0, labels["communication"], fmt["note"])
        self._gpme_page_setup(sheet, row + 2, last)
        return row + 3

    def generate_xlsx_report(self, workbook, data, dossiers):
        fmt = self._gpme_formats(workbook)
        synoptics = self.env["report.gpme_e4.report_synoptic"]._synoptic_data(dossiers)
        for dossier in dossiers:
            sheet = workbook.add_worksheet(
                (dossier.student_id.name or str(dossier.id))[:31]
            )
            self._gpme_write_synoptic(sheet, fmt, synoptics[dossier.id])


class ReportGpmeCohortXlsx(models.AbstractModel):
    """Class workbook for teachers: an overview sheet (students × tasks, fiches
    per kind against the quotas, conformity, last bilan) and one synoptic sheet
    per student, in a number of queries that does not grow with the class."""

    _name = "report.gpme_e4.cohort_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Class workbook (XLSX)"

    def generate_xlsx_report(self, workbook, data, cohorts):
        cohorts.check_access_rights("read")
        cohorts.check_access_rule("read")
        synoptic_report = self.env["report.gpme_e4.synoptic_xlsx"]
        fmt = synoptic_report._gpme_formats(workbook)
        dossiers = self.env["gpme.dossier"].search(
            [("cohort_id", "in", cohorts.ids)], order="cohort_id, id"
        )
        # The numbers of the dashboard and the checklist (services.progress).
        numbers = self.env["gpme.conformity.rule"]._gpme_progress(dossiers)
        synoptics = self.env["report.gpme_e4.report_synoptic"]._synoptic_data(
            dossiers, numbers
        )
        quotas = self.env["gpme.conformity.rule"]._gpme_quotas()
        last_review = {
            g["dossier_id"][0]: g["date"]
            for g in self.env["gpme.review"].read_group(
                [("dossier_id", "in", dossiers.ids)], ["date:max"], ["dossier_id"]
            )
        }
        overview = _("Overview")[:31]
        sheet = workbook.add_worksheet(overview)
        tasks = [
            task["code"]
            for activity in (
                next(iter(synoptics.values()))["activities"] if synoptics else []
            )
            for task in activity["tasks"]
        ]
        kinds = [
            ("total", _("Validated fiches")),
            ("grcf", _("GRCF")),
            ("oral", _("Oral")),
            ("written", _("Written")),
        ]
        heads = (
            [_("Student"), _("Candidate number"), _("Tasks covered")]
            + [
                _("%(kind)s (min. %(min)s)", kind=label, min=quotas.get(kind, 0))
                for kind, label in kinds
            ]
            + [_("Conformity"), _("Last progress review")]
            + tasks
        )
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 2 + len(kinds) + 2, 14)
        sheet.write_row(0, 0, heads, fmt["head"])
        sheet.freeze_panes(1, 1)
        date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy", "border": 1})
        for row, dossier in enumerate(dossiers, start=1):
            syn = synoptics[dossier.id]
            done = numbers[dossier.id]
            sheet.write_string(row, 0, syn["candidate"], fmt["cell"])
            # A string, not a number: a candidate number keeps its zeros.
            sheet.write_string(row, 1, syn["candidate_number"], fmt["cell"])
            sheet.write_string(
                row, 2, f"{done['tasks_covered']} / {done['task_count']}", fmt["cell"]
            )
            col = 3
            for kind, _label in kinds:
                sheet.write_number(
                    row, col, done["quotas"][kind]["count"], fmt["number"]
                )
                col += 1
            # NV is the commission's, for its four cases only: before the
            # hand-in a gap is something to complete.
            sheet.write_string(
                row,
                col,
                _("Conform") if done["conform"] else _("To complete"),
                fmt["cell"],
            )
            col += 1
            if last_review.get(dossier.id):
                sheet.write_datetime(row, col, last_review[dossier.id], date_fmt)
            else:
                sheet.write_blank(row, col, None, fmt["cell"])
            for index, task in enumerate(
                t for a in syn["activities"] for t in a["tasks"]
            ):
                sheet.write(
                    row,
                    col + 1 + index,
                    "X" if task["covered"] else "",
                    fmt["covered"] if task["covered"] else fmt["cell"],
                )
        used = {overview}
        for dossier in dossiers:
            name = (dossier.student_id.name or str(dossier.id))[:28]
            while name in used:
                name = f"{name[:26]}{len(used)}"
            used.add(name)
            synoptic_report._gpme_write_synoptic(
                workbook.add_worksheet(name), fmt, synoptics[dossier.id]
            )
