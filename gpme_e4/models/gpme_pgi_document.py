from odoo import _, api, fields, models


class GpmePgiDocument(models.TransientModel):
    """« Mes documents PGI »: the records a student created or worked on that
    are not evidence yet, rebuilt each time the menu is opened."""

    _name = "gpme.pgi.document"
    _description = "My PGI document"
    _order = "date desc, id desc"

    res_model = fields.Char(string="Document model", required=True)
    res_id = fields.Integer(string="Document ID", required=True)
    res_model_id = fields.Many2one("ir.model", string="Document type")
    name = fields.Char(string="Document")
    partner_name = fields.Char(string="Partner")
    date = fields.Datetime(string="Last change")
    task_ids = fields.Many2many("gpme.task", string="Suggested tasks")

    # Per model, at most this many recent records are listed.
    _limit_per_model = 200

    @api.model
    def _candidate_records(self, user):
        """{model: records} the user created, is responsible for, or changed
        (tracked in the chatter), in the current company, readable by them."""
        Evidence = self.env["gpme.evidence"]
        tracked = {}
        # Tracking values are admin-only: read the user's own changes as
        # superuser; the record search below applies the user's rights.
        messages = (
            self.env["mail.message"]
            .sudo()
            .search_read(
                [
                    ("model", "in", Evidence._gpme_evidence_models()),
                    ("author_id", "=", user.partner_id.id),
                    ("tracking_value_ids", "!=", False),
                ],
                ["model", "res_id"],
            )
        )
        for msg in messages:
            tracked.setdefault(msg["model"], set()).add(msg["res_id"])
        result = {}
        for model in Evidence._gpme_evidence_models():
            Model = self.env[model]
            user_fields = [
                f for f in Model._gpme_evidence_user_fields if f in Model._fields
            ]
            ors = [[(f, "=", user.id)] for f in user_fields]
            if tracked.get(model):
                ors.append([("id", "in", list(tracked[model]))])
            if not ors:
                continue
            domain = ["|"] * (len(ors) - 1) + [leaf for o in ors for leaf in o]
            if "company_id" in Model._fields:
                domain += [("company_id", "in", [False, self.env.company.id])]
            domain += Model._gpme_evidence_document_domain()
            records = Model.search(domain, limit=self._limit_per_model, order="id desc")
            if records:
                result[model] = records
        return result

    @api.model
    def action_open_my_documents(self):
        user = self.env.user
        self.search([("create_uid", "=", user.id)]).unlink()
        used = self.env["gpme.evidence"].search_read(
            [("student_id", "=", user.id)], ["res_model", "res_id"]
        )
        used = {(u["res_model"], u["res_id"]) for u in used}
        vals_list = []
        for model, records in self._candidate_records(user).items():
            model_id = self.env["ir.model"]._get_id(model)
            for record in records:
                if (model, record.id) in used:
                    continue
                partner = "partner_id" in record._fields and record.partner_id
                vals_list.append(
                    {
                        "res_model": model,
                        "res_id": record.id,
                        "res_model_id": model_id,
                        "name": record.display_name,
                        "partner_name": partner.display_name if partner else False,
                        "date": record.write_date,
                        "task_ids": [
                            (6, 0, record._gpme_evidence_suggested_tasks().ids)
                        ],
                    }
                )
        self.create(vals_list)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gpme_e4.gpme_pgi_document_action"
        )
        action["domain"] = [("create_uid", "=", user.id)]
        return action

    def action_tag(self):
        return (
            self.env["gpme.evidence.tag.wizard"]
            .with_context(gpme_records=[[d.res_model, d.res_id] for d in self])
            ._action_open_pairs()
        )

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Document"),
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
