# Copyright 2026 gpme_e4 contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "BTS GPME – E4 training company and demo class",
    "summary": "Bureau Plus SARL, a French training company with two years of "
    "business, and (demo data) a BTS GPME class at work in it",
    "version": "16.0.1.0.0",
    "category": "Education",
    "website": "https://github.com/gpme-e4/gpme_e4",
    "author": "gpme_e4 contributors",
    "license": "AGPL-3",
    "depends": ["gpme_e4"],
    "installable": True,
    "data": ["data/gpme_demo_company.xml"],
    "demo": ["demo/gpme_demo.xml"],
}
