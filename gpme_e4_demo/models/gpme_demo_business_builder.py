"""The demo training company's two fiscal years of business: sales,
purchases, payments and the bank feed, written from the plan of
``services/demo_plan.py`` in batches (called by
``gpme.demo.company.builder`` once the company and its market exist)."""

from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models

from ..services import demo_plan

BILL_ACCOUNTS = {
    "rent": "pcg_6132",
    "telecom": "pcg_626",
    "transport": "pcg_6241",
    "vehicle": "pcg_2182",
}
# Payments of the last weeks are not on a bank statement yet.
RECENT_DAYS = 40
OPENING_BALANCE = 38500.0


class GpmeDemoBusinessBuilder(models.AbstractModel):
    _name = "gpme.demo.business.builder"
    _description = "Builder of the demo company's business"

    def _ref(self, company, name):
        return self.env.ref(f"l10n_fr.{company.id}_{name}")

    def _create_sales(self, company, plan, refs, today):
        env = self.env
        customers, products = refs["customers"], refs["products"]
        Order = env["sale.order"]
        vals_list = []
        for quote in plan.quotes:
            partner = customers[quote.customer]
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "user_id": refs["sales_user"].id,
                    "date_order": fields.Datetime.to_datetime(quote.day)
                    + timedelta(hours=9),
                    "validity_date": quote.day + timedelta(days=30),
                    "pricelist_id": partner.property_product_pricelist.id,
                    "payment_term_id": partner.property_payment_term_id.id,
                    "order_line": [
                        Command.create(
                            {"product_id": products[key].id, "product_uom_qty": qty}
                        )
                        for key, qty in quote.lines
                    ],
                }
            )
        orders = Order.create(vals_list)
        by_state = defaultdict(lambda: Order.browse())
        for quote, order in zip(plan.quotes, orders, strict=False):
            by_state[quote.state] |= order
        confirmed = by_state["invoiced"] | by_state["ordered"]
        confirmed.action_confirm()
        by_state["lost"].with_context(disable_cancel_warning=True).action_cancel()
        for quote, order in zip(plan.quotes, orders, strict=False):
            order.date_order = fields.Datetime.to_datetime(quote.day) + timedelta(
                hours=9
            )
            if quote.lost:
                order.message_post(body=quote.lost)
        by_state["open"][:2].write({"state": "sent"})
        # Invoices with their dates in one batch (as _create_invoices would).
        invoice_vals = []
        pairs = []
        for quote, order in zip(plan.quotes, orders, strict=False):
            if quote.state != "invoiced":
                continue
            vals = order._prepare_invoice()
            vals["invoice_date"] = quote.day
            vals["invoice_line_ids"] = [
                Command.create(line._prepare_invoice_line())
                for line in order.order_line
            ]
            invoice_vals.append(vals)
            pairs.append(quote)
        invoices = env["account.move"].create(invoice_vals)
        pairs = list(zip(pairs, invoices, strict=False))
        invoices.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        # Credit notes, reconciled with the invoice they correct.
        refund_vals = []
        refunded = []
        for quote, invoice in pairs:
            if not quote.refund:
                continue
            day, key, qty, reason = quote.refund
            line = invoice.invoice_line_ids.filtered(
                lambda ln, p=products[key]: ln.product_id == p
            )[:1]
            refund_vals.append(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "invoice_date": day,
                    "reversed_entry_id": invoice.id,
                    "ref": "%s (%s)" % (reason, invoice.name),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": qty,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        )
                    ],
                }
            )
            refunded.append(invoice)
        refunds = env["account.move"].create(refund_vals)
        refunds.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        for refund, invoice in zip(refunds, refunded, strict=False):
            self._reconcile(refund | invoice, "asset_receivable")
        self._pay(
            refs,
            [(quote.pay, invoice) for quote, invoice in pairs if quote.pay],
            "inbound",
            today,
        )

    def _create_purchases(self, company, plan, refs, today):
        env = self.env
        suppliers, products = refs["suppliers"], refs["products"]
        Purchase = env["purchase.order"]
        vals_list = []
        for purchase in plan.purchases:
            when = fields.Datetime.to_datetime(purchase.day) + timedelta(hours=10)
            vals_list.append(
                {
                    "partner_id": suppliers[purchase.supplier].id,
                    "payment_term_id": suppliers[
                        purchase.supplier
                    ].property_supplier_payment_term_id.id,
                    "company_id": company.id,
                    "user_id": refs["buyer"].id,
                    "date_order": when,
                    "origin": purchase.need or False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": products[key].id,
                                "product_qty": qty,
                                "date_planned": when + timedelta(days=5),
                            }
                        )
                        for key, qty in purchase.lines
                    ],
                }
            )
        orders = Purchase.create(vals_list)
        billed = orders.browse(
            [
                o.id
                for p, o in zip(plan.purchases, orders, strict=False)
                if p.state == "billed"
            ]
        )
        billed.button_confirm()
        cancelled = orders.browse(
            [
                o.id
                for p, o in zip(plan.purchases, orders, strict=False)
                if p.state == "cancelled"
            ]
        )
        cancelled.button_cancel()
        orders.browse(
            [
                o.id
                for p, o in zip(plan.purchases, orders, strict=False)
                if p.state == "rfq"
            ]
        ).write({"state": "sent"})
        bill_vals = []
        pairs = []
        for number, (purchase, order) in enumerate(
            zip(plan.purchases, orders, strict=False), 1
        ):
            when = fields.Datetime.to_datetime(purchase.day) + timedelta(hours=10)
            order.date_order = when
            if purchase.state != "billed":
                continue
            order.date_approve = when
            vals = order._prepare_invoice()
            vals["invoice_date"] = min(purchase.day + timedelta(days=3), today)
            vals["ref"] = "FA-%s-%04d" % (purchase.supplier[:3].upper(), number)
            vals["invoice_line_ids"] = [
                Command.create(line._prepare_account_move_line())
                for line in order.order_line
            ]
            bill_vals.append(vals)
            pairs.append(purchase)
        bills = env["account.move"].create(bill_vals)
        payments = [
            (p.pay, bill) for p, bill in zip(pairs, bills, strict=False) if p.pay
        ]
        # Bills without purchase order: rent, telephone, transport, a vehicle.
        other_vals = []
        other_pay = []
        for supplier, day, label, amount, account, pay_day in plan.bills:
            tax = "tva_imm_normale" if account == "vehicle" else "tva_acq_normale"
            other_vals.append(
                {
                    "move_type": "in_invoice",
                    "partner_id": suppliers[supplier].id,
                    "invoice_payment_term_id": suppliers[
                        supplier
                    ].property_supplier_payment_term_id.id,
                    "invoice_date": day,
                    "ref": "%s %s" % (label, day.strftime("%m/%Y")),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "quantity": 1,
                                "price_unit": amount,
                                "account_id": self._ref(
                                    company, BILL_ACCOUNTS[account]
                                ).id,
                                "tax_ids": [Command.set(self._ref(company, tax).ids)],
                            }
                        )
                    ],
                }
            )
            other_pay.append([(pay_day, 1.0)] if pay_day else [])
        others = env["account.move"].create(other_vals)
        payments += [
            (pay, bill) for pay, bill in zip(other_pay, others, strict=False) if pay
        ]
        (bills | others).sorted(lambda m: (m.invoice_date, m.id)).action_post()
        # Refunds: a defective chair sent back, a year-end rebate.
        refund_vals = []
        refunded = []
        for purchase, bill in zip(pairs, bills, strict=False):
            if not purchase.refund:
                continue
            day, key, qty, reason = purchase.refund
            line = bill.invoice_line_ids[:1]
            refund_vals.append(
                {
                    "move_type": "in_refund",
                    "partner_id": bill.partner_id.id,
                    "invoice_date": day,
                    "reversed_entry_id": bill.id,
                    "ref": reason,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": qty,
                                "price_unit": line.price_unit,
                                "tax_ids": [Command.set(line.tax_ids.ids)],
                            }
                        )
                    ],
                }
            )
            refunded.append(bill)
        rebate_day = plan.fy1[1]
        refund_vals.append(
            {
                "move_type": "in_refund",
                "partner_id": suppliers["dauphine"].id,
                "invoice_date": rebate_day,
                "ref": "Ristourne de fin d'exercice (2 % du volume d'achats)",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Ristourne annuelle sur achats de papeterie",
                            "quantity": 1,
                            "price_unit": 412.0,
                            "tax_ids": [
                                Command.set(self._ref(company, "tva_acq_normale").ids)
                            ],
                        }
                    )
                ],
            }
        )
        refunds = env["account.move"].create(refund_vals)
        refunds.sorted(lambda m: (m.invoice_date, m.id)).action_post()
        for refund, bill in zip(refunds, refunded, strict=False):
            self._reconcile(refund | bill, "liability_payable")
        self._pay(refs, payments, "outbound", today)

    # ------------------------------------------------------------------
    @api.model
    def _reconcile(self, moves, account_type):
        moves.line_ids.filtered(
            lambda ln: ln.account_id.account_type == account_type and not ln.reconciled
        ).reconcile()

    def _pay(self, refs, items, direction, today):
        """Payments as the bank saw them: [(pay plan, invoice)].

        Older ones arrive with the bank statements, matched with the invoice;
        those of the last weeks are registered payments not on a statement
        yet: the students reconcile them when the next statement comes.
        """
        recent = today - timedelta(days=RECENT_DAYS)
        payment_vals = []
        payment_targets = []
        account_type = (
            "asset_receivable" if direction == "inbound" else "liability_payable"
        )
        sign = 1 if direction == "inbound" else -1
        for pay, invoice in items:
            residual = invoice.amount_residual
            # A plan paying half leaves half due: only the payment that
            # completes the invoice takes the rounding rest.
            settles = sum(share for __, share in pay) >= 1
            for index, (day, share) in enumerate(pay):
                last = index == len(pay) - 1 and settles
                amount = residual if last else round(invoice.amount_residual * share, 2)
                residual = round(residual - amount, 2)
                if amount <= 0:
                    continue
                partner = invoice.commercial_partner_id
                if day >= recent:
                    payment_vals.append(
                        {
                            "payment_type": direction,
                            "partner_type": "customer" if sign > 0 else "supplier",
                            "partner_id": partner.id,
                            "amount": amount,
                            "date": day,
                            "journal_id": refs["bank"].id,
                            "ref": invoice.name,
                        }
                    )
                    payment_targets.append(invoice)
                    # On the bank feed a day or two later, not matched yet:
                    # the students reconcile it with the payment (task 1.6).
                    refs["bank_feed"].append(
                        {
                            "journal_id": refs["bank"].id,
                            "date": min(
                                day + timedelta(days=1 + len(payment_vals) % 2), today
                            ),
                            "payment_ref": "%s %s %s"
                            % (
                                "VIR RECU" if sign > 0 else "VIR EMIS",
                                partner.name.upper(),
                                invoice.ref or invoice.name,
                            ),
                            "partner_id": partner.id,
                            "amount": round(sign * amount, 2),
                        }
                    )
                    continue
                counterpart = invoice.line_ids.filtered(
                    lambda ln: ln.account_id.account_type == account_type
                )[:1].account_id
                refs["bank_lines"].append(
                    (
                        {
                            "journal_id": refs["bank"].id,
                            "date": day,
                            "payment_ref": "%s %s %s"
                            % (
                                "VIR RECU" if sign > 0 else "VIR EMIS",
                                partner.name.upper(),
                                invoice.ref or invoice.name,
                            ),
                            "partner_id": partner.id,
                            "amount": round(sign * amount, 2),
                            "counterpart_account_id": counterpart.id,
                        },
                        invoice,
                        account_type,
                    )
                )
        payments = self.env["account.payment"].create(payment_vals)
        payments.action_post()
        for payment, invoice in zip(payments, payment_targets, strict=False):
            self._reconcile(payment.move_id | invoice, account_type)

    def _create_bank_statements(self, company, refs, plan, today):
        """One statement per month up to today. Older lines are matched with
        their invoice; the lines of the last weeks (payments registered in
        the PGI, the month's bank fees, a card payment) are still to
        reconcile: task 1.6 of the students."""
        env = self.env
        fees = self._ref(company, "pcg_6278")
        recent = today - timedelta(days=RECENT_DAYS)
        month = plan.fy1[0]
        # Charged on the last day of each month (the current one is not over).
        while demo_plan.month_end(month) <= today:
            day = demo_plan.month_end(month)
            refs["bank_feed" if day >= recent else "bank_lines"].append(
                {
                    "journal_id": refs["bank"].id,
                    "date": day,
                    "payment_ref": "FRAIS TENUE DE COMPTE ET COTISATION CARTE",
                    "amount": -18.60,
                    **({} if day >= recent else {"counterpart_account_id": fees.id}),
                }
            )
            month = demo_plan.add_months(month, 1)
        card_day = today - timedelta(days=1 + max(today.weekday() - 4, 0))
        refs["bank_feed"].append(
            {
                "journal_id": refs["bank"].id,
                "date": card_day,
                "payment_ref": "CB TOTALENERGIES LYON 7 CARBURANT KANGOO",
                "amount": -64.30,
            }
        )
        opening = (
            {
                "journal_id": refs["bank"].id,
                "date": plan.fy1[0],
                "payment_ref": "Solde reporté de l'exercice précédent",
                "amount": OPENING_BALANCE,
                "counterpart_account_id": self._ref(company, "pcg_110").id,
            },
            None,
            None,
        )
        lines_in = [
            item if isinstance(item, tuple) else (item, None, None)
            for item in refs["bank_lines"]
        ] + [(vals, None, None) for vals in refs["bank_feed"]]
        items = [opening] + sorted(
            lines_in,
            key=lambda item: (item[0]["date"], item[1].id if item[1] else 0),
        )
        lines = env["account.bank.statement.line"].create([i[0] for i in items])
        for line, (__, invoice, account_type) in zip(lines, items, strict=False):
            if invoice:
                self._reconcile(line.move_id | invoice, account_type)
        by_month = defaultdict(list)
        for line in lines:
            by_month[line.date.replace(day=1)].append(line.id)
        Statement = env["account.bank.statement"]
        for number, month in enumerate(sorted(by_month), 1):
            statement = Statement.create(
                {
                    "name": "Relevé n° %d – %s" % (number, month.strftime("%m/%Y")),
                    "line_ids": [Command.set(by_month[month])],
                }
            )
            statement.balance_end_real = statement.balance_end
