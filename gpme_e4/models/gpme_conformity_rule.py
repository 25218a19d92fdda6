from odoo import _, api, fields, models

from ..services import conformity, progress

# Bootstrap badge of each severity in the checklist.
SEVERITY_BADGES = {
    "blocking": "text-bg-danger",
    "penalising": "text-bg-warning",
    # Dark text: white on Odoo's info blue is 3:1 (axe-core, issue 22).
    "warning": "bg-info text-dark",
}


class GpmeConformityRule(models.Model):
    """A rule of the référentiel a dossier must meet, and the glue that feeds
    the pure ``services.conformity`` module with the facts of dossiers."""

    _name = "gpme.conformity.rule"
    _inherit = "gpme.referential.mixin"
    _description = "E4 conformity rule"

    severity = fields.Selection(
        [
            ("blocking", "Blocking"),
            ("penalising", "Penalising"),
            ("warning", "Warning"),
        ],
        required=True,
        default="penalising",
    )
    kind = fields.Selection(
        [
            ("grcf", "GRCF"),
            ("oral", "Oral communication"),
            ("written", "Written communication"),
        ],
        help="Kind of fiche the rule counts, if any.",
    )
    min_count = fields.Integer(string="Minimum")
    activity_id = fields.Many2one("gpme.activity", ondelete="restrict")
    tool_ids = fields.Many2many(
        "gpme.tool",
        string="Required tools",
        help="Tools the fiches of the rule's kind must mobilise between them.",
    )
    message = fields.Char(
        required=True,
        help="Message shown when the rule fails; may use {count}, {min}, "
        "{missing} and {missing_list}.",
    )

    @api.model
    def _gpme_multi_kind_counts(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.multi_kind_counts", "several")
        )
        return value != "one"

    @api.model
    def _gpme_quotas(self):
        """{"total", "grcf", "oral", "written": minimum number of fiches}
        from the counting rules (see services.progress)."""
        return progress.quotas(self._gpme_rules())

    @api.model
    def _gpme_rules(self):
        return [
            conformity.Rule(
                code=rule.code,
                name=rule.name,
                severity=rule.severity,
                message=rule.message,
                kind=rule.kind or None,
                min_count=rule.min_count,
                activity_code=rule.activity_id.code or None,
                tool_codes=tuple(rule.tool_ids.mapped("code")),
            )
            for rule in self.sudo().search([])
        ]

    @api.model
    def _gpme_facts(self, dossiers):
        """{dossier id: conformity.Facts}, in a constant number of queries."""
        env = self.env(su=True)
        activities = env["gpme.activity"].search([])
        activity_codes = {a.id: a.code for a in activities}
        situations = env["gpme.situation"]._gpme_conformity_rows(dossiers.ids)
        # Counted in SQL: read_group would join the fiches to order the
        # groups (0.2 s on the 50,000 evidence of an académie).
        env["gpme.evidence"].flush_model(["dossier_id", "situation_id"])
        env.cr.execute(
            "SELECT situation_id, count(*) FROM gpme_evidence"
            " WHERE dossier_id = ANY(%s) GROUP BY situation_id",
            [list(dossiers.ids)],
        )
        evidence_counts = dict(env.cr.fetchall())
        extra, tasks, tools = (
            env["gpme.situation"].browse([r["id"] for r in situations])
        )._gpme_conformity_extra(situations)
        by_dossier = {dossier_id: [] for dossier_id in dossiers.ids}
        for row in situations:
            kinds = {
                kind
                for kind, flag in (
                    ("grcf", row["is_grcf"]),
                    ("oral", row["is_oral"]),
                    ("written", row["is_written"]),
                )
                if flag
            }
            by_dossier[row["dossier_id"]].append(
                conformity.Situation(
                    code=row["code"] or row["name"],
                    name=row["name"],
                    kinds=frozenset(kinds),
                    with_customer=row["with_customer"],
                    activity_codes=frozenset(
                        activity_codes[a]
                        for a in row["e4_activity_ids"]
                        if a in activity_codes
                    ),
                    validated=row["state"] == "validated",
                    state=row["state"] or "",
                    evidence_count=evidence_counts.get(row["id"], 0),
                    **extra[row["id"]],
                )
            )
        activity_labels = {a.code: a.name for a in activities}
        sections = dossiers._gpme_context_sections()
        return {
            dossier.id: conformity.Facts(
                situations=tuple(by_dossier[dossier.id]),
                activities=activity_labels,
                tasks=tasks,
                tools=tools,
                context_sections=tuple(
                    (label, not conformity.html_is_blank(dossier[name]))
                    for name, label in sections
                ),
            )
            for dossier in dossiers
        }

    @api.model
    def _gpme_multi_kind_message(self):
        return _(
            "Fiche(s) of several kinds counted for several quotas: "
            "{missing_list}. Check this is accepted for your session."
        )

    @api.model
    def _gpme_findings(self, dossiers):
        """{dossier id: [conformity.Finding]} for the given dossiers."""
        rules = self._gpme_rules()
        multi = self._gpme_multi_kind_counts()
        message = self._gpme_multi_kind_message()
        return {
            dossier_id: conformity.evaluate(rules, facts, multi, message)
            for dossier_id, facts in self._gpme_facts(dossiers).items()
        }

    @api.model
    def _gpme_progress(self, dossiers):
        """{dossier id: services.progress.build() dict, plus its "findings"}:
        the numbers the dashboard, the student's home, the checklist, the
        class workbook and the synoptic all show, in a constant number of
        queries for the batch."""
        rules = self._gpme_rules()
        multi = self._gpme_multi_kind_counts()
        message = self._gpme_multi_kind_message()
        quota = progress.quotas(rules)
        result = {}
        for dossier_id, facts in self._gpme_facts(dossiers).items():
            findings = conformity.evaluate(rules, facts, multi, message)
            result[dossier_id] = dict(
                progress.build(facts, findings, quota, multi), findings=findings
            )
        return result

    @api.model
    def _gpme_progress_summary(self, numbers):
        """The counts of one dossier's _gpme_progress() as short phrases,
        in the language of self.env (the checklist's first line)."""
        if not numbers:
            return []
        quotas = numbers["quotas"]
        labels = [
            ("total", _("Validated fiches")),
            ("grcf", _("GRCF")),
            ("oral", _("Oral")),
            ("written", _("Written")),
        ]
        phrase = _("%(label)s: %(count)s / %(min)s")
        return [
            phrase
            % {"label": label, "count": quotas[key]["count"], "min": quotas[key]["min"]}
            for key, label in labels
        ] + [
            phrase
            % {
                "label": _("Tasks covered"),
                "count": numbers["tasks_covered"],
                "min": numbers["task_count"],
            }
        ]

    @api.model
    def _gpme_checklist_rows(self, findings_by_dossier):
        """{dossier id: plain rows of its checklist, failed first} for the QWeb
        template ``gpme_e4.conformity_checklist``."""
        severities = dict(self._fields["severity"]._description_selection(self.env))
        return {
            dossier_id: [
                {
                    "passed": finding.passed,
                    "severity": finding.severity,
                    "severity_label": severities.get(
                        finding.severity, finding.severity
                    ),
                    "badge": SEVERITY_BADGES.get(finding.severity, ""),
                    "text": finding.name
                    if finding.passed
                    else finding.message or finding.name,
                }
                for finding in sorted(findings, key=lambda f: f.passed)
            ]
            for dossier_id, findings in findings_by_dossier.items()
        }
