"""Grid B follows the two parts of situation B: the GRCF work on the PGI and
the spreadsheet, the interview on the synoptic and the GRCF fiches, the oral
simulation and its analysis. The criteria are noupdate data: only those an
administrator has not edited (still their first code) are rewritten."""

from odoo import SUPERUSER_ID, api

GRID_B = {
    "criterion_b_analysis": (
        "B_ANALYSIS",
        "B_GRCF",
        "Travail de GRCF sur le PGI et le tableur",
        "La production demandée par la fiche de travail est réalisée sur le PGI "
        "et le tableur avec les paramètres modifiés ; les choix sont justifiés et "
        "les aléas proposés par la commission sont pris en compte.",
    ),
    "criterion_b_message": (
        "B_MESSAGE",
        "B_INTERVIEW",
        "Entretien sur le document synoptique et les fiches de GRCF",
        "Le contexte est explicité ; les démarches, les techniques et les "
        "traitements mis en œuvre sont expliqués et justifiés.",
    ),
    "criterion_b_language": (
        "B_LANGUAGE",
        "B_ORAL",
        "Simulation de la situation de communication orale et son analyse",
        "La simulation est conduite de manière professionnelle et adaptée aux "
        "changements apportés ; le candidat analyse et évalue la situation de "
        "communication simulée.",
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (old_code, code, name, indicators) in GRID_B.items():
        criterion = env.ref(f"gpme_e4.{xmlid}", raise_if_not_found=False)
        if criterion and criterion.code == old_code:
            criterion.write({"code": code, "name": name, "indicators": indicators})
