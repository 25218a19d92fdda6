from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..services.indicator_builder import IndicatorBuilder

# The 12 sections of the commercial context (domain reference §3), in order.
CONTEXT_SECTIONS = [
    ("ctx_identity", "Identity card of the company"),
    ("ctx_market", "Market and main trends"),
    ("ctx_turnover", "Turnover and its evolution"),
    ("ctx_customers", "Customer types, breakdown, segmentation"),
    ("ctx_competition", "Competition (prices, strengths, position of the company)"),
    ("ctx_process", "Purchase and sales process, including accounting activities"),
    ("ctx_suppliers", "Supplier types by purchase and their bargaining power"),
    ("ctx_payment_terms", "Customer and supplier payment terms"),
    ("ctx_communication", "Communication policy"),
    ("ctx_pricing", "General pricing principles"),
    ("ctx_sales_org", "Organisation of the sales function"),
    ("ctx_technology", "Technological resources available"),
]

CONTEXT_FIELDS = tuple(name for name, __ in CONTEXT_SECTIONS)


class GpmeDossierContext(models.AbstractModel):
    """The commercial context of a dossier: its 12 sections written by the
    candidate and the indicators computed from the accounting beside them
    (moved whole out of gpme.dossier, issue 23)."""

    _name = "gpme.dossier.context"
    _description = "E4 dossier: commercial context and indicators"

    # --- Commercial context (the 12 sections) ---
    ctx_identity = fields.Html(string="Identity card of the company")
    ctx_market = fields.Html(string="Market and main trends")
    ctx_turnover = fields.Html(string="Turnover and its evolution")
    ctx_customers = fields.Html(string="Customer types, breakdown, segmentation")
    ctx_competition = fields.Html(string="Competition")
    ctx_process = fields.Html(string="Purchase and sales process")
    ctx_suppliers = fields.Html(string="Supplier types and bargaining power")
    ctx_payment_terms = fields.Html(string="Customer and supplier payment terms")
    ctx_communication = fields.Html(string="Communication policy")
    ctx_pricing = fields.Html(string="General pricing principles")
    ctx_sales_org = fields.Html(string="Organisation of the sales function")
    ctx_technology = fields.Html(string="Technological resources available")
    pgi_presentation = fields.Html(
        string="Presentation of the PGI database",
        help="The candidate's synthetic presentation of the PGI database "
        "(référentiel p. 76): the work done in it. The printed dossier puts "
        "it after what the PGI holds (applications, document types and "
        "counts, screens).",
    )
    indicator_html_turnover = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    indicator_html_customers = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    indicator_html_suppliers = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )
    indicator_html_payment_terms = fields.Html(
        compute="_compute_indicator_html", sanitize=False
    )

    @api.model
    def _gpme_context_sections(self):
        return [
            (name, self._fields[name].get_description(self.env)["string"])
            for name in CONTEXT_FIELDS
        ]

    # ------------------------------------------------------------------
    # Indicators from the accounting (computed by services/indicator_builder.py)
    # ------------------------------------------------------------------
    @api.depends_context("lang")
    def _compute_indicator_html(self):
        by_section = {}
        real = self.filtered("id")
        if real:
            for indicator in self.env["gpme.dossier.indicator"].search(
                [("dossier_id", "in", real.ids)]
            ):
                by_section.setdefault(
                    (indicator.dossier_id.id, indicator.section), []
                ).append(indicator._gpme_table())
        for dossier in self:
            for section in ("turnover", "customers", "suppliers", "payment_terms"):
                tables = by_section.get((dossier.id, "ctx_" + section))
                dossier["indicator_html_" + section] = tables and self.env[
                    "ir.qweb"
                ]._render("gpme_e4.indicator_tables", {"indicators": tables})

    def action_refresh_indicators(self):
        for dossier in self:
            roles = dossier._gpme_roles()
            if not self.env.su and not roles & {"student", "teacher", "admin"}:
                raise AccessError(
                    _("You are not allowed to refresh the indicators of this dossier.")
                )
        self._gpme_refresh_indicators()
        return True

    def _gpme_refresh_indicators(self):
        for dossier in self:
            if dossier.indicators_frozen or dossier.state != "draft":
                raise UserError(
                    _(
                        "The indicators of the dossier « %s » were frozen at its "
                        "submission.",
                        dossier.name,
                    )
                )
        Indicator = self.env["gpme.dossier.indicator"].sudo()
        Builder = IndicatorBuilder(self.env)
        now = fields.Datetime.now()
        for dossier in self:
            Indicator.search([("dossier_id", "=", dossier.id)]).unlink()
            # Read on the reader's behalf: a teacher may refresh the
            # indicators of a student's own company, not one of hers.
            values = Builder._get_indicators(dossier.sudo().company_id)
            Indicator.create(
                [
                    dict(
                        vals,
                        dossier_id=dossier.id,
                        company_id=dossier.company_id.id,
                        sequence=seq,
                        computed_on=now,
                    )
                    for seq, vals in enumerate(values)
                ]
            )
            dossier.sudo().write({"indicators_date": now})
