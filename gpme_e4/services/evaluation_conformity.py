"""The commission's conformity decisions: conform, doubt, non-conform (NV)."""

from datetime import datetime, time

from odoo import _, fields
from odoo.exceptions import AccessError, UserError

from . import evaluation as rules
from . import evaluation_checks, french


def set_conformity(self, conformity, nv_case=False, note=False):
    self._gpme_check_role({"commission"})
    evaluation_checks.check_unpublished(self)
    for evaluation in self:
        if evaluation.is_locked:
            evaluation._gpme_check_open()
        grid = evaluation._gpme_exam_grid()
        if evaluation._gpme_signed_grids()[grid] and conformity == "non_conform":
            raise UserError(
                french.elide(
                    _(
                        "Grid %(grid)s of %(student)s is signed: an administrator "
                        "must unlock it before the dossier is declared non-conform.",
                        grid=grid,
                        student=evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
    self.sudo().write(
        {
            "conformity": conformity,
            "nv_case": nv_case,
            "conformity_note": note,
            "conformity_user_id": self.env.user.id,
            "conformity_date": fields.Datetime.now(),
        }
    )


def action_confirm_conformity(self):
    """The commission finds the dossier conform: refused while one of the
    four cases shows in the facts (declare NV or doubt instead)."""
    self._gpme_check_role({"commission"})
    for evaluation in self:
        if evaluation._gpme_nv_cases():
            raise UserError(
                french.elide(
                    _(
                        "The dossier of %(student)s cannot be confirmed conform: "
                        "%(cases)s. Declare it non-conform (NV), or record a "
                        "doubt if the académie must check.",
                        student=evaluation.student_id.name,
                        cases=evaluation.nv_detected,
                    ),
                    french.env_lang(self.env),
                )
            )
    set_conformity(self, "conform")
    self.env["gpme.journal"]._gpme_log("conformity_confirm", self)
    for evaluation in self:
        evaluation.message_post(
            body=_(
                "Conformity confirmed by the commission (%s).",
                evaluation._gpme_conformity_authority(),
            )
        )
    return True


def action_doubt(self, note):
    """In doubt the interrogation goes on; the mark waits for the académie."""
    self._gpme_check_role({"commission"})
    if not (note or "").strip():
        raise UserError(_("Reason of the doubt: please say what must be checked."))
    set_conformity(self, "doubt", note=note)
    self.env["gpme.journal"]._gpme_log("conformity_doubt", self, reason=note)
    for evaluation in self:
        evaluation.message_post(
            body=_("Doubt on the conformity, the mark is held back: %s", note)
        )
    return True


def action_declare_nv(self, nv_case, note=False):
    """Non-conformity: only on one of the four official cases, and only
    when the facts show it."""
    self._gpme_check_role({"commission"})
    if nv_case not in rules.NV_CASES:
        raise UserError(
            _(
                "Non-conformity case: a dossier is non-conform only when it "
                "was not handed in, handed in late, the internship is too "
                "short, or documents are not signed or stamped."
            )
        )
    labels = dict(self._fields["nv_case"]._description_selection(self.env))
    for evaluation in self:
        # The notification (V-1) is « constaté par » the member who
        # declares: an administrator outside the commission does not.
        commission = evaluation.sudo().dossier_id.commission_user_ids
        if not self.env.su and self.env.user not in commission:
            raise AccessError(
                _(
                    "Only a member of the candidate's commission declares "
                    "the dossier non-conform: the notification is signed "
                    "by them."
                )
            )
        if nv_case not in evaluation._gpme_nv_cases():
            raise UserError(
                french.elide(
                    _(
                        "Non-conformity case « %(case)s »: the dossier of "
                        "%(student)s does not show it. Correct the facts "
                        "(attestations, deadline, signatures) or record a doubt.",
                        case=labels[nv_case],
                        student=evaluation.student_id.name,
                    ),
                    french.env_lang(self.env),
                )
            )
    set_conformity(self, "non_conform", nv_case=nv_case, note=note)
    self.env["gpme.journal"]._gpme_log(
        "nv_declare", self, reason=note, details={"nv_case": nv_case}
    )
    for evaluation in self:
        evaluation.message_post(
            body=_("Dossier declared non-conform (NV): %s", labels[nv_case])
        )
    return True


def nv_cases(self):
    """The official non-conformity cases the facts show."""
    self.ensure_one()
    dossier = self.sudo().dossier_id
    deadline = self.sudo().hand_in_deadline
    return rules.nv_cases(
        self.handed_in_date,
        # The whole last day counts.
        deadline and datetime.combine(deadline, time.max),
        [i._gpme_rule_value() for i in dossier.internship_ids],
        waiver=self.internship_waiver,
        synoptic_attested=self.synoptic_attested,
        now=fields.Datetime.now(),
    )
