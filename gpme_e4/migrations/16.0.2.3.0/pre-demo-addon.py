"""The training company and the demo class moved to their own addon,
gpme_e4_demo (16.0.2.3.0), before gpme_e4's data is loaded.

Records named by gpme_e4 that its files no longer load are deleted at the end
of the upgrade: the demo users, the class, its commission would go, and the
builder's records (company, partners, dossiers, fiches, evidence) would stay
without their addon. Their external ids move to gpme_e4_demo, which is then
marked to be loaded in this same upgrade, so that it owns them from now on.

Marked 'to upgrade' rather than 'to install': Odoo loads it as an update,
which leaves the noupdate records as the demo built them (an install would
rewrite the company and the exam session from the XML, and the session's
year from the day of the upgrade). Its demo data load as gpme_e4's did.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        r"""
        UPDATE ir_model_data SET module = 'gpme_e4_demo'
         WHERE module = 'gpme_e4' AND name LIKE 'demo\_%'
           AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                            WHERE o.module = 'gpme_e4_demo'
                              AND o.name = ir_model_data.name)
        """
    )
    moved = cr.rowcount
    if not moved:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # An upgrade with -u reads no new addon from the addons path by itself.
    env["ir.module.module"].update_list()
    cr.execute(
        """
        UPDATE ir_module_module m SET state = 'to upgrade', demo = core.demo
          FROM ir_module_module core
         WHERE m.name = 'gpme_e4_demo' AND m.state IN ('uninstalled', 'to install')
           AND core.name = 'gpme_e4'
        """
    )
    if cr.rowcount:
        _logger.info("Demo: %d records moved to gpme_e4_demo, installed now", moved)
    else:
        _logger.warning(
            "Demo: %d records moved to gpme_e4_demo, which is not on the addons "
            "path: install it to keep managing the training company",
            moved,
        )
