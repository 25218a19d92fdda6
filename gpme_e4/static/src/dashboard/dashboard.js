/** @odoo-module **/
// The teacher's dashboard and the student's home: two client actions fed by
// gpme.dashboard (a few read_group per class on the server).
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {Component, onWillStart, useState} from "@odoo/owl";

export function coverageClass(count, target) {
    if (!count) {
        return "o_gpme_cov_none";
    }
    return count >= target ? "o_gpme_cov_full" : "o_gpme_cov_part";
}

export class GpmeTeacherDashboard extends Component {
    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null, showTasks: false});
        onWillStart(() => this.load());
    }
    async load(cohortId) {
        this.state.data = await this.orm.call("gpme.dashboard", "get_dashboard", [], {
            cohort_id: cohortId || false,
        });
    }
    onCohortChange(ev) {
        this.load(parseInt(ev.target.value, 10));
    }
    toggleTasks() {
        this.state.showTasks = !this.state.showTasks;
    }
    tasksOf(activity) {
        return this.state.data.tasks.filter((t) => t.activity_id === activity.id);
    }
    cellClass(count, target) {
        return coverageClass(count, target);
    }
    kindClass(row, kind) {
        return coverageClass(row.kinds[kind], this.state.data.quotas[kind]);
    }
    openDossier(row) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "gpme.dossier",
            res_id: row.dossier_id,
            views: [[false, "form"]],
            target: "current",
        });
    }
    openSituations(row, extraDomain, name) {
        this.action.doAction({
            type: "ir.actions.act_window",
            name: name || row.student,
            res_model: "gpme.situation",
            domain: [["dossier_id", "=", row.dossier_id], ...(extraDomain || [])],
            views: [
                [false, "list"],
                [false, "form"],
            ],
            target: "current",
        });
    }
    openActivity(row, activity) {
        this.openSituations(
            row,
            [
                ["e4_activity_ids", "in", [activity.id]],
                ["state", "=", "validated"],
            ],
            `${row.student} – ${activity.code}`
        );
    }
    openWaiting(row) {
        this.openSituations(row, [["state", "=", "submitted"]]);
    }
}
GpmeTeacherDashboard.template = "gpme_e4.TeacherDashboard";

// The dossier list's decorations (gpme_dossier_view_tree), state by state.
const DOSSIER_STATE_BADGES = {
    draft: "text-bg-info",
    submitted: "text-bg-warning",
    validated: "text-bg-success",
    evaluated: "text-bg-success",
};

export class GpmeStudentHome extends Component {
    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null});
        onWillStart(async () => {
            this.state.data = await this.orm.call("gpme.dashboard", "get_student_home", []);
        });
    }
    cellClass(count, target) {
        return coverageClass(count, target);
    }
    /** The dossier state's colour, as the dossier lists decorate it. */
    stateBadgeClass(state) {
        return DOSSIER_STATE_BADGES[state] || "text-bg-secondary";
    }
    kindClass(kind) {
        const data = this.state.data;
        return coverageClass(data.dossier.kinds[kind], data.quotas[kind]);
    }
    openDossier() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "gpme.dossier",
            res_id: this.state.data.dossier.dossier_id,
            views: [[false, "form"]],
            target: "current",
        });
    }
    openSituations() {
        this.action.doAction("gpme_e4.gpme_situation_action");
    }
    newSituation() {
        // A blank fiche: saving it files it in her dossier.
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "gpme.situation",
            views: [[false, "form"]],
            target: "current",
        });
    }
    openDocuments() {
        this.action.doAction("gpme_e4.gpme_pgi_document_action");
    }
}
GpmeStudentHome.template = "gpme_e4.StudentHome";

registry.category("actions").add("gpme_e4.teacher_dashboard", GpmeTeacherDashboard);
registry.category("actions").add("gpme_e4.student_home", GpmeStudentHome);
