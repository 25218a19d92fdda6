"""What both demo builders share: the demo's external ids (module
``gpme_e4_demo``) and the day the demo is built around."""

from odoo import fields
from odoo.addons.gpme_e4.services import reference_date

MODULE = "gpme_e4_demo"


def ref(env, name, raise_if_not_found=True):
    """A record the demo made, by its external id without the module."""
    return env.ref(f"{MODULE}.{name}", raise_if_not_found=raise_if_not_found)


def set_xmlid(record, name):
    """Name a record the builder made, as the data files name theirs;
    noupdate: an upgrade of the addon never rewrites the demo's records."""
    record.env["ir.model.data"].create(
        {
            "module": MODULE,
            "name": name,
            "model": record._name,
            "res_id": record.id,
            "noupdate": True,
        }
    )


def demo_date(env):
    """The day the demo is built around: chosen at its first build
    (pinned by ``GPME_DEMO_DATE``, else today), then read back, so that
    the company and the class share one calendar."""
    Param = env["ir.config_parameter"].sudo()
    stored = Param.get_param(reference_date.DEMO_DATE_PARAM)
    if stored:
        return fields.Date.to_date(stored)
    day = reference_date.pinned_demo_date() or fields.Date.context_today(env.user)
    Param.set_param(reference_date.DEMO_DATE_PARAM, fields.Date.to_string(day))
    return day
