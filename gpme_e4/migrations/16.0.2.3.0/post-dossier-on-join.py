"""Dossiers are now opened when a student joins her class, no longer when
the teacher's dashboard is read: students of a class who have no dossier for
its session get theirs (empty, as the join opens it)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    # Active students only: an archived account needs no new dossier.
    students = env["res.users"].search([("gpme_cohort_id", "!=", False)])
    env["gpme.dossier"]._gpme_create_for_students(students)
