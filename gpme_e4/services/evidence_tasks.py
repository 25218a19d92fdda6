"""Which E4 tasks a PGI record usually shows, from its model, kind and state.

Plain Python so a teacher can read (and adjust) the mapping without the ORM.
Codes are those of the référentiel (gpme.task.code).
"""

# (model, kind) -> {state: codes}; the "*" state applies to any other state.
SUGGESTIONS = {
    ("sale.order", "quotation"): {"*": ("1.2.1",)},
    ("sale.order", "order"): {"*": ("1.2.2", "1.2.3")},
    ("purchase.order", "rfq"): {"*": ("1.4.3",)},
    ("purchase.order", "order"): {"*": ("1.5.2",)},
    ("account.move", "out_invoice"): {
        "posted": ("1.2.4", "1.6.1"),
        "*": ("1.2.4",),
    },
    ("account.move", "out_refund"): {
        "posted": ("1.2.4", "1.3.2"),
        "*": ("1.3.2",),
    },
    ("account.move", "in_invoice"): {
        "posted": ("1.5.4", "1.6.1"),
        "*": ("1.5.4",),
    },
    ("account.move", "in_refund"): {
        "posted": ("1.5.4", "1.5.5"),
        "*": ("1.5.4",),
    },
    ("account.move", "entry"): {"*": ("1.6.1",)},
    ("account.payment", "inbound"): {"*": ("1.2.4", "1.6.3")},
    ("account.payment", "outbound"): {"*": ("1.5.4", "1.6.3")},
    ("res.partner", "customer"): {"*": ("1.2.6",)},
    ("res.partner", "supplier"): {"*": ("1.4.4",)},
    ("res.partner", "prospect"): {"*": ("1.1.1",)},
}


def suggest_task_codes(model, kind, state=None, extra=None):
    """Task codes suggested for a record; an empty tuple when nothing fits.

    ``extra`` is a table of the same shape a bridge module declares for its
    own models (see gpme.evidence.mixin._gpme_evidence_task_suggestions).
    """
    by_state = (extra or {}).get((model, kind)) or SUGGESTIONS.get((model, kind))
    if not by_state:
        return ()
    return by_state.get(state, by_state.get("*", ()))


def sale_order_kind(state):
    return "quotation" if state in ("draft", "sent", "cancel") else "order"


def purchase_order_kind(state):
    return "rfq" if state in ("draft", "sent", "to approve", "cancel") else "order"


def partner_kind(customer_rank, supplier_rank):
    """A supplier first (purchases are rarer), then a customer, else a prospect."""
    if supplier_rank and not customer_rank:
        return "supplier"
    if customer_rank:
        return "customer"
    return "prospect"
