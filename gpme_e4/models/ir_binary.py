import os

from odoo import models

BUNDLE_EXTENSIONS = ("min.css", "min.js")


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        """An asset bundle whose file is gone from the filestore (a database
        copied without it) is generated again and served, not a 500: the
        styles wkhtmltopdf fetches for every PDF come this way."""
        if (
            record._name == "ir.attachment"
            and field_name in ("raw", "datas", "db_datas")
            and record.store_fname
            and record.res_model == "ir.ui.view"
            and (record.url or "").startswith("/web/assets/")
            and not os.path.isfile(record._full_path(record.store_fname))
        ):
            name = record.name or ""
            extension = next((e for e in BUNDLE_EXTENSIONS if name.endswith(e)), None)
            if extension:
                fresh, _redone = self.env["ir.qweb"]._gpme_bundle_attachments(
                    name[: -len(extension) - 1], extension
                )
                if fresh:
                    record = fresh[:1]
        return super()._record_to_stream(record, field_name)
