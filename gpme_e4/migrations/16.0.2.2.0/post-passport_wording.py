"""The national passport's wording (16.0.2.2.0).

The référentiel data is noupdate, which an upgrade does not rewrite: the
synoptic columns of the two workplace modalities, competence 1.2 and task
1.2.2 take the passport's words, unless an administrator changed them.
"""

from odoo import SUPERUSER_ID, api

# (model, xml id, field, former default, passport wording)
WORDING = [
    (
        "gpme.modality",
        "gpme_e4.modality_sme",
        "synoptic_label",
        "Dans une PME",
        "Pendant la formation dans une PME",
    ),
    (
        "gpme.modality",
        "gpme_e4.modality_organisation",
        "synoptic_label",
        "Dans une organisation",
        "Pendant la formation dans une organisation",
    ),
    (
        "gpme.activity",
        "gpme_e4.activity_1_2",
        "competence",
        "Traiter la demande du client (de la demande de devis jusqu'à la relance "
        "des impayés)",
        "Traiter la demande du client (de la demande de devis jusqu'à la relance "
        "des éventuels impayés)",
    ),
    (
        "gpme.task",
        "gpme_e4.task_1_2_2",
        "name",
        "Préparation des contrats commerciaux (commandes, contrats de maintenance, "
        "garanties complémentaires, contrats de sous-traitance…)",
        "Préparation des contrats commerciaux (commandes, contrats de maintenance, "
        "garanties complémentaires, contrats de sous-traitance, etc.)",
    ),
]


def migrate(cr, version):
    if not version:
        return
    migrate_wording(api.Environment(cr, SUPERUSER_ID, {}))


def migrate_wording(env):
    for model, xmlid, field, former, passport in WORDING:
        record = env.ref(xmlid, raise_if_not_found=False)
        if record and record._name == model and record[field] == former:
            record.write({field: passport})
