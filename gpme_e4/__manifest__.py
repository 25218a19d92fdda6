# Copyright 2026 gpme_e4 contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "BTS GPME – Épreuve E4",
    "summary": "Dossier E4 du BTS GPME dans le PGI : situations professionnelles, "
    "preuves PGI, fiches d'analyse, passeport professionnel, commission",
    "version": "16.0.1.0.0",
    "category": "Education",
    "website": "https://github.com/gpme-e4/gpme_e4",
    "author": "gpme_e4 contributors",
    "maintainers": [],
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": ["mail", "sale_management", "purchase", "account", "base_import"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/gpme_security.xml",
        "security/ir.model.access.csv",
        "security/gpme_rules.xml",
        "data/gpme_activity_data.xml",
        "data/gpme_task_data.xml",
        "data/gpme_savoir_data.xml",
        "data/gpme_tool_data.xml",
        "data/gpme_modality_data.xml",
        "data/gpme_condition_data.xml",
        "data/gpme_mastery_level_data.xml",
        "data/gpme_grid_criterion_data.xml",
        "data/gpme_conformity_rule_data.xml",
        "views/gpme_referential_views.xml",
        "views/gpme_cohort_views.xml",
        "views/res_users_views.xml",
        "views/gpme_dossier_views.xml",
        "views/gpme_situation_views.xml",
        "views/gpme_evidence_views.xml",
        "views/gpme_review_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/gpme_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "gpme_e4/static/src/js/tours/*.js",
        ],
    },
}
