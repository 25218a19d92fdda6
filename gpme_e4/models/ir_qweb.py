import logging
import os
import re

from odoo import models

_logger = logging.getLogger(__name__)

ASSET_URL = re.compile(r"^/web/assets/(\d+)-")


class IrQweb(models.AbstractModel):
    _inherit = "ir.qweb"

    def _get_asset_nodes(
        self,
        bundle,
        css=True,
        js=True,
        debug=False,
        async_load=False,
        defer_load=False,
        lazy_load=False,
        media=None,
    ):
        """In a PDF rendered by an E4 job, asset nodes naming attachments that
        are gone (bundles dropped by a module update while this process kept
        its cache) are generated again: wkhtmltopdf would get no styles."""
        args = (bundle, css, js, debug, async_load, defer_load, lazy_load, media)
        nodes = super()._get_asset_nodes(*args)
        if not self.env.context.get("gpme_check_report_assets"):
            return nodes
        ids = set()
        for _tag, attrs, _content in nodes:
            attrs = attrs or {}
            match = ASSET_URL.match(attrs.get("href") or attrs.get("src") or "")
            if match:
                ids.add(int(match.group(1)))
        checked = self.env.cr.cache.setdefault("gpme_asset_ids", set())
        todo = ids - checked
        if not todo:
            return nodes
        self.env.cr.execute(
            "SELECT id FROM ir_attachment WHERE id IN %s", [tuple(todo)]
        )
        found = {row[0] for row in self.env.cr.fetchall()}
        checked |= found
        if found != todo:
            _logger.info(
                "Asset nodes of %s name dropped bundles: generated again", bundle
            )
            self.clear_caches()
            nodes = super()._get_asset_nodes(*args)
        return nodes

    def _gpme_bundle_attachments(self, name, extension):
        """(attachments, regenerated) of bundle `name` for `extension`
        ("min.css" or "min.js"): generated again when missing, or when their
        file is gone from the filestore (a database copied without it)."""
        IrQweb = self.sudo()
        css = extension == "min.css"
        files, _remains = IrQweb._get_asset_content(name)
        bundle = IrQweb._get_asset_bundle(
            name, files, env=IrQweb.env, css=css, js=not css
        )
        if not (bundle.stylesheets if css else bundle.javascripts):
            return IrQweb.env["ir.attachment"], False
        attachments = bundle.get_attachments(extension)
        lost = attachments.filtered(
            lambda a: a.store_fname and not os.path.isfile(a._full_path(a.store_fname))
        )
        if attachments and not lost:
            return attachments, False
        if lost:
            _logger.warning(
                "Asset bundle %s.%s: its file is missing from the filestore, "
                "generated again",
                name,
                extension,
            )
            lost.unlink()
        if css:
            bundle.css()
        else:
            bundle.js()
        return bundle.get_attachments(extension), True
