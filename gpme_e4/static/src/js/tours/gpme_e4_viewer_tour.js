/** @odoo-module **/
// The commission reads a frozen snapshot beside the live document, from the
// fiche's evidence row, its pop-up and « Ouvrir le document », without any
// right on the PGI. Run by tests/test_tours_viewer.py. (Triggers inside a
// dialog are searched within it: no ".modal" prefix.)
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";

// The row of a quotation or an order: the jury has no right on sales.
const ROW =
    "div[name=evidence_ids] .o_data_row:has(td[name=kind]:contains('Devis'), " +
    "td[name=kind]:contains('Bon de commande')):first";

tour.register(
    "gpme_e4_commission_evidence_viewer",
    {test: true},
    [
        {
            content: "The fiche's PGI evidence",
            trigger: '.o_notebook a.nav-link[name="evidence"]',
        },
        {
            content: "Open the order's evidence row",
            trigger: `${ROW} td.o_data_cell:first`,
        },
        {
            content: "The pop-up shows frozen beside live",
            trigger: ".o_gpme_evidence_compare table.o_gpme_compare th:contains('Document actuel')",
            run: function () {},
        },
        ...axeSteps("evidence pop-up", [".o_gpme_evidence_compare", ".o_gpme_sealed_pdf"]),
        {
            content: "Close the pop-up",
            trigger: ".modal-footer button:contains('Fermer')",
        },
        {
            content: "« Figé et actuel » on the row",
            trigger: `${ROW} button[name=action_open_viewer]`,
            extra_trigger: "body:not(:has(.modal))",
        },
        {
            content: "The E4 viewer opens",
            trigger: ".o_gpme_evidence_compare table.o_gpme_compare",
            run: function () {},
        },
        ...axeSteps("evidence viewer", [".o_gpme_evidence_compare", ".o_gpme_sealed_pdf"]),
        {
            content: "Close the viewer",
            trigger: ".modal-header .btn-close",
        },
        {
            content: "« Ouvrir le document »: the E4 viewer again, not an access error",
            trigger: `${ROW} button[name=action_open_source]`,
            extra_trigger: "body:not(:has(.modal))",
        },
        {
            content: "Frozen and live, read-only",
            trigger: ".o_gpme_evidence_compare table.o_gpme_compare th:contains('Figé')",
            run: function () {},
        },
    ]
);

// Years read as years (Odoo's integer widget would print « 2 027 »). Run by
// tests/test_tours_viewer.py on an exam session.
tour.register(
    "gpme_e4_year_as_a_year",
    {test: true},
    [
        {
            content: "The session's year, without a thousands separator",
            trigger: '.o_field_widget[name="year"] input',
            run() {
                const value = this.$anchor.val();
                if (!/^20\d\d$/.test(value)) {
                    throw new Error(`The year reads « ${value} »`);
                }
            },
        },
    ]
);
