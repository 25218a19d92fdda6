from odoo import _, api, fields, models

from ..services import conformity


class GpmeDossierChecklist(models.AbstractModel):
    """What the dossier's form shows of its conformity: the checklist, the
    synoptic, the hand-in warnings and the seals of its evidence (moved
    whole out of gpme.dossier, issue 23)."""

    _name = "gpme.dossier.checklist"
    _description = "E4 dossier: checklist, synoptic and warnings"

    # ------------------------------------------------------------------
    # Conformity checklist (the rules and their glue: gpme.conformity.rule)
    # ------------------------------------------------------------------
    # --- Warned at hand-in, never blocking (the commission judges) ---
    handin_warnings = fields.Text(
        string="Hand-in warnings", compute="_compute_handin_warnings"
    )
    handin_warning_count = fields.Integer(compute="_compute_handin_warnings")

    # --- Conformity checklist (recomputed at each read) ---
    conformity_html = fields.Html(
        string="Checklist", compute="_compute_conformity", sanitize=False
    )
    synoptic_html = fields.Html(
        string="Synoptic document", compute="_compute_synoptic_html", sanitize=False
    )
    conformity_blocking_count = fields.Integer(
        string="Blocking findings", compute="_compute_conformity"
    )
    conformity_issue_count = fields.Integer(
        string="Findings", compute="_compute_conformity"
    )

    @api.depends(
        "internship_ids.signed", "internship_ids.stamped", "internship_ids.employer"
    )
    def _compute_handin_warnings(self):
        warnings = self._gpme_handin_warnings()
        for dossier in self:
            dossier.handin_warnings = "\n".join(warnings.get(dossier.id, []))
            dossier.handin_warning_count = len(warnings.get(dossier.id, []))

    def _gpme_handin_warnings(self):
        """{dossier id: [message]}: what the commission may hold against
        the dossier at hand-in (attestations de stage missing, unsigned or
        unstamped: « documents non visés ou non signés », a case of NV).
        Warned, never blocking: the paper attestation may still come."""
        result = {}
        for dossier in self:
            messages = []
            internships = dossier.sudo().internship_ids
            if not internships:
                messages.append(
                    _(
                        "No internship attestation is recorded: the commission "
                        "may declare the dossier non-conforming (NV)."
                    )
                )
            for internship in internships:
                if not internship.signed and not internship.stamped:
                    message = _(
                        "The attestation of « %s » is recorded neither signed "
                        "nor stamped by the company."
                    )
                elif not internship.signed:
                    message = _("The attestation of « %s » is not recorded as signed.")
                elif not internship.stamped:
                    message = _(
                        "The attestation of « %s » is not recorded as stamped by "
                        "the company."
                    )
                else:
                    continue
                messages.append(message % internship.employer)
            result[dossier.id] = messages
        return result

    def _gpme_conformity_findings(self):
        """{dossier id: [conformity.Finding]} for the dossiers in self."""
        return self.env["gpme.conformity.rule"]._gpme_findings(self)

    @api.depends_context("lang")
    def _compute_synoptic_html(self):
        # The same matrix as the printed synoptic; each code opens its fiche.
        real = self.filtered("id")
        data = self.env["report.gpme_e4.report_synoptic"]._synoptic_data(real)
        for dossier in self:
            dossier.synoptic_html = dossier.id in data and self.env["ir.qweb"]._render(
                "gpme_e4.synoptic_matrix",
                {"syn": data[dossier.id], "link_fiches": True},
            )

    @api.depends_context("lang")
    def _compute_conformity(self):
        Rule = self.env["gpme.conformity.rule"]
        real = self.filtered("id")
        # The checklist shows the numbers of the dashboard and the workbook.
        numbers = Rule._gpme_progress(real) if real else {}
        findings = {key: value["findings"] for key, value in numbers.items()}
        rows = Rule._gpme_checklist_rows(findings)
        for dossier in self:
            dossier_findings = findings.get(dossier.id, [])
            dossier.conformity_blocking_count = len(
                conformity.blocking(dossier_findings)
            )
            dossier.conformity_issue_count = len(conformity.failed(dossier_findings))
            dossier.conformity_html = self.env["ir.qweb"]._render(
                "gpme_e4.conformity_checklist",
                {
                    "rows": rows.get(dossier.id, []),
                    "summary": Rule._gpme_progress_summary(numbers.get(dossier.id)),
                },
            )

    def action_verify_evidence_seals(self):
        self.check_access_rights("read")
        self.check_access_rule("read")
        return self.env.ref("gpme_e4.action_report_evidence_integrity").report_action(
            self
        )
