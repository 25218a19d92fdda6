# Copyright 2026 gpme_e4 contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "BTS GPME – E4 evidence from crm",
    "summary": "Leads and opportunities as E4 evidence (task 1.1.1 prospection)",
    "version": "16.0.1.0.0",
    "category": "Education",
    "website": "https://github.com/gpme-e4/gpme_e4",
    "author": "gpme_e4 contributors",
    "license": "AGPL-3",
    "depends": ["gpme_e4", "crm"],
    "auto_install": True,
    "installable": True,
    "data": ["views/crm_lead_views.xml"],
}
