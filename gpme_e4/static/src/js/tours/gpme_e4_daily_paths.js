/** @odoo-module **/
// Each role's daily path on the demo class (Bureau Plus SARL), as the users
// would click it. Run by tests/test_tours_daily.py in headless Chromium.
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";

tour.register(
    "gpme_e4_student_tags_and_fills",
    {test: true, url: "/web"},
    [
        {
            content: "The student lands on her progress in the E4 app",
            trigger: ".o_gpme_student_home .o_gpme_next_action",
            run: function () {},
        },
        ...axeSteps("student home", [".o_gpme_student_home"]),
        {
            content: "Open the sales app",
            trigger: ".o_navbar_apps_menu button",
        },
        {
            content: "Choose Sales",
            trigger: '.o_app[data-menu-xmlid="sale.sale_menu_root"]',
        },
        {
            content: "Open the quotation she just made for the Hôtel Le Lugdunum",
            trigger: ".o_data_row td:contains('Hôtel Le Lugdunum')",
        },
        {
            content: "Use it as E4 evidence",
            trigger: "button[name=action_gpme_tag_evidence]",
        },
        {
            content: "Her only draft fiche is already chosen",
            trigger: ".o_field_widget[name=situation_id] input:propValueContains('Établir un devis')",
            run: function () {},
        },
        {
            content: "Tag",
            trigger: "button[name=action_confirm]",
        },
        {
            content: "The quotation now counts one more E4 evidence",
            trigger: "button[name=action_gpme_open_evidence] .o_stat_value:contains('1')",
            run: function () {},
        },
        {
            content: "Back to the E4 app",
            trigger: ".o_navbar_apps_menu button",
        },
        {
            content: "Open the E4 app",
            trigger: '.o_app[data-menu-xmlid="gpme_e4.menu_root"]',
        },
        {
            content: "Open my situations from my home",
            trigger: ".o_gpme_student_home button:contains('situations')",
        },
        {
            content: "Open the draft fiche",
            trigger: ".o_data_row td:contains('Établir un devis'), .o_kanban_record:contains('Établir un devis')",
        },
        {
            content: "Write where it took place",
            trigger: ".o_field_widget[name=place] input",
            run: "text Lycée Jean Moulin, atelier de professionnalisation",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
        },
        {
            content: "Hand it in",
            trigger: "button[name=action_submit]",
        },
        {
            content: "Yes, hand it in",
            trigger: ".modal-footer .btn-primary:contains('Ok')",
        },
        {
            content: "The fiche waits for the teachers",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
            run: function () {},
        },
    ]
);

tour.register(
    "gpme_e4_teacher_reviews",
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
        ...axeSteps("class dashboard", [".o_gpme_dashboard"], ".o_gpme_matrix .o_gpme_task_head"),
        {
            content: "Open Hugo's fiche waiting for review",
            trigger: ".o_gpme_row:contains('Hugo Bernard') .o_gpme_waiting",
        },
        {
            content: "Open the fiche",
            trigger: ".o_data_row td:contains('Traiter la réclamation')",
        },
        {
            content: "Return it for rework",
            trigger: "button[name=action_return_wizard]",
        },
        {
            content: "Say what to rework",
            trigger: ".o_field_widget[name=comment] textarea",
            run: "text Précisez la solution proposée au client et joignez l'avoir.",
        },
        {
            content: "Confirm",
            trigger: "button[name=action_confirm]",
        },
        {
            content: "The fiche is back with the student: a ribbon, no last step",
            trigger: ".o_form_view:not(:has(.o_statusbar_status)) .ribbon span.o_gpme_ribbon_warning",
            run: function () {},
        },
        {
            content: "The returned fiche is read-only for the teacher",
            trigger: ".o_form_view .oe_title .o_field_widget[name=name].o_readonly_modifier",
            run: function () {},
        },
        {
            content: "Back to the dashboard",
            trigger: ".breadcrumb-item:first-child a",
        },
        {
            content: "Open Inès's fiche waiting for review",
            trigger: ".o_gpme_row:contains('Inès Moreau') .o_gpme_waiting",
        },
        {
            content: "Open the fiche",
            trigger: ".o_data_row td:contains('Établir un devis')",
        },
        {
            content: "Validate it",
            trigger: "button[name=action_validate]",
        },
        {
            content: "Yes, validate it",
            trigger: ".modal-footer .btn-primary:contains('Ok')",
        },
        {
            content: "The fiche is validated",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=validated]",
            run: function () {},
        },
        {
            content: "Back to the dashboard",
            trigger: ".breadcrumb-item:first-child a",
        },
        {
            content: "Open Inès's dossier",
            trigger: ".o_gpme_row:contains('Inès Moreau') a.o_gpme_student",
        },
        {
            content: "Its conformity checklist",
            trigger: '.o_notebook a.nav-link[name="checklist"]',
        },
        ...axeSteps("dossier checklist", [".o_gpme_checklist"]),
        {
            content: "Her synoptic (professional passport)",
            trigger: '.o_notebook a.nav-link[name="synoptic"]',
        },
        {
            content: "The passport is in the page, not in a frame, its codes link to the fiches",
            trigger: ".o_field_widget[name=synoptic_html]:not(:has(iframe)) table.o_gpme_synoptic a[href*='gpme.situation']",
            run: function () {},
        },
        ...axeSteps("dossier synoptic", [".o_gpme_synoptic_matrix"]),
        {
            content: "Open the follow-up menu",
            trigger: '.o_menu_sections [data-menu-xmlid="gpme_e4.menu_teacher"]',
        },
        {
            content: "Progress reviews",
            trigger: '.dropdown-item[data-menu-xmlid="gpme_e4.menu_teacher_reviews"]',
        },
        {
            content: "A new progress review (bilan)",
            trigger: ".o_list_button_add",
        },
        {
            content: "Of Inès's dossier",
            trigger: '.o_field_widget[name="dossier_id"] input',
            run: "text Inès",
        },
        {
            content: "Choose her dossier",
            trigger: ".o-autocomplete--dropdown-item a:contains('Inès Moreau')",
        },
        {
            content: "The overall comment",
            trigger: '.o_field_widget[name="comment"] textarea',
            run: "text Bon départ : poursuivre avec une situation de communication écrite.",
        },
        {
            content: "Save the bilan",
            trigger: ".o_form_button_save",
        },
        {
            content: "The bilan is recorded",
            trigger: ".o_form_saved, .o_form_view:not(:has(.o_form_button_save))",
            extra_trigger: ".breadcrumb-item.active:contains('Inès Moreau')",
            run: function () {},
        },
    ]
);
