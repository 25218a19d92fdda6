/** @odoo-module **/
// The E4 administrator's onboarding: the E4 settings page, the accounts
// wizard, the students' import template. Run by tests/test_tours_admin.py.
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";
import {menuSteps} from "./gpme_e4_menu_steps";

// Like Odoo's own settings: titled by the page's name (not « New » nor
// « gpme.settings,2 »), one save path, no pager, no New, no action menu.
function settingsReadLikeOdoo(when) {
    return [
        {
            content: `${when}: titled « E4 settings »`,
            trigger:
                ".o_control_panel .breadcrumb-item.active:contains('Paramètres E4'), " +
                ".o_control_panel .breadcrumb-item.active:contains('E4 settings')",
            run() {
                const title = document.querySelector(".o_control_panel .breadcrumb-item.active");
                const text = title.textContent.trim();
                if (!["Paramètres E4", "E4 settings"].includes(text)) {
                    console.error(`The settings page is titled « ${text} »`);
                }
                const extra = [
                    ".o_form_status_indicator",
                    ".o_form_button_save",
                    ".o_form_button_cancel",
                    ".o_form_button_create",
                    ".o_cp_pager",
                    ".o_cp_action_menus .dropdown-toggle",
                ].filter((selector) => document.querySelector(`.o_control_panel ${selector}`));
                if (extra.length) {
                    console.error(`The settings page also offers ${extra.join(", ")}`);
                }
                const saves = document.querySelectorAll('.o_form_view button[name="action_save"]');
                if (saves.length !== 1) {
                    console.error(`The settings page has ${saves.length} « Save » buttons`);
                }
            },
        },
    ];
}

tour.register(
    "gpme_e4_admin_onboarding",
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
        ...menuSteps("menu_config", "menu_config_e4_settings", "E4 settings"),
        {
            content: "The settings page, with its printed documents",
            trigger: '.o_form_view .o_field_widget[name="letterhead"] input[type="radio"]',
            run: function () {},
        },
        ...settingsReadLikeOdoo("The settings page"),
        ...axeSteps("E4 settings", [".o_gpme_help"]),
        {
            content: "Change a setting",
            trigger: '.o_field_widget[name="attachment_max_mb"] input',
            run: "text 30",
        },
        {
            content: "Save the settings",
            trigger: '.o_form_view button[name="action_save"]',
        },
        {
            content: "Saved, and said so",
            trigger: ".o_notification:contains('E4')",
            in_modal: false,
            run: function () {},
        },
        ...settingsReadLikeOdoo("Once saved"),
        {
            content: "Change a setting again",
            trigger: '.o_field_widget[name="attachment_max_mb"] input',
            run: "text 25",
        },
        ...menuSteps("menu_config", "menu_config_create_accounts", "Create accounts"),
        {
            content: "The wizard offers the three roles",
            trigger: '.o_field_widget[name="role"] .o_radio_item:eq(2)',
            run: function () {},
        },
        ...axeSteps("accounts wizard", [".o_gpme_help"]),
        {
            content: "Close the wizard",
            trigger: ".modal-footer button.btn-secondary",
        },
        ...menuSteps("menu_config", "menu_config_students", "Leave the settings for the students"),
        {
            content: "Unsaved settings: asked, as Odoo's settings ask, then saved",
            trigger: ".modal-footer .btn-primary",
            extra_trigger:
                ".modal-body:contains('Would you like to save your changes?'), " +
                ".modal-body:contains('Souhaitez-vous enregistrer vos changements')",
        },
        {
            content: "Open the favorites menu",
            trigger: ".o_favorite_menu .dropdown-toggle",
            extra_trigger: ".o_list_view, .o_view_nocontent",
        },
        {
            content: "Import records",
            trigger: ".o_import_menu",
        },
        {
            content: "The students' import template is on screen",
            trigger: 'a[href="/gpme_e4/static/xls/gpme_students_import.xlsx"]',
            run: function () {},
        },
    ]
);
