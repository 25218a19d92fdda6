from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class GpmeDossierEnrolment(models.AbstractModel):
    """One dossier per student and exam session: opened when the student
    joins a class, found again for her, carried over from an earlier
    session (moved whole out of gpme.dossier, issue 23)."""

    _name = "gpme.dossier.enrolment"
    _description = "E4 dossier: one per student and session"

    # --- A repeating student carries situations over ---
    previous_dossier_id = fields.Many2one(
        "gpme.dossier",
        string="Previous dossier",
        domain="[('student_id', '=', student_id), ('id', '!=', id)]",
        help="Dossier of an earlier session of the same student, whose "
        "situations may be carried over.",
    )
    carried_over = fields.Boolean(readonly=True)
    opened_on_join = fields.Boolean(
        string="Opened when the student joined the class",
        readonly=True,
        copy=False,
        help="Created empty when the student joined her class; the first "
        "explicit creation of her dossier for this session fills it in.",
    )

    @api.model
    def _get_current(self, user=None):
        """The dossier of the user's current class and session, if any."""
        user = user or self.env.user
        if not user.gpme_cohort_id:
            return self.browse()
        return self.search(
            [
                ("student_id", "=", user.id),
                ("exam_session_id", "=", user.gpme_cohort_id.exam_session_id.id),
            ],
            limit=1,
        )

    @api.model
    def _get_or_create_current(self, user=None):
        """The dossier of the user's current class, created on first need."""
        user = user or self.env.user
        if not user.gpme_cohort_id:
            return self.browse()
        dossier = self._get_current(user)
        if not dossier:
            dossier = self.create(
                {"student_id": user.id, "cohort_id": user.gpme_cohort_id.id}
            )
        return dossier

    @api.model
    def _gpme_create_for_students(self, students):
        """Every student of a class has a dossier from the day she joins it
        (created, imported or moved into the class), even before logging in:
        the teacher sees her and can hold a progress review with her. Never
        created on a read. Runs as superuser: the caller put her in the class."""
        students = students.sudo().filtered(
            lambda u: u.gpme_cohort_id.exam_session_id and not u.share
        )
        if not students:
            return self.browse()
        Dossier = self.sudo().with_context(active_test=False)
        have = {
            (d.student_id.id, d.exam_session_id.id)
            for d in Dossier.search(
                [
                    ("student_id", "in", students.ids),
                    (
                        "exam_session_id",
                        "in",
                        students.gpme_cohort_id.exam_session_id.ids,
                    ),
                ]
            )
        }
        missing = students.filtered(
            lambda u: (u.id, u.gpme_cohort_id.exam_session_id.id) not in have
        )
        return Dossier.create(
            [
                {
                    "student_id": user.id,
                    "cohort_id": user.gpme_cohort_id.id,
                    # The company presented: the student's (see create).
                    "opened_on_join": True,
                }
                for user in missing
            ]
        )

    @api.model
    def _gpme_opened_on_join(self, vals):
        """The empty dossier opened when the student joined the class that
        these creation values are for, if any: creating her dossier (an
        import, a script, the student's own « New ») fills that one in
        rather than refusing a second dossier of the session."""
        if vals.get("opened_on_join"):
            return self.browse()
        user = self.env.user
        return (
            self.sudo()
            .search(
                [
                    ("opened_on_join", "=", True),
                    ("student_id", "=", vals.get("student_id", user.id)),
                    ("cohort_id", "=", vals.get("cohort_id", user.gpme_cohort_id.id)),
                    ("state", "=", "draft"),
                    ("situation_ids", "=", False),
                ],
                limit=1,
            )
            .with_env(self.env)
        )

    @api.model
    def _action_open_my_dossier(self):
        # Created when the student joined her class, never on a read.
        dossier = self._get_current()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "gpme_e4.gpme_dossier_action"
        )
        if dossier:
            action.update(
                {"res_id": dossier.id, "view_mode": "form", "views": [(False, "form")]}
            )
        else:
            action["domain"] = [("student_id", "=", self.env.uid)]
        return action

    # ------------------------------------------------------------------
    # One dossier per student and session
    # ------------------------------------------------------------------
    @api.constrains("student_id", "cohort_id")
    def _check_one_per_session(self):
        data = (
            self.sudo()
            .with_context(active_test=False)
            .read_group(
                [
                    ("student_id", "in", self.student_id.ids),
                    ("exam_session_id", "in", self.exam_session_id.ids),
                ],
                ["student_id", "exam_session_id"],
                ["student_id", "exam_session_id"],
                lazy=False,
            )
        )
        for row in data:
            if row["__count"] > 1:
                student = self.env["res.users"].sudo().browse(row["student_id"][0])
                session = (
                    self.env["gpme.exam.session"]
                    .sudo()
                    .browse(row["exam_session_id"][0])
                )
                raise ValidationError(
                    _(
                        "%(student)s already has an E4 dossier for the %(year)s "
                        "session: a student has one dossier per exam session.",
                        student=student.name,
                        year=session.year,
                    )
                )

    @api.model
    def _gpme_check_new_sessions(self, vals_list):
        """The clear message before the unique constraint's technical one."""
        user = self.env.user
        for vals in vals_list:
            student = (
                self.env["res.users"].sudo().browse(vals.get("student_id", user.id))
            )
            cohort = (
                self.env["gpme.cohort"]
                .sudo()
                .browse(vals.get("cohort_id", user.gpme_cohort_id.id))
            )
            if cohort.exam_session_id and self.sudo().search_count(
                [
                    ("student_id", "=", student.id),
                    ("exam_session_id", "=", cohort.exam_session_id.id),
                ]
            ):
                self._check_one_per_session_message(student, cohort.session_year)

    def _check_one_per_session_message(self, student, year):
        raise ValidationError(
            _(
                "%(student)s already has an E4 dossier for the %(year)s "
                "session: a student has one dossier per exam session.",
                student=student.name,
                year=year,
            )
        )

    @api.constrains("previous_dossier_id", "student_id", "session_year")
    def _check_previous_dossier(self):
        for dossier in self.filtered("previous_dossier_id"):
            previous = dossier.previous_dossier_id.sudo()
            if (
                previous.student_id != dossier.student_id
                or previous.session_year >= dossier.session_year
            ):
                raise ValidationError(
                    _(
                        "The previous dossier must be a dossier of the same "
                        "student for an earlier exam session."
                    )
                )

    # ------------------------------------------------------------------
    # Carry-over for a repeating student
    # ------------------------------------------------------------------
    def action_carry_over(self):
        """Copy the situations (and their evidence) of the previous dossier.

        The copies start as drafts: the teaching team validates them again.
        """
        for dossier in self:
            if not dossier.previous_dossier_id:
                raise UserError(_("Choose the previous dossier first."))
            if dossier.carried_over:
                raise UserError(
                    _(
                        "The situations of the previous dossier were already "
                        "carried over."
                    )
                )
            roles = dossier._gpme_roles()
            if dossier.state != "draft" or not roles & {"student", "admin"}:
                raise AccessError(
                    _(
                        "Only the student, while the dossier is a draft, can "
                        "carry situations over."
                    )
                )
            previous = dossier.previous_dossier_id.sudo()
            # Evidence whose document is gone stays in the previous dossier
            # only (its snapshot is there): a new one needs a live document.
            live = set()
            evidence = previous.situation_ids.evidence_ids
            for model in set(evidence.mapped("res_model")):
                if model in self.env:
                    ids = evidence.filtered(lambda e, m=model: e.res_model == m)
                    found = self.env[model].sudo().with_context(active_test=False)
                    live |= {
                        (model, rid)
                        for rid in found.browse(ids.mapped("res_id")).exists().ids
                    }
            for situation in previous.situation_ids:
                copy = situation.copy(
                    {"dossier_id": dossier.id, "state": "draft", "code": False}
                )
                for item in situation.evidence_ids:
                    if (item.res_model, item.res_id) in live:
                        item.copy({"situation_id": copy.id})
            dossier.sudo().write({"carried_over": True})
            dossier.message_post(
                body=_(
                    "%(count)s situation(s) carried over from %(previous)s.",
                    count=len(previous.situation_ids),
                    previous=previous.name,
                )
            )
        return True
