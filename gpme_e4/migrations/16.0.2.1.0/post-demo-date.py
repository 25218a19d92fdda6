"""Demo databases built before the demo recorded its reference date: the
day it was built is the day its training company was created."""

from odoo.addons.gpme_e4.services.reference_date import DEMO_DATE_PARAM


def migrate(cr, version):
    cr.execute("SELECT 1 FROM ir_config_parameter WHERE key = %s", [DEMO_DATE_PARAM])
    if cr.fetchone():
        return
    cr.execute(
        "SELECT c.create_date::date FROM res_company c JOIN ir_model_data x "
        "ON x.res_id = c.id AND x.model = 'res.company' "
        "AND x.module IN ('gpme_e4', 'gpme_e4_demo') AND x.name = 'demo_company'"
    )
    row = cr.fetchone()
    if row:
        cr.execute(
            "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, "
            "create_date, write_date) VALUES (%s, %s, 1, 1, now() at time zone "
            "'UTC', now() at time zone 'UTC')",
            [DEMO_DATE_PARAM, str(row[0])],
        )
