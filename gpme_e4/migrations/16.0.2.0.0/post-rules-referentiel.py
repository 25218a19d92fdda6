"""Composition rules aligned with the référentiel (E4, printed p. 76).

The conformity rules and the modalities are noupdate data: an upgrade creates
the new rules (workplace GRCF, tools per kind, oral natures, written supports,
tasks) but leaves the shipped records as they were. This script:

- archives the shipped "at least six situations" rule, which the référentiel
  does not have (2 GRCF, 2 written, 2 oral, which one fiche may combine),
  unless an administrator changed its minimum: then it is the school's rule;
- marks the shipped workplace modalities (in a PME, in an organisation) as
  workplace periods, which the GRCF rule counts.

Rules and modalities a school created (no gpme_e4 XML id) are not touched.
"""

from odoo import SUPERUSER_ID, api

SHIPPED_SIX = ("rule_min_situations", 6)
WORKPLACE_MODALITIES = ("modality_sme", "modality_organisation")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    xmlid, minimum = SHIPPED_SIX
    rule = env.ref(f"gpme_e4.{xmlid}", raise_if_not_found=False)
    if rule and rule.active and rule.min_count == minimum:
        rule.active = False
    for xmlid in WORKPLACE_MODALITIES:
        modality = env.ref(f"gpme_e4.{xmlid}", raise_if_not_found=False)
        if modality and not modality.is_workplace:
            modality.is_workplace = True
