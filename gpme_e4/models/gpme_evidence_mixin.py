from odoo import _, api, fields, models, tools

from ..services import french
from ..services.evidence_snapshot import NEUTRAL_FIELDS


def document_kind_selection(model):
    """Selection of the fields holding a document kind: the vocabulary of
    every evidence model, bridges included."""
    return model.env["gpme.evidence.mixin"]._gpme_document_kind_selection()


class GpmeEvidenceMixin(models.AbstractModel):
    """What a PGI record needs to become E4 evidence.

    Inherited by sale.order, purchase.order, account.move, account.payment and
    res.partner here, and by other models in bridge modules: a model declares
    its snapshot fields, report and kind (a key of the one vocabulary of
    document kinds, _gpme_document_kinds, which gives its label, the function
    a fiche names and the tasks suggested); a bridge extends that vocabulary
    in its own model. The core names no optional model.
    """

    _name = "gpme.evidence.mixin"
    _description = "Record usable as E4 evidence"

    # Overridden per model: the fields frozen in the snapshot, the one2many
    # summarised as lines (with the line fields), the standard report.
    _gpme_evidence_fields = ()
    _gpme_evidence_line_field = None
    _gpme_evidence_line_fields = ()
    _gpme_evidence_report = None
    # Lifecycle fields the PGI changes as it does its normal work (invoicing,
    # delivery, payment): shown as « normal evolution », never a change of
    # the evidence. Header or line field names.
    _gpme_evidence_neutral_fields = NEUTRAL_FIELDS
    # Fields naming the users who worked on the record ("Mes documents PGI").
    _gpme_evidence_user_fields = ("create_uid",)

    gpme_evidence_count = fields.Integer(
        string="E4 evidence", compute="_compute_gpme_evidence_count"
    )
    gpme_evidence_user_names = fields.Char(
        string="Used as E4 evidence by", compute="_compute_gpme_evidence_user_names"
    )

    @api.depends_context("uid")
    def _compute_gpme_evidence_count(self):
        """One query for the whole batch, as fast as the list it sits in:
        counted in SQL through the (res_model, res_id) index; record rules
        decide who counts (a student only their own evidence, a teacher
        their classes')."""
        counts = dict(self._gpme_evidence_rows(count=True))
        for record in self:
            record.gpme_evidence_count = counts.get(record.id, 0)

    @api.depends_context("uid")
    def _compute_gpme_evidence_user_names(self):
        # Apart from the count: a document every student of an académie
        # tagged has hundreds of names, which the lists do not show.
        names = {}
        for res_id, name in self._gpme_evidence_rows(count=False):
            names.setdefault(res_id, []).append(name)
        for record in self:
            record.gpme_evidence_user_names = ", ".join(
                sorted(names.get(record.id, []))
            )

    def _gpme_evidence_rows(self, count):
        """[(res_id, count)] or [(res_id, student name)] of the evidence the
        user may read on these records, in one query."""
        Evidence = self.env["gpme.evidence"]
        ids = [i for i in self.ids if isinstance(i, int)]
        if not ids or not Evidence.check_access_rights("read", raise_exception=False):
            return []
        query = Evidence._where_calc(
            [("res_model", "=", self._name), ("res_id", "in", ids)]
        )
        Evidence._apply_ir_rules(query, "read")
        table = Evidence._table
        if count:
            select, params = query.select(f'"{table}".res_id', "count(*)")
            group = f'"{table}".res_id'
        else:
            user = query.left_join(table, "student_id", "res_users", "id", "student_id")
            partner = query.left_join(
                user, "partner_id", "res_partner", "id", "partner_id"
            )
            query.add_where(f'"{partner}".name IS NOT NULL')
            select, params = query.select(f'"{table}".res_id', f'"{partner}".name')
            group = f'"{table}".res_id, "{partner}".name'
        self.env.cr.execute(f"{select} GROUP BY {group}", params)
        return self.env.cr.fetchall()

    # --- the one vocabulary of document kinds ------------------------------
    @api.model
    def _gpme_document_kinds(self):
        """{kind: {"label", "function": (application, function), "tasks":
        {state or "*": task codes}}}: what a document is called, the PGI
        function it shows on a fiche and the référentiel tasks it usually
        documents. Declared once here; a bridge extends it in its own model
        (super()), and _gpme_evidence_kind_key returns one of its keys."""
        return {
            "quotation": {
                "label": _("Quotation"),
                "function": ("sales", "quotation"),
                "tasks": {"*": ("1.2.1",)},
            },
            "sale_order": {
                "label": _("Sales order"),
                "function": ("sales", "sales_order"),
                "tasks": {"*": ("1.2.2", "1.2.3")},
            },
            "rfq": {
                "label": _("Request for quotation"),
                "function": ("purchase", "rfq"),
                "tasks": {"*": ("1.4.3",)},
            },
            "purchase_order": {
                "label": _("Purchase order"),
                "function": ("purchase", "purchase_order"),
                "tasks": {"*": ("1.5.2",)},
            },
            "out_invoice": {
                "label": _("Customer invoice"),
                "function": ("invoicing", "customer_invoice"),
                "tasks": {"posted": ("1.2.4", "1.6.1"), "*": ("1.2.4",)},
            },
            "in_invoice": {
                "label": _("Vendor bill"),
                "function": ("invoicing", "vendor_bill"),
                "tasks": {"posted": ("1.5.4", "1.6.1"), "*": ("1.5.4",)},
            },
            "out_refund": {
                "label": _("Customer credit note"),
                "function": ("invoicing", "credit_note"),
                "tasks": {"posted": ("1.2.4", "1.3.2"), "*": ("1.3.2",)},
            },
            "in_refund": {
                "label": _("Vendor credit note"),
                "function": ("invoicing", "vendor_refund"),
                "tasks": {"posted": ("1.5.4", "1.5.5"), "*": ("1.5.4",)},
            },
            "out_receipt": {
                "label": _("Sales receipt"),
                "function": ("invoicing", "customer_invoice"),
                "tasks": {},
            },
            "in_receipt": {
                "label": _("Purchase receipt"),
                "function": ("invoicing", "vendor_bill"),
                "tasks": {},
            },
            "entry": {
                "label": _("Journal entry"),
                "function": ("accounting", "journal_entry"),
                "tasks": {"*": ("1.6.1",)},
            },
            "customer_payment": {
                "label": _("Customer payment"),
                "function": ("invoicing", "customer_payment"),
                "tasks": {"*": ("1.2.4", "1.6.3")},
            },
            "vendor_payment": {
                "label": _("Vendor payment"),
                "function": ("invoicing", "vendor_payment"),
                "tasks": {"*": ("1.5.4", "1.6.3")},
            },
            "customer": {
                "label": _("Customer"),
                "function": ("contacts", "contact_record"),
                "tasks": {"*": ("1.2.6",)},
            },
            "vendor": {
                "label": _("Vendor"),
                "function": ("contacts", "contact_record"),
                "tasks": {"*": ("1.4.4",)},
            },
            # Purchases are rarer: a customer who also sells to the company
            # is suggested as a customer.
            "customer_vendor": {
                "label": _("Customer and vendor"),
                "function": ("contacts", "contact_record"),
                "tasks": {"*": ("1.2.6",)},
            },
            # Neither customer nor vendor yet: a prospect.
            "contact": {
                "label": _("Contact"),
                "function": ("contacts", "contact_record"),
                "tasks": {"*": ("1.1.1",)},
            },
            "other": {"label": _("Other document"), "function": None, "tasks": {}},
        }

    @api.model
    def _gpme_all_document_kinds(self):
        """The vocabulary with every bridge's extension."""
        kinds = self.env["gpme.evidence.mixin"]._gpme_document_kinds()
        for model in self.env["gpme.evidence"]._gpme_evidence_models():
            kinds.update(self.env[model]._gpme_document_kinds())
        return kinds

    @api.model
    @tools.ormcache("self.env.lang")
    def _gpme_document_kind_selection(self):
        # Cached per language: a selection is read at every assignment of
        # the kind, and the registry's reload clears it with the bridges.
        return [
            (key, kind["label"])
            for key, kind in self._gpme_all_document_kinds().items()
        ]

    # --- per-model hooks --------------------------------------------------
    def _gpme_evidence_kind_key(self):
        """The document kind as a user names it (a key of
        _gpme_document_kinds)."""
        self.ensure_one()
        return "other"

    def _gpme_evidence_kind(self):
        """This record's entry of the vocabulary."""
        self.ensure_one()
        kinds = self._gpme_document_kinds()
        return kinds.get(self._gpme_evidence_kind_key()) or kinds["other"]

    def _gpme_evidence_suggested_tasks(self):
        self.ensure_one()
        by_state = self._gpme_evidence_kind()["tasks"]
        state = self._fields.get("state") and self.state
        codes = by_state.get(state, by_state.get("*", ()))
        if not codes:
            return self.env["gpme.task"]
        return self.env["gpme.task"].search([("code", "in", list(codes))])

    def _gpme_evidence_origins(self):
        """The documents this one comes from or leads to in the PGI flow (an
        invoice's order, an order's invoices, a payment's invoices): the tag
        wizard proposes the fiche they already document. Read as superuser:
        only their ids leave this method."""
        return []

    def _gpme_evidence_company(self):
        self.ensure_one()
        return self._fields.get("company_id") and self.company_id

    @api.model
    def _gpme_evidence_document_domain(self):
        """Extra domain for « Mes documents PGI » (e.g. invoices only)."""
        return []

    def _gpme_evidence_report_applies(self):
        """The records the standard report can print (all by default)."""
        return self

    def _gpme_evidence_values(self):
        """Structured values of each record, {id: dict}, read in batch.

        Read in English so the hash does not depend on who looks at it.
        """
        records = self.with_context(lang="en_US", active_test=False)
        result = {}
        fnames = [f for f in self._gpme_evidence_fields if f in self._fields]
        rows = {row["id"]: row for row in records.read(fnames)} if fnames else {}
        lines_by_record = {}
        line_field = self._gpme_evidence_line_field
        if line_field and line_field in self._fields:
            comodel = records.mapped(line_field)
            lfnames = [
                f for f in self._gpme_evidence_line_fields if f in comodel._fields
            ]
            inverse = self._fields[line_field].inverse_name
            for line in comodel.read(lfnames + [inverse]):
                owner = line.pop(inverse)[0]
                line.pop("id")
                lines_by_record.setdefault(owner, []).append(
                    {k: self._gpme_evidence_plain(v) for k, v in line.items()}
                )
        for record in records:
            row = rows.get(record.id, {})
            values = {
                "model": self._name,
                "id": record.id,
                "display_name": record.display_name,
            }
            for fname in fnames:
                values[fname] = self._gpme_evidence_plain(row.get(fname))
            if line_field:
                values["lines"] = lines_by_record.get(record.id, [])
            result[record.id] = values
        return result

    @api.model
    def _gpme_evidence_plain(self, value):
        """JSON-friendly value: many2one as its name, dates as ISO strings."""
        if isinstance(value, tuple):
            return value[1] if len(value) > 1 else value[0]
        if isinstance(value, list):
            return value
        if isinstance(value, float):
            return round(value, 6)
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return value

    # --- actions ------------------------------------------------------------
    def action_gpme_tag_evidence(self):
        return self.env["gpme.evidence.tag.wizard"]._action_open(self)

    def action_gpme_open_evidence(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gpme_e4.gpme_evidence_action"
        )
        action.update(
            {
                "name": french.elide(
                    _("E4 evidence of %s", self.display_name), self.env.lang
                ),
                "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
                "context": {},
            }
        )
        return action
