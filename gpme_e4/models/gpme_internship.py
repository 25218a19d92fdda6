from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import evaluation as rules
from ..services import internship as internship_rules
from .gpme_lock_mixin import ALL, ATTACH, CREATE, UNLINK, check_values, field_label

TRAINING_YEARS = [("1", "First year"), ("2", "Second year")]
# Facts the commission (or the teacher) records from the paper attestation:
# never the student's declaration.
COMMISSION_FIELDS = ("signed", "stamped", "weeks", "weeks_correction_reason")
# What the student writes on her attestation: its dates, host and file.
STUDENT_FIELDS = (
    "attestation_file",
    "attestation_filename",
    "date_from",
    "date_to",
    "dossier_id",
    "employer",
    "training_year",
    ATTACH,
    CREATE,
    UNLINK,
)
EMPLOYER_MAX = 200
REASON_MAX = 1000


class GpmeInternship(models.Model):
    """Attestation de stage (national model, annex III-3): its dates prove the
    internship length, one of the four conformity cases."""

    _name = "gpme.internship"
    _inherit = ["gpme.lock.mixin"]
    _description = "E4 internship attestation"
    # The attestations are part of the dossier: the student and the class's
    # teachers write them until the hand-in (the facts, signed, stamped and
    # weeks, are the teacher's); then only the commission records the facts
    # from the paper attestation. An administrator corrects at any time
    # (journaled with its reason).
    _gpme_lock_rules = {
        "draft": {"student": STUDENT_FIELDS, "teacher": ALL, "admin": ALL},
        "handed_in": {"commission": COMMISSION_FIELDS, "admin": ALL},
        # Evaluated or archived: the facts stand as the commission left them.
        "closed": {"admin": ALL},
    }
    _gpme_lock_check_create_fields = True
    # Who recorded an attestation from paper: set by the commission's wizard.
    _gpme_lock_protected = frozenset({"recorded_by_id", "recorded_date"})
    _order = "dossier_id, date_from, id"
    _rec_name = "employer"

    dossier_id = fields.Many2one(
        "gpme.dossier", required=True, index=True, ondelete="cascade"
    )
    student_id = fields.Many2one(
        related="dossier_id.student_id", store=True, index=True, string="Student"
    )
    cohort_id = fields.Many2one(
        related="dossier_id.cohort_id", store=True, index=True, string="Class"
    )
    employer = fields.Char(required=True, help="Company or organisation hosting.")
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    weeks = fields.Float(
        compute="_compute_weeks",
        store=True,
        readonly=False,
        digits=(4, 1),
        help="Computed from the dates as the circular counts them (Monday to "
        "Friday: whole weeks; part weeks: working days / 5). Only the commission "
        "or the teacher corrects it, giving a reason.",
    )
    weeks_correction_reason = fields.Char(
        string="Reason of the weeks correction",
        help="Required to correct the weeks computed from the dates; posted in "
        "the dossier's chatter.",
    )
    training_year = fields.Selection(
        TRAINING_YEARS, required=True, default="2", string="Year of training"
    )
    signed = fields.Boolean(
        help="Signed by the person entitled to (employer): recorded by the "
        "commission or the teacher."
    )
    stamped = fields.Boolean(
        help="Bears the company stamp: recorded by the commission or the teacher."
    )
    attestation_file = fields.Binary(
        string="Signed attestation", attachment=True, copy=False
    )
    attestation_filename = fields.Char(string="Attestation file name")
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded from paper by",
        readonly=True,
        help="The member of the commission who recorded this attestation from "
        "the paper one (empty: entered with the dossier).",
    )
    recorded_date = fields.Datetime(string="Recorded from paper on", readonly=True)

    @api.depends("date_from", "date_to")
    def _compute_weeks(self):
        for internship in self:
            internship.weeks = internship_rules.circular_weeks(
                internship.date_from, internship.date_to
            )

    def _gpme_rule_value(self):
        self.ensure_one()
        return rules.Internship(
            self.date_from,
            self.date_to,
            self.weeks,
            self.training_year,
            signed=self.signed,
            stamped=self.stamped,
            employer=self.employer or "",
        )

    @api.constrains("date_from", "date_to", "weeks", "dossier_id")
    def _check_periods(self):
        for dossier in self.mapped("dossier_id"):
            internships = dossier.sudo().internship_ids
            for internship in internships:
                if internship.weeks < 0:
                    raise ValidationError(
                        _(
                            "Weeks of the internship at « %s »: the number of "
                            "weeks cannot be negative.",
                            internship.employer,
                        )
                    )
            problems = rules.period_problems(
                [i._gpme_rule_value() for i in internships]
            )
            for code, params in problems:
                if code == "inverted":
                    raise ValidationError(
                        _(
                            "Dates of the internship at « %s »: the end date "
                            "comes before the start date.",
                            params["employer"],
                        )
                    )
                raise ValidationError(
                    _(
                        "Dates of the internships: the internship at "
                        "« %(second)s » overlaps the one at « %(first)s ».",
                        **params,
                    )
                )

    @api.constrains("employer", "date_from", "date_to", "dossier_id")
    def _check_attestation(self):
        for internship in self:
            if not (internship.employer or "").strip():
                raise ValidationError(
                    _("Employer of the internship: say which company hosted it.")
                )
            problems = internship_rules.date_problems(
                internship.date_from,
                internship.date_to,
                internship.sudo().dossier_id.session_year,
            )
            for code, params in problems:
                if code == "window":
                    raise ValidationError(
                        _(
                            "Dates of the internship at « %(employer)s »: an "
                            "internship of this session lies between %(first)s "
                            "and %(last)s.",
                            employer=internship.employer,
                            first=params["first"].strftime("%d/%m/%Y"),
                            last=params["last"].strftime("%d/%m/%Y"),
                        )
                    )

    # ------------------------------------------------------------------
    # Facts the student does not declare
    # ------------------------------------------------------------------
    def _gpme_check_facts(self, vals):
        """Signed, stamped and weeks are recorded by the commission or the
        teacher from the paper attestation; a correction of the weeks needs
        a reason. Texts are bounded."""
        for name, limit in (
            ("employer", EMPLOYER_MAX),
            ("weeks_correction_reason", REASON_MAX),
        ):
            value = vals.get(name)
            if isinstance(value, str) and len(value) > limit:
                raise ValidationError(
                    _(
                        "« %(field)s » is too long: %(size)s characters, at most "
                        "%(max)s.",
                        field=self._fields[name]._description_string(
                            self.env(
                                context=dict(
                                    self.env.context,
                                    lang=self.env.lang or self.env.user.lang,
                                )
                            )
                        ),
                        size=len(value),
                        max=limit,
                    )
                )
        if self.env.su:
            return
        if "weeks" in vals and not (vals.get("weeks_correction_reason") or "").strip():
            raise UserError(
                _(
                    "Weeks of the internship: the weeks are computed from the "
                    "dates; to correct them, give the reason of the correction."
                )
            )

    def _gpme_check_declared_weeks(self, vals, weeks):
        computed = internship_rules.circular_weeks(
            fields.Date.to_date(vals.get("date_from")),
            fields.Date.to_date(vals.get("date_to")),
        )
        if weeks and round(weeks, 1) != computed:
            raise UserError(
                _(
                    "« %(field)s »: %(weeks)s weeks do not match the dates of the "
                    "attestation (%(computed)s weeks); the weeks are computed from "
                    "the dates.",
                    field=field_label(self, self._fields["weeks"]),
                    weeks=weeks,
                    computed=computed,
                )
            )

    def _gpme_post_weeks_correction(self, before, reason):
        for internship in self:
            old = before.get(internship.id)
            if old == internship.weeks:
                continue
            internship.sudo().dossier_id.message_post(
                body=Markup(
                    _(
                        "Internship at « %(employer)s »: weeks corrected from "
                        "%(old)s to %(new)s by %(user)s. Reason: %(reason)s"
                    )
                )
                % {
                    "employer": escape(internship.employer),
                    "old": old,
                    "new": internship.weeks,
                    "user": escape(self.env.user.name),
                    "reason": escape(reason),
                }
            )

    # ------------------------------------------------------------------
    # Lock (gpme.lock.mixin): the attestations are part of the dossier
    # ------------------------------------------------------------------
    def _gpme_lock_state(self):
        result = {}
        for internship in self.sudo():
            state = internship.dossier_id.state
            if state in ("evaluated", "archived"):
                state = "closed"
            elif state != "draft":
                state = "handed_in"
            result[internship.id] = state
        return result

    def _gpme_lock_roles(self):
        internships = self.sudo()
        roles = internships.dossier_id.with_env(self.env)._gpme_roles_map()
        return {i.id: roles.get(i.dossier_id.id, set()) for i in internships}

    def _gpme_lock_state_label(self, state):
        return {
            "draft": _("a draft dossier"),
            "handed_in": _("a dossier handed in"),
            "closed": _("a dossier evaluated or archived"),
        }.get(state, state)

    def _gpme_lock_move_fields(self):
        return {"dossier_id"}

    @api.model_create_multi
    def create(self, vals_list):
        # The values' form first (the facts below read them), then the lock
        # on the records created (gpme.lock.mixin).
        for vals in vals_list:
            check_values(self, vals, create=True)
        for vals in vals_list:
            if not self.env.su and not (vals.get("weeks_correction_reason") or ""):
                # The weeks of a new attestation come from its dates (the form
                # sends the computed value back): another number is refused.
                self._gpme_check_declared_weeks(vals, vals.pop("weeks", None))
                vals.pop("weeks_correction_reason", None)
            self._gpme_check_facts(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._gpme_lock_check(set(vals))
        self._gpme_check_facts(vals)
        before = {i.id: i.weeks for i in self.sudo()} if "weeks" in vals else {}
        res = super().write(vals)
        if "weeks" in vals and not self.env.su:
            self._gpme_post_weeks_correction(before, vals["weeks_correction_reason"])
        # After the hand-in, every correction of an attestation is a decision
        # of the exam (the commission's signed/stamped included), and so is
        # a correction of the weeks at any time.
        self.env["gpme.journal"]._gpme_log(
            "internship_change",
            self.filtered(lambda i: "weeks" in vals or i.sudo().dossier_id.is_locked),
            reason=self.env.context.get("gpme_reason")
            or vals.get("weeks_correction_reason"),
            details={
                k: v
                for k, v in vals.items()
                if k in self._fields and self._fields[k].type != "binary"
            },
        )
        return res
