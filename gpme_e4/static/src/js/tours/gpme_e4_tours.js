/** @odoo-module **/
// Browser tours: real users find their way to their E4 work.
import tour from "web_tour.tour";

tour.register(
    "gpme_e4_student_menu",
    {test: true, url: "/web"},
    [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
        },
        {
            content: "Open the E4 app",
            trigger: '.o_app[data-menu-xmlid="gpme_e4.menu_root"]',
        },
        {
            content: "Open my situations",
            trigger: '.o_menu_sections [data-menu-xmlid="gpme_e4.menu_student"]',
        },
        {
            content: "Choose My situations",
            trigger: '.dropdown-item[data-menu-xmlid="gpme_e4.menu_student_situations"]',
        },
        {
            content: "The student's situations are listed",
            trigger: ".o_action_manager .o_list_view, .o_action_manager .o_kanban_view",
            run: function () {},
        },
    ]
);

tour.register(
    "gpme_e4_teacher_classes",
    {test: true, url: "/web"},
    [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
        },
        {
            content: "Open the E4 app",
            trigger: '.o_app[data-menu-xmlid="gpme_e4.menu_root"]',
        },
        {
            content: "Open the follow-up menu",
            trigger: '.o_menu_sections [data-menu-xmlid="gpme_e4.menu_teacher"]',
        },
        {
            content: "Choose Classes",
            trigger: '.dropdown-item[data-menu-xmlid="gpme_e4.menu_teacher_cohorts"]',
        },
        {
            content: "The teacher's class is listed, not the other one",
            trigger: '.o_data_row:contains("GPME Tour A")',
            run: function () {
                if (document.body.textContent.includes("GPME Tour B")) {
                    throw new Error("A teacher sees a class they do not teach");
                }
            },
        },
    ]
);
