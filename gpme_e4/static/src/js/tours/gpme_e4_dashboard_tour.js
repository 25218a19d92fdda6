/** @odoo-module **/
// The teacher's class dashboard: the whole matrix fits the window, tasks
// shown; the class she chose is still there when she comes back.
// Run by tests/test_tours_dashboard.py (a 1440×900 browser).
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";
import {menuSteps} from "./gpme_e4_menu_steps";

tour.register(
    "gpme_e4_dashboard_fits",
    {test: true, url: "/web"},
    [
        {
            content: "The teacher lands on the class dashboard",
            trigger: ".o_gpme_dashboard .o_gpme_matrix",
            run: function () {},
        },
        {
            content: "Show the tasks too",
            trigger: ".o_gpme_dashboard .o_gpme_toggle_tasks",
        },
        {
            content: "The whole matrix fits the window, no value wraps",
            trigger: ".o_gpme_matrix.o_gpme_with_tasks .o_gpme_task_head",
            run() {
                const wrap = document.querySelector(".o_gpme_matrix_wrap");
                const table = wrap.querySelector("table");
                const last = table.querySelector("thead tr th:last-child");
                // One line per conformity cell: a wrapped one has a second
                // line box.
                const wrapped = [...table.querySelectorAll(".o_gpme_conformity > span")].filter(
                    (span) => span.getClientRects().length > 1 || span.offsetHeight > 30
                ).length;
                const report = {
                    window: window.innerWidth,
                    container: wrap.clientWidth,
                    table: Math.ceil(table.getBoundingClientRect().width),
                    scroll: wrap.scrollWidth,
                    lastColumnRight: Math.ceil(last.getBoundingClientRect().right),
                    wrappedConformity: wrapped,
                };
                console.log("gpme_fit " + JSON.stringify(report));
                if (
                    report.scroll > report.container ||
                    report.lastColumnRight > report.window ||
                    wrapped
                ) {
                    console.error("The class matrix does not fit: " + JSON.stringify(report));
                }
            },
        },
        ...axeSteps("class dashboard, tasks shown", [".o_gpme_dashboard"]),
    ]
);

tour.register(
    "gpme_e4_dashboard_remembers_class",
    {test: true, url: "/web"},
    [
        {
            content: "The teacher lands on her class",
            trigger: ".o_gpme_cohort_select:has(option:selected:contains('BTS GPME 2e année'))",
            extra_trigger: ".o_gpme_dashboard .o_gpme_matrix",
            run: function () {},
        },
        {
            content: "She switches to her other class",
            trigger: ".o_gpme_cohort_select",
            run() {
                const select = document.querySelector(".o_gpme_cohort_select");
                const other = [...select.options].find((o) => o.text.includes("Groupe de soutien"));
                select.value = other.value;
                select.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The other class is shown",
            trigger: ".o_gpme_dashboard .alert-info",
            extra_trigger: ".o_gpme_cohort_select:has(option:selected:contains('Groupe de soutien'))",
            run: function () {},
        },
        ...menuSteps("menu_teacher", "menu_teacher_analysis_fiches", "She leaves for the fiches analysis"),
        {
            content: "The analysis is shown",
            trigger: ".o_pivot_view, .o_graph_view, .o_list_view",
            run: function () {},
        },
        ...menuSteps("menu_teacher", "menu_teacher_dashboard", "She comes back through the menu"),
        {
            content: "Her chosen class is still there",
            trigger: ".o_gpme_cohort_select:has(option:selected:contains('Groupe de soutien'))",
            extra_trigger: ".o_gpme_dashboard .alert-info",
            run: function () {},
        },
    ]
);
