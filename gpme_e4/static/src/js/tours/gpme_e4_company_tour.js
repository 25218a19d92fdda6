/** @odoo-module **/
// A training database with a company per student: the teacher, then the
// commission, open the student's fiche, the evidence of an order that lives
// in the student's own company, and « Ouvrir le document »: the live order,
// read-only in the E4 viewer, without any access error. Run by
// tests/test_tours_company.py, which makes the order: ORDER, 4 × 120 €.
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";

const ROW = "div[name=evidence_ids] .o_data_row:has(td[name=kind]:contains('Devis')):first";
const ORDER = "INES-S001";
const AMOUNT = "480,00";
const NO_ERROR = "body:not(:has(.o_error_dialog))";

function noErrorDialog(where) {
    return {
        content: `No error dialog ${where}`,
        trigger: NO_ERROR,
        in_modal: false,
        run() {
            if (document.querySelector(".o_dialog .o_error_dialog, .o_error_dialog")) {
                throw new Error(`An error dialog appeared ${where}`);
            }
        },
    };
}

function companyPerStudentSteps(who) {
    return [
        {
            content: "The fiche's PGI evidence",
            trigger: '.o_notebook a.nav-link[name="evidence"]',
        },
        {
            content: "The order's row: its PDF status in French",
            trigger: `${ROW} td[name=snapshot_pdf_status]:contains('PDF en préparation')`,
            run() {},
        },
        {
            content: "Open the evidence",
            trigger: `${ROW} td.o_data_cell:first`,
        },
        {
            content: "The evidence pop-up: frozen beside live",
            trigger: ".o_gpme_evidence_compare table.o_gpme_compare th:contains('Document actuel')",
            run() {},
        },
        noErrorDialog("on the evidence"),
        ...axeSteps(`${who}: evidence pop-up`, [".o_gpme_evidence_compare"]),
        {
            content: "« Ouvrir le document »",
            trigger: ".oe_button_box button[name=action_open_source]",
        },
        {
            content: "The E4 viewer: the live order of the student's company",
            trigger: ".o_field_widget[name=snapshot_pdf_status]:contains('PDF en préparation')",
            extra_trigger: ".o_gpme_evidence_compare table.o_gpme_compare th:contains('Figé')",
            run() {
                // The viewer opens over the evidence pop-up: the last dialog.
                const viewer = [...document.querySelectorAll(".o_dialog")].pop();
                const html = viewer.querySelector(".o_gpme_evidence_compare").textContent;
                for (const expected of [ORDER, AMOUNT]) {
                    if (!html.includes(expected)) {
                        throw new Error(`The viewer does not show « ${expected} »`);
                    }
                }
                if (viewer.querySelector(".o_form_button_save, input:not([readonly]):not([type=checkbox])")) {
                    throw new Error("The live view is editable");
                }
            },
        },
        noErrorDialog("on « Ouvrir le document »"),
        ...axeSteps(`${who}: live view`, [".o_gpme_evidence_compare"]),
        {
            content: "Close the viewer",
            trigger: ".modal-header .btn-close",
        },
        noErrorDialog("at the end"),
    ];
}

tour.register("gpme_e4_company_per_student_teacher", {test: true}, companyPerStudentSteps("teacher"));
tour.register("gpme_e4_company_per_student_jury", {test: true}, companyPerStudentSteps("commission"));

// The PGI's normal work: the student invoiced her tagged order (INES-S002) in
// her company; the teacher reads the evidence up to date, « évolution
// normale », not « Source modifiée ».
const ORDER_ROW = "div[name=evidence_ids] .o_data_row:has(td[name=name]:contains('INES-S002'))";

tour.register("gpme_e4_company_per_student_drift", {test: true}, [
    {
        content: "The fiche's PGI evidence",
        trigger: '.o_notebook a.nav-link[name="evidence"]',
    },
    {
        content: "The invoiced order reads up to date, a normal evolution",
        trigger: `${ORDER_ROW} td[name=status]:contains('À jour')`,
        extra_trigger: `${ORDER_ROW} td[name=status_note]:contains('Évolution normale')`,
        run() {
            const row = this.$anchor.closest(".o_data_row")[0];
            if (row.textContent.includes("Source modifiée")) {
                throw new Error("The invoiced order reads « Source modifiée »");
            }
        },
    },
    {
        content: "Open the evidence",
        trigger: `${ORDER_ROW} td.o_data_cell:first`,
    },
    {
        content: "Frozen beside live: the invoice status, a normal evolution",
        trigger: ".o_gpme_evidence_compare:contains('évolution normale')",
        run() {
            if (document.querySelector(".o_gpme_evidence_compare .o_gpme_changed")) {
                throw new Error("The invoiced order shows a change");
            }
            // The invoice status's row in view (and in the screenshot).
            [...document.querySelectorAll(".o_gpme_evidence_compare tr")]
                .find((tr) => tr.textContent.includes("évolution normale"))
                .scrollIntoView({block: "center"});
        },
    },
    noErrorDialog("on the invoiced order"),
    ...axeSteps("teacher: normal evolution", [".o_gpme_evidence_compare"]),
    {
        content: "Close the pop-up",
        trigger: ".modal-header .btn-close",
    },
    noErrorDialog("at the end"),
]);
