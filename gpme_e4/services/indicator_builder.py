from odoo import _, fields
from odoo.tools import date_utils
from odoo.tools.misc import format_date, formatLang

from . import indicators


def _share_rows(items):
    """Table rows (label, amount, share) of an indicator breakdown."""
    return [
        [i["label"], {"t": "amount", "v": i["amount"]}, {"t": "pct", "v": i["share"]}]
        for i in items
    ]


class IndicatorBuilder:
    """Commercial-context indicators of a company, as plain data.

    One builder for every reader (the dossier form, the PDFs, an XLSX), as OCA
    ``account_financial_report`` does: it returns lists of dicts (code,
    section, name, method, period, columns, rows of typed cells) and never
    HTML; the QWeb sub-template ``gpme_e4.indicator_tables`` lays them out.
    A cell is a label or ``{"t": "amount"|"pct"|"days"|"int", "v": value}``.
    The computation itself stays in the pure module ``services.indicators``.
    """

    def __init__(self, env):
        # The reader's environment: the language of labels, numbers and
        # dates; the accounting is read as superuser.
        self.env = env

    def _get_indicators(self, company):
        """Indicator values for a company: a few read_group, no per-record query.

        Documents dated after today are left out (and said): the period is
        the fiscal year of the last document dated up to today, cut at today
        while it runs, and compared with the same period of the year before.
        """
        env = self.env(su=True)
        Move = env["account.move"].with_context(active_test=False)
        sale_types = ["out_invoice", "out_refund"]
        purchase_types = ["in_invoice", "in_refund"]
        today = fields.Date.context_today(env["res.company"].with_env(self.env))
        docs = [
            ("company_id", "=", company.id),
            ("state", "=", "posted"),
            ("move_type", "in", sale_types + purchase_types),
        ]
        last = Move.read_group(
            docs + [("invoice_date", "<=", today)], ["invoice_date:max"], []
        )
        future = Move.read_group(
            docs + [("invoice_date", ">", today)], ["invoice_date:max"], []
        )
        note = ""
        if future and future[0]["__count"]:
            note = _(
                "%(count)s invoice(s) dated after %(today)s (the last on %(last)s) "
                "not taken into account.",
                count=future[0]["__count"],
                today=format_date(self.env, today),
                last=format_date(self.env, future[0]["invoice_date"]),
            )
        last_date = last and last[0].get("invoice_date")
        if not last_date:
            return self._empty_indicators(company, note)

        def fiscal_year(day):
            return self._fiscal_year(company, day)

        period = indicators.analysis_period(today, fiscal_year, last_date)
        date_from, until = period["date_from"], period["until"]
        base = [
            ("company_id", "=", company.id),
            ("state", "=", "posted"),
            ("invoice_date", "<=", today),
        ]
        in_period = [("invoice_date", ">=", date_from), ("invoice_date", "<=", until)]
        dates = {
            "from": format_date(self.env, date_from),
            "to": format_date(self.env, until),
        }
        if period["complete"]:
            period_label = _("fiscal year %(from)s – %(to)s", **dates)
        else:
            period_label = _(
                "current fiscal year, from %(from)s to today (%(to)s)", **dates
            )
        values = [
            self._turnover_indicator(company, Move, base, sale_types, period),
            *self._customer_indicators(
                Move, base + in_period, sale_types, date_from, until, period_label
            ),
            *self._supplier_indicators(
                company,
                Move,
                base + in_period,
                purchase_types,
                date_from,
                until,
                period_label,
            ),
            *self._payment_indicators(
                company, Move, base + in_period, date_from, until, period_label
            ),
            *self._ageing_indicators(company, Move, base, period, period_label, today),
        ]
        if note:
            for vals in values:
                vals["data"]["note"] = note
        return values

    def _fiscal_year(self, company, day):
        """(first day, last day) of the company's fiscal year holding ``day``,
        from its fiscal year end (Accounting settings). Community's
        ``compute_fiscalyear_dates`` always answers the calendar year, which
        would contradict the company's own setting."""
        return date_utils.get_fiscal_year(
            day,
            day=company.fiscalyear_last_day,
            month=int(company.fiscalyear_last_month),
        )

    def _indicator_specs(self):
        """code: (section, title) of every indicator, in display order."""
        return {
            "turnover": ("ctx_turnover", _("Turnover per fiscal year")),
            "customers_top": ("ctx_customers", _("Turnover by customer")),
            "customers_tag": ("ctx_customers", _("Turnover by customer tag")),
            "purchases_supplier": ("ctx_suppliers", _("Purchases by supplier")),
            "purchases_category": (
                "ctx_suppliers",
                _("Purchases by product category"),
            ),
            "delay_customer": (
                "ctx_payment_terms",
                _("Average customer payment delay"),
            ),
            "delay_supplier": (
                "ctx_payment_terms",
                _("Average supplier payment delay"),
            ),
            "terms_customer": (
                "ctx_payment_terms",
                _("Payment terms used with customers"),
            ),
            "terms_supplier": (
                "ctx_payment_terms",
                _("Payment terms used with suppliers"),
            ),
            "ageing_customer": (
                "ctx_payment_terms",
                _("Customer receivables by due date"),
            ),
            "textbook_delay_customer": (
                "ctx_payment_terms",
                _("Customer payment delay (receivables / turnover)"),
            ),
            "ageing_supplier": (
                "ctx_payment_terms",
                _("Supplier payables by due date"),
            ),
            "textbook_delay_supplier": (
                "ctx_payment_terms",
                _("Supplier payment delay (payables / purchases)"),
            ),
        }

    def _indicator(self, code, method, columns=None, rows=None, **extra):
        section, name = self._indicator_specs()[code]
        data = {"columns": columns or [], "rows": rows or []}
        data.update(extra.pop("data", {}))
        is_empty = not rows
        empty_message = extra.pop("empty_message", None)
        if is_empty:
            data["empty_message"] = empty_message or _(
                "Nothing in the accounting to compute it from."
            )
        return dict(
            code=code,
            section=section,
            name=name,
            method=method,
            data=data,
            is_empty=is_empty,
            **extra,
        )

    def _empty_indicators(self, company, note=""):
        message = _(
            "The company %s has no posted customer invoice or vendor bill yet: "
            "there is nothing to compute.",
            company.name,
        )
        if note:
            message = f"{message} {note}"
        return [
            self._indicator(code, "", empty_message=message)
            for code in self._indicator_specs()
        ]

    def _turnover_indicator(self, company, Move, base, sale_types, period):
        sales = base + [("move_type", "in", sale_types)]
        groups = Move.read_group(
            sales,
            ["amount_untaxed_signed:sum"],
            ["invoice_date:month"],
            lazy=False,
        )
        years = {}
        rows_in = []
        for group in groups:
            rng = (group.get("__range") or {}).get("invoice_date:month")
            if not rng:
                continue
            month = fields.Date.to_date(rng["from"])
            key = years.get(month)
            if key is None:
                key = years[month] = self._fiscal_year(company, month)
            rows_in.append((key, group["amount_untaxed_signed"]))
        open_year = None
        if not period["complete"]:
            # The running year against the same days of the previous one.
            same = Move.read_group(
                sales
                + [
                    ("invoice_date", ">=", period["previous_from"]),
                    ("invoice_date", "<=", period["previous_until"]),
                ],
                ["amount_untaxed_signed:sum"],
                [],
            )
            open_year = (
                period["date_from"],
                period["date_to"],
                period["until"],
                (same and same[0]["amount_untaxed_signed"]) or 0.0,
            )
        result = indicators.turnover_by_year(rows_in, open_year)
        rows = []
        for year in result:
            label = "%s – %s" % (
                format_date(self.env, year["date_from"]),
                format_date(self.env, year["until"] or year["date_to"]),
            )
            if year["until"]:
                label = _("%s (running year, compared with the same period)", label)
            rows.append(
                [
                    label,
                    {"t": "amount", "v": year["amount"]},
                    {"t": "amount", "v": year["compared_amount"]},
                    {"t": "pct", "v": year["evolution"], "signed": True},
                ]
            )
        values = self._indicator(
            "turnover",
            _(
                "Sum of the untaxed amounts of posted customer invoices minus "
                "credit notes, by invoice date, per fiscal year of the company; "
                "evolution on the previous fiscal year. The running year counts "
                "up to today and is compared with the same period of the "
                "previous year."
            ),
            [
                _("Fiscal year"),
                _("Turnover (untaxed)"),
                _("Previous year (same period)"),
                _("Evolution"),
            ],
            rows,
            data={
                "years": [
                    dict(
                        y,
                        date_from=str(y["date_from"]),
                        date_to=str(y["date_to"]),
                        until=y["until"] and str(y["until"]),
                    )
                    for y in result
                ]
            },
        )
        if result:
            values.update(
                date_from=result[0]["date_from"],
                date_to=result[-1]["until"] or result[-1]["date_to"],
            )
        return values

    def _customer_indicators(
        self, Move, domain, sale_types, date_from, date_to, period_label
    ):
        groups = Move.read_group(
            domain + [("move_type", "in", sale_types)],
            ["amount_untaxed_signed:sum"],
            ["commercial_partner_id"],
            lazy=False,
        )
        amounts = {}
        names = {}
        for group in groups:
            if group["commercial_partner_id"]:
                pid, pname = group["commercial_partner_id"]
                amounts[pid] = group["amount_untaxed_signed"]
                names[pid] = str(pname)  # read_group gives a lazy name
        top, total = indicators.shares(
            [(names[p], a) for p, a in amounts.items()], top=5, others_label=_("Others")
        )
        partners = self.env["res.partner"].sudo().browse(list(amounts))
        tags_by = {p.id: p.category_id.mapped("name") for p in partners}
        tags, __ = indicators.tag_shares(amounts, tags_by, _("No tag"))
        columns = [_("Customer"), _("Turnover (untaxed)"), _("Share")]
        period = {"date_from": date_from, "date_to": date_to}

        return [
            self._indicator(
                "customers_top",
                _(
                    "Untaxed posted customer invoices minus credit notes over the "
                    "%s, by customer (commercial entity): the five largest and the "
                    "others together; share of the total.",
                    period_label,
                ),
                columns,
                _share_rows(top),
                data={"total": total, "items": top},
                **period,
            ),
            self._indicator(
                "customers_tag",
                _(
                    "Same turnover over the %s, by tag of the customer; a customer "
                    "with several tags counts for each of them, so the shares may "
                    "add up to more than 100 %%.",
                    period_label,
                ),
                [_("Customer tag"), _("Turnover (untaxed)"), _("Share")],
                _share_rows(tags),
                data={"total": total, "items": tags},
                **period,
            ),
        ]

    def _supplier_indicators(
        self, company, Move, domain, purchase_types, date_from, date_to, period_label
    ):
        groups = Move.read_group(
            domain + [("move_type", "in", purchase_types)],
            ["amount_untaxed_signed:sum"],
            ["commercial_partner_id"],
            lazy=False,
        )
        # Vendor bills carry a negative signed amount: purchases are its opposite.
        suppliers, total = indicators.shares(
            [
                (str(g["commercial_partner_id"][1]), -g["amount_untaxed_signed"])
                for g in groups
                if g["commercial_partner_id"]
            ],
            top=5,
            others_label=_("Others"),
        )
        lines = (
            self.env["account.move.line"]
            .sudo()
            .read_group(
                [
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("move_id.move_type", "in", purchase_types),
                    ("move_id.invoice_date", ">=", date_from),
                    ("move_id.invoice_date", "<=", date_to),
                    ("display_type", "=", "product"),
                ],
                ["balance:sum"],
                ["product_id"],
                lazy=False,
            )
        )
        products = (
            self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .browse([g["product_id"][0] for g in lines if g["product_id"]])
        )
        categ = {p.id: p.categ_id.display_name for p in products}
        by_categ, __ = indicators.shares(
            [
                (
                    categ[g["product_id"][0]] if g["product_id"] else _("No product"),
                    g["balance"],
                )
                for g in lines
            ],
            top=10,
            others_label=_("Others"),
        )
        period = {"date_from": date_from, "date_to": date_to}

        return [
            self._indicator(
                "purchases_supplier",
                _(
                    "Untaxed posted vendor bills minus refunds over the %s, by "
                    "supplier: the five largest and the others together.",
                    period_label,
                ),
                [_("Supplier"), _("Purchases (untaxed)"), _("Share")],
                _share_rows(suppliers),
                data={"total": total, "items": suppliers},
                **period,
            ),
            self._indicator(
                "purchases_category",
                _(
                    "Untaxed lines of posted vendor bills minus refunds over the "
                    "%s, by category of the product bought.",
                    period_label,
                ),
                [_("Product category"), _("Purchases (untaxed)"), _("Share")],
                _share_rows(by_categ),
                data={"items": by_categ},
                **period,
            ),
        ]

    def _payment_indicators(
        self, company, Move, domain, date_from, date_to, period_label
    ):
        env = self.env(su=True)
        period = {"date_from": date_from, "date_to": date_to}
        invoice_types = ["out_invoice", "out_refund", "in_invoice", "in_refund"]
        result = []
        for side, invoice_type, own, other in (
            ("customer", "out_invoice", "debit_move_id", "credit_move_id"),
            ("supplier", "in_invoice", "credit_move_id", "debit_move_id"),
        ):
            # Each partial reconciliation of an invoice's receivable/payable
            # line with a payment (not with a credit note) is one payment.
            partials = env["account.partial.reconcile"].search_read(
                [
                    ("company_id", "=", company.id),
                    (own + ".move_id.move_type", "=", invoice_type),
                    (own + ".move_id.state", "=", "posted"),
                    (own + ".move_id.invoice_date", ">=", date_from),
                    (own + ".move_id.invoice_date", "<=", date_to),
                    (other + ".move_id.move_type", "not in", invoice_types),
                ],
                [own, "amount", "max_date"],
                load=None,
            )
            # Browse in batch: the invoice lines, then their moves (prefetched).
            lines = env["account.move.line"].browse({p[own] for p in partials})
            invoice_dates = {line.id: line.move_id.invoice_date for line in lines}
            delay = indicators.average_delay(
                (invoice_dates[p[own]], p["max_date"], p["amount"]) for p in partials
            )
            rows = []
            if delay:
                rows = [
                    [
                        {"t": "days", "v": delay["days"]},
                        {"t": "int", "v": delay["count"]},
                        {"t": "amount", "v": delay["amount"]},
                    ]
                ]
            result.append(
                self._indicator(
                    "delay_" + side,
                    _(
                        "For the invoices of the %s: days from the invoice date to "
                        "the date of each payment reconciled with it (the later of "
                        "the two accounting dates), averaged with the amount paid "
                        "as weight.",
                        period_label,
                    ),
                    [_("Average delay (days)"), _("Payments"), _("Amount paid")],
                    rows,
                    data={"delay": delay},
                    empty_message=_("No payment reconciled with these invoices yet."),
                    **period,
                )
            )
        # Terms apply to invoices and bills; refunds would offset them.
        for side, types in (
            ("customer", ["out_invoice"]),
            ("supplier", ["in_invoice"]),
        ):
            groups = Move.read_group(
                domain + [("move_type", "in", types)],
                ["amount_total_signed:sum"],
                ["invoice_payment_term_id"],
                lazy=False,
            )
            counts = {}
            items = []
            for g in groups:
                label = (
                    str(g["invoice_payment_term_id"][1])
                    if g["invoice_payment_term_id"]
                    else _("No payment terms (immediate or due date)")
                )
                counts[label] = counts.get(label, 0) + g["__count"]
                items.append((label, abs(g["amount_total_signed"])))
            others = _("Others")
            shares, __ = indicators.shares(items, top=10, others_label=others)
            # The "Others" row gathers the terms beyond the top ten: its count
            # is theirs, not that of a term which happens to be named so.
            shown = {i["label"] for i in shares[:10]}
            if len(shares) > 10:
                counts = dict(counts)
                counts[others] = sum(
                    n for label, n in counts.items() if label not in shown
                )
            rows = [
                [
                    i["label"],
                    {"t": "int", "v": counts.get(i["label"], 0)},
                    {"t": "pct", "v": i["share"]},
                ]
                for i in shares
            ]
            result.append(
                self._indicator(
                    "terms_" + side,
                    _(
                        "Payment terms of the posted invoices of the %s: number of "
                        "invoices and share of the amount (taxes included).",
                        period_label,
                    ),
                    [_("Payment terms"), _("Invoices"), _("Share of the amount")],
                    rows,
                    data={"items": shares, "counts": counts},
                    **period,
                )
            )
        return result

    def _ageing_indicators(self, company, Move, base, period, period_label, today):
        """Open receivables and payables by days past due, and the textbook
        delays: outstanding / flow incl. tax × 360 (pro rata of a running
        year)."""
        fy_from, fy_to = period["date_from"], period["date_to"]
        days = indicators.commercial_days(fy_from, period["until"], fy_from, fy_to)
        in_period = [
            ("invoice_date", ">=", fy_from),
            ("invoice_date", "<=", period["until"]),
        ]
        labels = {
            "not_due": _("Not due"),
            "1-30": _("1 to 30 days late"),
            "31-60": _("31 to 60 days late"),
            "61-90": _("61 to 90 days late"),
            ">90": _("More than 90 days late"),
        }
        result = []
        for side, types, sign in (
            ("customer", ["out_invoice", "out_refund"], 1.0),
            ("supplier", ["in_invoice", "in_refund"], -1.0),
        ):
            domain = base + [("move_type", "in", types)]
            groups = Move.read_group(
                domain + [("amount_residual_signed", "!=", 0.0)],
                ["amount_residual_signed:sum"],
                ["invoice_date_due:day"],
                lazy=False,
            )
            rows_in = []
            for group in groups:
                rng = (group.get("__range") or {}).get("invoice_date_due:day")
                due = fields.Date.to_date(rng["from"]) if rng else None
                rows_in.append((due, sign * group["amount_residual_signed"]))
            ageing = indicators.ageing(rows_in, today)
            flow = Move.read_group(domain + in_period, ["amount_total_signed:sum"], [])
            flow = round(sign * ((flow and flow[0]["amount_total_signed"]) or 0.0), 2)
            delay = indicators.textbook_delay(ageing["total"], flow, days)
            rows = [
                [labels[b["key"]], {"t": "amount", "v": b["amount"]}]
                for b in ageing["buckets"]
            ]
            rows += [
                [_("Total overdue"), {"t": "amount", "v": ageing["overdue"]}],
                [_("Total open"), {"t": "amount", "v": ageing["total"]}],
            ]
            customer = side == "customer"
            result.append(
                self._indicator(
                    "ageing_" + side,
                    _(
                        "Open amounts (taxes included) of the posted customer "
                        "invoices minus credit notes dated up to today, by days "
                        "past their due date on %s.",
                        format_date(self.env, today),
                    )
                    if customer
                    else _(
                        "Open amounts (taxes included) of the posted vendor bills "
                        "minus refunds dated up to today, by days past their due "
                        "date on %s.",
                        format_date(self.env, today),
                    ),
                    [_("Due date"), _("Open amount (incl. tax)")],
                    rows if ageing["total"] or rows_in else [],
                    data={"ageing": ageing},
                    empty_message=_("Nothing left to pay."),
                    date_to=today,
                )
            )
            result.append(
                self._indicator(
                    "textbook_delay_" + side,
                    _(
                        "Receivables today (open customer invoices minus credit "
                        "notes, taxes included) / turnover taxes included over the "
                        "%(period)s × %(days)s days (360 days a year, pro rata of "
                        "a running year).",
                        period=period_label,
                        days=formatLang(self.env, days, digits=2),
                    )
                    if customer
                    else _(
                        "Payables today (open vendor bills minus refunds, taxes "
                        "included) / purchases taxes included over the %(period)s "
                        "× %(days)s days (360 days a year, pro rata of a running "
                        "year).",
                        period=period_label,
                        days=formatLang(self.env, days, digits=2),
                    ),
                    [
                        _("Receivables (incl. tax)")
                        if customer
                        else _("Payables (incl. tax)"),
                        _("Turnover (incl. tax)")
                        if customer
                        else _("Purchases (incl. tax)"),
                        _("Days"),
                        _("Delay (days)"),
                    ],
                    [
                        [
                            {"t": "amount", "v": ageing["total"]},
                            {"t": "amount", "v": flow},
                            formatLang(self.env, days, digits=2),
                            {"t": "days", "v": delay},
                        ]
                    ]
                    if delay is not None
                    else [],
                    data={
                        "outstanding": ageing["total"],
                        "flow": flow,
                        "days": days,
                        "delay": delay,
                    },
                    empty_message=_("No invoice over the period."),
                    date_from=fy_from,
                    date_to=period["until"],
                )
            )
        return result
