from odoo import api, models


class GpmeJobResult(models.AbstractModel):
    """What a background job tells the user who asked for it, success or
    failure: a note in the record's chatter (the PDF attached), a
    notification in his Odoo inbox, and a toast if he is connected (green
    for a result, red for a failure: nothing to reload)."""

    _name = "gpme.job.result"
    _description = "E4 background job result"

    @api.model
    def _gpme_post(self, record, users, title, body, attachment=None, failed=False):
        """Post ``body`` on ``record`` for ``users``; ``attachment``: (file
        name, bytes). Returns the message."""
        # Posted by OdooBot: the author of a message is never notified of it.
        message = record.sudo().message_post(
            subject=title,
            body=body,
            author_id=self.env.ref("base.partner_root").id,
            partner_ids=users.partner_id.ids,
            subtype_xmlid="mail.mt_note",
            attachments=[attachment] if attachment else None,
        )
        for partner in users.partner_id:
            self.env["bus.bus"].sudo()._sendone(
                partner,
                "simple_notification",
                {
                    "type": "danger" if failed else "success",
                    "title": title,
                    "message": message.preview,
                    "sticky": failed,
                },
            )
        return message

    @api.model
    def _gpme_attempt(self, done_before, allowed):
        """(this try, tries allowed) of the running queue job, read from its
        row (the runner stores the count of earlier tries before it runs
        one); outside a job, (done_before + 1, allowed). 0 allowed: no end."""
        uuid = self.env.context.get("job_uuid")
        job = uuid and self.env["queue.job"].sudo().search([("uuid", "=", uuid)])
        if job:
            return job.retry + 1, job.max_retries
        return done_before + 1, allowed
