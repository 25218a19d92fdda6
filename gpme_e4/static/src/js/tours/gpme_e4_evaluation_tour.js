/** @odoo-module **/
// The commission's path on the day of situation B: open the candidate,
// confirm the conformity, draw the situations, print the fiches de travail,
// open an evidence's PGI record beside its snapshot, fill and sign grid B.
import tour from "web_tour.tour";
import {axeSteps, pressKey} from "./gpme_e4_axe";

function pickLevel(row) {
    const line = `div[name="line_b_ids"] .o_data_row:eq(${row})`;
    return [
        {
            content: `Grid B, line ${row + 1}: edit the degree of mastery`,
            trigger: `${line} td[name="level_code"]`,
        },
        {
            content: `Grid B, line ${row + 1}: one click on « Bien maîtrisé »`,
            trigger: `div[name="line_b_ids"] .o_selected_row [name="level_code"] .o_gpme_level_option:contains("Bien maîtrisé")`,
        },
        {
            content: `Grid B, line ${row + 1}: points suggested`,
            trigger: `div[name="line_b_ids"] .o_selected_row td[name="suggested_points"]:contains("2")`,
            run: function () {},
        },
    ];
}

// The last line with the keyboard alone: Tab from the line above to the
// level's radio group, Space, then the arrows to « Bien maîtrisé ».
function keyboardLevel(row) {
    const line = `div[name="line_b_ids"] .o_data_row:eq(${row})`;
    const selected = 'div[name="line_b_ids"] .o_selected_row';
    const rowEl = () => document.querySelectorAll('div[name="line_b_ids"] .o_data_row')[row];
    const tabUntil = (reached) => {
        for (let presses = 0; presses < 12; presses++) {
            if (reached()) {
                return;
            }
            pressKey("Tab");
        }
        throw new Error(`Tab never reached the levels of line ${row + 1}`);
    };
    return [
        {
            content: `Grid B, line ${row}: the chosen level has the focus (as after a click)`,
            trigger: `${selected} .o_gpme_level_option[aria-checked="true"]`,
            run() {
                this.$anchor[0].focus();
                // Tab to the end of the line, then once more: the list opens
                // the next line (focus stays until it is rendered).
                for (let presses = 0; presses < 12; presses++) {
                    const before = document.activeElement;
                    pressKey("Tab");
                    if (document.activeElement === before) {
                        return;
                    }
                }
            },
        },
        {
            content: `Grid B, line ${row + 1}: Tab reaches its levels`,
            trigger: `${line}.o_selected_row [name="level_code"] .o_gpme_level`,
            run() {
                tabUntil(() =>
                    document.activeElement.closest(".o_gpme_level") &&
                    rowEl().contains(document.activeElement)
                );
                pressKey(" ");
            },
        },
        {
            content: `Grid B, line ${row + 1}: Space chose the focused level`,
            trigger: `${line}.o_selected_row .o_gpme_level_option[aria-checked="true"]`,
            run() {
                if (document.activeElement !== this.$anchor[0]) {
                    throw new Error("The chosen level lost the focus");
                }
                for (let presses = 0; presses < 6; presses++) {
                    if (document.activeElement.textContent.trim() === "Bien maîtrisé") {
                        return;
                    }
                    pressKey("ArrowRight");
                }
                throw new Error("The arrows never reached « Bien maîtrisé »");
            },
        },
        {
            content: `Grid B, line ${row + 1}: the arrows chose « Bien maîtrisé », points suggested`,
            trigger: `${line}.o_selected_row:has(.o_gpme_level_option[aria-checked="true"]:contains("Bien maîtrisé")) td[name="suggested_points"]:contains("2")`,
            run: function () {},
        },
    ];
}

