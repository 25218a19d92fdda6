from odoo import api, models

from ..services import conformity


class ReportGpmeSynopticXlsx(models.AbstractModel):
    """The synoptic as a spreadsheet: one row per task, the same matrix as the
    PDF (built by report.gpme_e4.report_synoptic)."""

    _name = "report.gpme_e4.synoptic_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Synoptic document (XLSX)"

    @api.model
    def _gpme_formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 12}),
            "head": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "activity": workbook.add_format(
                {"bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True}
            ),
            "cell": workbook.add_format(
                {"border": 1, "text_wrap": True, "valign": "top"}
            ),
            "covered": workbook.add_format(
                {"border": 1, "text_wrap": True, "valign": "top", "bg_color": "#C8C8C8"}
            ),
        }

    @api.model
    def _gpme_write_synoptic(self, sheet, fmt, syn):
        """Write one synoptic matrix on a sheet; one row per task."""
        sheet.set_column(0, 0, 55)
        sheet.set_column(1, 4, 18)
        sheet.set_column(5, 5, 45)
        sheet.write(
            0,
            0,
            "BTS Gestion de la PME – session %s – passeport professionnel"
            % syn["session"],
            fmt["title"],
        )
        sheet.write(1, 0, syn["candidate"])
        sheet.write(1, 1, syn["candidate_number"])
        sheet.write(1, 2, syn["school"])
        heads = (
            ["Activités et tâches"]
            + [c["label"] for c in syn["columns"]]
            + ["Solutions logicielles et fonctionnalités mobilisées"]
        )
        sheet.write_row(3, 0, heads, fmt["head"])
        row = 4
        for activity in syn["activities"]:
            sheet.merge_range(
                row,
                0,
                row,
                5,
                f"{activity['code']} {activity['name']} – {activity['competence']}",
                fmt["activity"],
            )
            row += 1
            for task in activity["tasks"]:
                style = fmt["covered"] if task["covered"] else fmt["cell"]
                label = f"{task['code']} {task['name']}"
                if task["is_communication"]:
                    label += " [C]"
                cells = [
                    "\n".join(
                        f"{s['code']} ({s['period']})" if s["period"] else s["code"]
                        for s in cell
                    )
                    for cell in task["cells"]
                ]
                sheet.write_row(
                    row, 0, [label] + cells + ["\n".join(task["software"])], style
                )
                row += 1
        return row

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
        synoptics = self.env["report.gpme_e4.report_synoptic"]._synoptic_data(dossiers)
        findings = self.env["gpme.conformity.rule"]._gpme_findings(dossiers)
        quotas = {}
        for rule in (
            self.env["gpme.conformity.rule"]
            .sudo()
            .search([("kind", "!=", False), ("activity_id", "=", False)])
        ):
            quotas[rule.kind] = max(quotas.get(rule.kind, 0), rule.min_count)
        counts = {d.id: {"grcf": 0, "oral": 0, "written": 0} for d in dossiers}
        for situation in self.env["gpme.situation"].search(
            [("dossier_id", "in", dossiers.ids)]
        ):
            kinds = counts[situation.dossier_id.id]
            kinds["grcf"] += situation.is_grcf
            kinds["oral"] += situation.is_oral
            kinds["written"] += situation.is_written
        last_review = {}
        for review in self.env["gpme.review"].search(
            [("dossier_id", "in", dossiers.ids)], order="date, id"
        ):
            last_review[review.dossier_id.id] = review.date
        sheet = workbook.add_worksheet("Synthèse")
        tasks = [
            task["code"]
            for activity in (
                next(iter(synoptics.values()))["activities"] if synoptics else []
            )
            for task in activity["tasks"]
        ]
        kinds = [("grcf", "GRCF"), ("oral", "Oral"), ("written", "Écrit")]
        heads = (
            ["Étudiant", "N° candidat", "Tâches couvertes"]
            + [f"{label} (min. {quotas.get(kind, 0)})" for kind, label in kinds]
            + ["Conformité", "Dernier bilan"]
            + tasks
        )
        sheet.set_column(0, 0, 28)
        sheet.set_column(3 + len(kinds) + 1, 3 + len(kinds) + 1, 12)
        sheet.write_row(0, 0, heads, fmt["head"])
        date_fmt = workbook.add_format({"num_format": "dd/mm/yyyy", "border": 1})
        for row, dossier in enumerate(dossiers, start=1):
            syn = synoptics[dossier.id]
            blocking = conformity.blocking(findings.get(dossier.id, []))
            failed = conformity.failed(findings.get(dossier.id, []))
            values = (
                [
                    syn["candidate"],
                    syn["candidate_number"],
                    f"{syn['covered_count']}/{syn['task_count']}",
                ]
                + [counts[dossier.id][kind] for kind, _label in kinds]
                + [
                    "Non conforme"
                    if blocking
                    else ("À compléter" if failed else "Conforme")
                ]
            )
            sheet.write_row(row, 0, values, fmt["cell"])
            col = len(values)
            if last_review.get(dossier.id):
                sheet.write_datetime(row, col, last_review[dossier.id], date_fmt)
            else:
                sheet.write(row, col, "", fmt["cell"])
            for index, task in enumerate(
                t for a in syn["activities"] for t in a["tasks"]
            ):
                sheet.write(
                    row,
                    col + 1 + index,
                    "X" if task["covered"] else "",
                    fmt["covered"] if task["covered"] else fmt["cell"],
                )
        used = {"Synthèse"}
        for dossier in dossiers:
            name = (dossier.student_id.name or str(dossier.id))[:28]
            while name in used:
                name = f"{name[:26]}{len(used)}"
            used.add(name)
            synoptic_report._gpme_write_synoptic(
                workbook.add_worksheet(name), fmt, synoptics[dossier.id]
            )
