/** @odoo-module **/
// The commission's day in one path: from the member's home (the dossiers to
// examine) open the candidate, read a fiche's evidence frozen beside live,
// decide the conformity (the wizard preset from the facts), draw the
// situations, print the fiches de travail, open an evidence's PGI record
// beside its snapshot, score grid B under its headings (clicks, then the
// keyboard alone) and sign it with its total shown; axe-core on each screen.
import tour from "web_tour.tour";
import {axeSteps, pressKey} from "./gpme_e4_axe";

// A grid B row whose critères de performance the tooltip lists.
const MESSAGE_ROW = "Entretien sur le document synoptique et les fiches de GRCF";

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
                // the next line (focus stays in the last cell until it is
                // rendered). A Tab the list ignores while it redraws the line
                // (focus unchanged before the last cell) is pressed again.
                for (let presses = 0; presses < 12; presses++) {
                    const before = document.activeElement;
                    pressKey("Tab");
                    const unchanged = document.activeElement === before;
                    if (unchanged && before.closest('td[name="comment"]')) {
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
            content: "The commission member's home: the dossiers to examine",
            trigger: '.o_list_view .o_data_row:contains("Élève A")',
            run: function () {},
        },
        // The list's cells (the addon's columns and badges); Odoo's own list
        // chrome (row checkboxes, optional-columns toggle) is out of scope.
        ...axeSteps("home", [".o_list_view .o_data_row td.o_data_cell"]),
        {
            content: "Open the candidate",
            trigger: '.o_data_row:contains("Élève A") td.o_data_cell:first',
        },
        {
            content: "Read a fiche of the dossier",
            trigger: 'div[name="situation_ids"] .o_data_row:first td.o_data_cell:eq(1)',
        },
        {
            content: "Its PGI evidence",
            trigger: '.o_notebook a.nav-link[name="evidence"]',
        },
        {
            content: "Frozen and live, from the evidence's row",
            trigger: 'div[name="evidence_ids"] .o_data_row:first button[name="action_open_viewer"]',
        },
        {
            content: "The E4 viewer: the snapshot beside the live record",
            trigger: '.o_gpme_evidence_compare table.o_gpme_compare:contains("Client preuve")',
            run: function () {},
        },
        ...axeSteps("fiche evidence viewer", [".o_gpme_evidence_compare"]),
        {
            // Searched within the top dialog (the viewer's).
            content: "Close the viewer",
            trigger: ".modal-header .btn-close",
        },
        {
            content: "Close the fiche",
            trigger: ".modal-header .btn-close",
            extra_trigger: "body:not(:has(.o_gpme_evidence_compare))",
        },
        {
            content: "Open the candidate's evaluation",
            trigger: 'button[name="action_open_evaluation"]',
            extra_trigger: "body:not(:has(.modal))",
        },
        {
            content: "Conformity decision",
            trigger: 'button[name="action_conformity_wizard"]',
        },
        {
            content: "The wizard is preset from the facts: a complete dossier, conform",
            trigger: 'div[name="unsigned_count"]:contains("0")',
            extra_trigger: '.modal div[name="decision"] input[data-value="conform"]:checked',
            run: function () {},
        },
        ...axeSteps("conformity wizard", [".modal .o_form_view"], ".o_form_view"),
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
        {
            content: "Grid B's lines under their headings",
            trigger: 'div[name="line_b_ids"] tr.o_gpme_grid_heading:contains("Critères de communication")',
            extra_trigger: 'div[name="line_b_ids"] tr.o_gpme_grid_heading:first:contains("Critères opérationnels")',
            run: function () {},
        },
        // Its lines and headings (Odoo's optional-columns toggle is out of scope).
        ...axeSteps("grid B", ['div[name="line_b_ids"] tbody']),
        {
            content: "A cut criterion: the keyboard reaches it, its whole text shows",
            trigger: `div[name="line_b_ids"] .o_data_row .o_gpme_criterion:contains("${MESSAGE_ROW}")`,
            run() {
                this.$anchor[0].focus();
                // Headless, the page may not hold the focus: say it anyway.
                this.$anchor[0].dispatchEvent(new FocusEvent("focus"));
            },
        },
        {
            content: "...with the critères de performance it gathers",
            trigger: `.o-tooltip .o_gpme_criterion_tooltip:has(strong:contains("${MESSAGE_ROW}")) li:contains("Une analyse pertinente de la situation de gestion")`,
            run: function () {},
        },
        ...axeSteps("criterion tooltip", [".o_popover .o_gpme_criterion_tooltip"]),
        {
            content: "Leaving the criterion closes its tooltip",
            trigger: `div[name="line_b_ids"] .o_data_row .o_gpme_criterion:contains("${MESSAGE_ROW}")`,
            run() {
                this.$anchor[0].blur();
                this.$anchor[0].dispatchEvent(new FocusEvent("blur"));
            },
        },
        {
            content: "...closed",
            trigger: "body:not(:has(.o_gpme_criterion_tooltip))",
            run: function () {},
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
        ...axeSteps("sign grid B", [".modal .o_form_view"], ".o_form_view"),
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
