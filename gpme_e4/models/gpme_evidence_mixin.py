from odoo import _, api, fields, models

from ..services import french
from ..services.evidence_snapshot import NEUTRAL_FIELDS
from ..services.evidence_tasks import suggest_task_codes
from ..services.fiche_checks import classify_evidence


class GpmeEvidenceMixin(models.AbstractModel):
    """What a PGI record needs to become E4 evidence.

    Inherited by sale.order, purchase.order, account.move, account.payment and
    res.partner here, and by other models in bridge modules: a model declares
    its snapshot fields, report and kind, and a bridge what it adds through
    the hooks below (task suggestions, the function a fiche names). The core
    names no optional model.
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

    # --- per-model hooks --------------------------------------------------
    def _gpme_evidence_kind(self):
        """(kind, state) used to suggest tasks; models override it."""
        self.ensure_one()
        return (False, self._fields.get("state") and self.state)

    def _gpme_evidence_kind_key(self):
        """The document kind as a user names it (a key of DOCUMENT_KINDS)."""
        self.ensure_one()
        return "other"

    @api.model
    def _gpme_evidence_task_suggestions(self):
        """Bridge hook: {(model, kind): {state or "*": task codes}} for the
        models the core does not know (see services.evidence_tasks)."""
        return {}

    @api.model
    def _gpme_evidence_discriminants(self):
        """Bridge hook: fields telling the PGI function of a record apart."""
        return ("state", "move_type", "payment_type")

    @api.model
    def _gpme_evidence_function(self, values):
        """Bridge hook: (application, function) a record of this model shows,
        from the values of its discriminants; (None, None) when unknown."""
        return classify_evidence(self._name, values)

    def _gpme_evidence_suggested_tasks(self):
        self.ensure_one()
        kind, state = self._gpme_evidence_kind()
        codes = suggest_task_codes(
            self._name, kind, state, self._gpme_evidence_task_suggestions()
        )
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
