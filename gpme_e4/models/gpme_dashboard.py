"""The teacher's dashboard and the student's home, as data for the client action.

A handful of read_group calls per class, whatever its size: the number of
queries does not depend on the number of students. Runs with the caller's
rights, so the record rules decide which classes and dossiers appear.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_date

KINDS = ("grcf", "oral", "written")


class GpmeDashboard(models.AbstractModel):
    _name = "gpme.dashboard"
    _description = "E4 dashboard"

    @api.model
    def get_dashboard(self, cohort_id=None):
        """Teacher's view of a class: students × activities and tasks."""
        Cohort = self.env["gpme.cohort"]
        user = self.env.user
        if user.has_group("gpme_e4.group_admin"):
            cohorts = Cohort.search([])
        else:
            cohorts = Cohort.search([("teacher_ids", "in", user.id)])
        last = user.sudo().gpme_last_cohort_id
        if cohort_id:
            cohort = cohorts.filtered(lambda c: c.id == cohort_id)
            if not cohort:
                raise AccessError(_("You do not teach this class."))
            if cohort.id != last.id:
                user.sudo().gpme_last_cohort_id = cohort
        else:
            # The last class chosen, while it is still one of the user's.
            cohort = cohorts.filtered(lambda c: c.id == last.id) or cohorts[:1]
        result = {
            "cohorts": [{"id": c.id, "name": c.display_name} for c in cohorts],
            "cohort_id": cohort.id,
            **self._referential(),
            "rows": [],
        }
        if cohort:
            dossiers = self.env["gpme.dossier"].search([("cohort_id", "=", cohort.id)])
            result["rows"] = self._rows(dossiers)
        return result

    @api.model
    def get_student_home(self):
        """The student's home: her progress per activity and her next action."""
        # Her dossier was created when she joined the class (never on a read).
        dossier = self.env["gpme.dossier"]._get_current()
        data = {**self._referential(), "dossier": False}
        if not dossier:
            return data
        row = self._rows(dossier)[0]
        row["next_actions"] = self._next_actions(dossier, row, data)
        data["dossier"] = row
        return data

    # ------------------------------------------------------------------
    @api.model
    def _referential(self):
        activities = self.env["gpme.activity"].search([])
        tasks = self.env["gpme.task"].search([])
        quotas = self.env["gpme.conformity.rule"]._gpme_quotas()
        return {
            "activities": [
                {"id": a.id, "code": a.code, "name": a.name} for a in activities
            ],
            "tasks": [
                {
                    "id": t.id,
                    "code": t.code,
                    "name": t.name,
                    "activity_id": t.activity_id.id,
                }
                for t in tasks
            ],
            "quotas": quotas,
        }

    @api.model
    def _rows(self, dossiers):
        """One dict per dossier, in a constant number of queries; the
        numbers are services.progress's, as the checklist, the class
        workbook and the synoptic show them."""
        if not dossiers:
            return []
        base = [("dossier_id", "in", dossiers.ids)]
        reviews = {
            g["dossier_id"][0]: g["date"]
            for g in self.env["gpme.review"].read_group(
                base, ["date:max"], ["dossier_id"]
            )
        }
        evidence = {
            g["dossier_id"][0]: g["dossier_id_count"]
            for g in self.env["gpme.evidence"].read_group(
                base, ["dossier_id"], ["dossier_id"]
            )
        }
        numbers = self.env["gpme.conformity.rule"]._gpme_progress(dossiers)
        activities = self.env["gpme.activity"].search([])
        tasks = self.env["gpme.task"].search([])
        state_labels = dict(dossiers._fields["state"]._description_selection(self.env))
        rows = []
        for dossier in dossiers:
            did = dossier.id
            done = numbers[did]
            states = done["states"]
            rows.append(
                {
                    "dossier_id": did,
                    "student": dossier.student_id.name,
                    "student_id": dossier.student_id.id,
                    "state": dossier.state,
                    "state_label": state_labels.get(dossier.state),
                    # String keys: XML-RPC only marshals those.
                    "activities": {
                        str(a.id): done["activities"].get(a.code, 0) for a in activities
                    },
                    "tasks": {str(t.id): done["tasks"].get(t.code, 0) for t in tasks},
                    "kinds": done["kinds"],
                    "tasks_covered": done["tasks_covered"],
                    "task_count": done["task_count"],
                    "validated": states["validated"],
                    "waiting": states["submitted"],
                    "to_rework": states["to_rework"],
                    "draft": states["draft"],
                    "evidence": evidence.get(did, 0),
                    "last_review": str(reviews[did]) if reviews.get(did) else False,
                    "blocking": done["blocking"],
                    "issues": done["issues"],
                    # Warnings inform; blocking and penalising findings count.
                    "conform": done["conform"],
                }
            )
        rows.sort(key=lambda r: r["student"] or "")
        return rows

    @api.model
    def _next_actions(self, dossier, row, data):
        """What the student should do next, most urgent first (at most 3)."""
        actions = []
        if row["to_rework"]:
            actions.append(
                _("1 fiche returned by your teacher: rework it and hand it in again.")
                if row["to_rework"] == 1
                else _(
                    "%s fiches returned by your teacher: rework them and hand "
                    "them in again.",
                    row["to_rework"],
                )
            )
        if row["draft"]:
            actions.append(
                _("1 fiche in draft: complete it and hand it in.")
                if row["draft"] == 1
                else _(
                    "%s fiches in draft: complete them and hand them in.",
                    row["draft"],
                )
            )
        missing = [
            a["code"] for a in data["activities"] if not row["activities"][str(a["id"])]
        ]
        if missing:
            actions.append(
                _(
                    "Describe a situation for the activities not covered yet: %s.",
                    ", ".join(missing),
                )
            )
        quotas = data["quotas"]
        labels = {
            "grcf": _("GRCF"),
            "oral": _("oral communication"),
            "written": _("written communication"),
        }
        for kind in KINDS:
            lacking = quotas.get(kind, 0) - row["kinds"][kind]
            if lacking > 0:
                actions.append(
                    _("One more validated fiche of the kind « %s ».", labels[kind])
                    if lacking == 1
                    else _(
                        "%(count)s more validated fiches of the kind « %(kind)s ».",
                        count=lacking,
                        kind=labels[kind],
                    )
                )
        if not actions and dossier.state == "draft":
            actions.append(
                _("Your dossier is complete: check it and submit it to your teachers.")
            )
        elif dossier.state != "draft" and dossier.submitted_date:
            actions.append(
                _(
                    "Dossier handed in on %s: your teachers and the commission "
                    "can read it.",
                    format_date(self.env, dossier.submitted_date),
                )
            )
        if row["waiting"]:
            actions.append(
                _("1 fiche waiting for your teachers' review.")
                if row["waiting"] == 1
                else _("%s fiches waiting for your teachers' review.", row["waiting"])
            )
        return actions[:3]