tour.register(
    "gpme_e4_commission_path",
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
            content: "Open the commission menu",
            trigger: '.o_menu_sections [data-menu-xmlid="gpme_e4.menu_commission"]',
        },
        {
            content: "Dossiers to examine",
            trigger: '.dropdown-item[data-menu-xmlid="gpme_e4.menu_commission_dossiers"]',
        },
        {
            content: "Open the candidate",
            trigger: '.o_data_row:contains("Élève A") td.o_data_cell:first',
        },
        {
            content: "Open the candidate's evaluation",
            trigger: 'button[name="action_open_evaluation"]',
        },
        {
            content: "Conformity decision",
            trigger: 'button[name="action_conformity_wizard"]',
        },
        {
            content: "Confirm the dossier conform",
            trigger: 'button[name="action_confirm"]',
        },
        {
            content: "Yes, record the decision",
            trigger: ".modal-footer .btn-primary:contains('Ok')",
        },
        {
            content: "The dossier is conform",
            trigger: '.o_statusbar_status button.o_arrow_button_current[data-value="conform"]',
            run: function () {},
        },
        {
            content: "Draw the situations",
            trigger: 'button[name="action_draw"]',
        },
        {
            content: "Yes, draw (it is not made again)",
            trigger: ".modal-footer .btn-primary:contains('Ok')",
        },
        {
            content: "Open situation B",
            trigger: '.o_notebook a.nav-link[name="situation_b"]',
        },
        {
            content: "Two fiches de travail: GRCF, then oral",
            trigger: 'div[name="work_sheet_ids"] .o_data_row:eq(1)',
            run: function () {},
        },
        {
            content: "Print the fiches de travail",
            trigger: 'button[name="action_print_work_sheets"]',
        },

        {
            content: "Start the 40 minutes of preparation",
            trigger: 'button[name="action_start_timer"]',
        },
        {
            content: "The countdown runs",
            trigger: '.o_gpme_countdown:contains("39:")',
            run: function () {},
        },
        ...axeSteps("countdown", [".o_gpme_countdown"]),
        {
            content: "Open the GRCF fiche de travail",
            trigger: 'div[name="work_sheet_ids"] .o_data_row:first td.o_data_cell:eq(1)',
        },
        {
            content: "Its evidence shows the frozen snapshot",
            trigger: 'div[name="evidence_ids"] .o_data_row td[name="snapshot_date"]',
            run: function () {},
        },
        {
            content: "Write the work asked",
            trigger: 'div[name="changes"] textarea',
            run: "text Le client demande une remise de 8 % au lieu de 5 %.",
        },
        {
            content: "Open the live PGI record of the evidence",
            trigger: 'div[name="evidence_ids"] .o_data_row:first button[name="action_open_source"]',
        },
        {
            // Searched within the top dialog: no ".modal" prefix.
            content: "The PGI record opens read-only in the E4 viewer, frozen beside live",
            trigger: '.o_gpme_evidence_compare table.o_gpme_compare:contains("Client preuve")',
            run: function () {},
        },
        {
            content: "Close the viewer",
            trigger: ".modal-header .btn-close",
        },
        {
            content: "Back to the evaluation: keep the fiche de travail",
            trigger: ".modal-footer .o_form_button_save",
            extra_trigger: 'div[name="changes"] textarea',
        },
        {
            content: "Situation B again",
            trigger: '.o_notebook a.nav-link[name="situation_b"]',
        },
        ...pickLevel(0),
        ...axeSteps("grid B level", ['div[name="line_b_ids"] .o_selected_row td[name="level_code"]']),
        ...pickLevel(1),
        ...keyboardLevel(2),
        {
            content: "Sign grid B",
            trigger: 'button[name="action_sign_b"]',
        },
        {
            content: "The confirmation shows grid B's total",
            trigger: '.modal-body:contains("6,00 / 6,00")',
            run: function () {},
        },
        {
            content: "Yes, sign",
            trigger: '.modal-footer button[name="action_confirm"]',
        },
        {
            content: "Grid B is read-only once signed",
            trigger: 'div[name="line_b_ids"].o_readonly_modifier',
            run: function () {},
        },
    ]
);
