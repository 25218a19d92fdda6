from odoo import api, models

from ..services import job_channels


class QueueJobFunction(models.Model):
    _inherit = "queue.job.function"

    @api.model
    def _gpme_configure_jobs(self):
        """The E4 jobs as services.job_channels declares them: each on its
        channel (created when missing) with its retry pattern and whether
        it may commit. Called by the
        module's data at every install and update."""
        Channel = self.env["queue.job.channel"].sudo()
        root = self.env.ref("queue_job.channel_root")
        for channel_name, job in job_channels.JOBS.items():
            channel = Channel.search([("complete_name", "=", channel_name)], limit=1)
            if not channel:
                channel = Channel.create(
                    {"name": channel_name.rsplit(".", 1)[-1], "parent_id": root.id}
                )
            vals = {
                "channel_id": channel.id,
                "retry_pattern": job["retry_pattern"],
                "allow_commit": job["allow_commit"],
            }
            name = self.job_function_name(job["model"], job["method"])
            function = self.sudo().search([("name", "=", name)], limit=1)
            if function:
                function.write(vals)
            else:
                model = self.env["ir.model"]._get(job["model"])
                self.sudo().create(dict(vals, model_id=model.id, method=job["method"]))
