"""The windows and prints the evaluation's buttons open."""

from odoo import _
from odoo.exceptions import UserError

from . import evaluation_checks


def action_conformity_wizard(self):
    self._gpme_check_role({"commission"})
    self.ensure_one()
    return {
        "type": "ir.actions.act_window",
        "name": _("Conformity decision"),
        "res_model": "gpme.conformity.wizard",
        "view_mode": "form",
        "target": "new",
        "context": {"default_evaluation_id": self.id},
    }


def action_open_internships(self):
    """The attestations, where the commission ticks signed and stamped."""
    self._gpme_check_role({"commission", "teacher"})
    self.ensure_one()
    return {
        "type": "ir.actions.act_window",
        "name": _("Internship attestations"),
        "res_model": "gpme.internship",
        "view_mode": "tree",
        "views": [(self.env.ref("gpme_e4.gpme_internship_view_tree").id, "tree")],
        "domain": [("dossier_id", "=", self.dossier_id.id)],
        "target": "new",
    }


def action_print_notification(self):
    self._gpme_check_role({"commission"})
    self.ensure_one()
    if self.conformity != "non_conform":
        raise UserError(
            _("The notification of non-conformity is for NV dossiers only.")
        )
    return self.env.ref("gpme_e4.action_report_gpme_nv_notification").report_action(
        self
    )


def action_print_work_sheets(self):
    self._gpme_check_role({"commission"})
    self.ensure_one()
    if not self.work_sheet_ids:
        raise UserError(_("Choose or draw the situations first."))
    # A new tab with the PDF, ready to print for the candidate, while the
    # commission's screen stays usable.
    report = self.env.ref("gpme_e4.action_report_gpme_work_sheet")
    return {
        "type": "ir.actions.act_url",
        "url": f"/report/pdf/{report.report_name}/{self.id}",
        "target": "new",
    }


def action_print_proposal(self):
    self._gpme_check_readable()
    return self.env.ref("gpme_e4.action_report_gpme_mark_proposal").report_action(self)


def action_print_grids(self):
    self._gpme_check_readable()
    return self.env.ref("gpme_e4.action_report_gpme_grids").report_action(self)


def action_record_internship(self):
    """An attestation the commission holds on paper, recorded by it (from
    the conformity tab or the conformity decision)."""
    self._gpme_check_role({"commission"})
    self.ensure_one()
    evaluation_checks.check_internship_recordable(self)
    return {
        "type": "ir.actions.act_window",
        "name": _("Record an attestation from paper"),
        "res_model": "gpme.internship.record.wizard",
        "view_mode": "form",
        "views": [(False, "form")],
        "target": "new",
        "context": dict(
            self.env.context,
            default_evaluation_id=self.id,
        ),
    }
