# Copyright 2026 gpme_e4 contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "BTS GPME – E4 evidence from stock",
    "summary": "Receipts and deliveries as E4 evidence (tasks 1.2.3, 1.5.2)",
    "version": "16.0.1.0.0",
    "category": "Education",
    "website": "https://github.com/gpme-e4/gpme_e4",
    "author": "gpme_e4 contributors",
    "license": "AGPL-3",
    "depends": ["gpme_e4", "stock"],
    "auto_install": True,
    "installable": True,
    "data": ["views/stock_picking_views.xml"],
}
