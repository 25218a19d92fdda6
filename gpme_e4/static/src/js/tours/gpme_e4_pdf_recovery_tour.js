/** @odoo-module **/
// Background PDFs a student can follow (issue 22): while queue_job still has
// a try, the evidence says when; once the tries ran out, a French sentence
// and a labelled « Relancer », after which the PDF is « en préparation »
// again. The same for the whole dossier's print. The commission reads both
// failures and who can ask again, without the button. Run by
// tests/test_tours_pdf_recovery.py, which puts the job rows in these states
// (nothing is printed in the browser's requests).
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";

const VERSIONS = '.o_notebook a.nav-link[name="versions"]';
const NOTE = "div[name=snapshot_ids] td[name=pdf_status_note]";
// The versions' rows (the addon's statuses, notes and buttons); the header's
// optional-columns toggle is Odoo's own web client, out of scope.
const ROWS = "div[name=snapshot_ids] tbody";

tour.register(
    "gpme_e4_evidence_pdf_new_attempt",
    {test: true},
    [
        {
            content: "Above the tabs: being prepared, with the time of the next try",
            trigger: ".o_gpme_evidence_pdf_pending:contains('PDF en préparation, nouvel essai à 14:37')",
            extra_trigger: "body:not(:has(.o_gpme_evidence_pdf_failed))",
            run() {},
        },
        {
            content: "The evidence's versions",
            trigger: VERSIONS,
        },
        {
            content: "Still being prepared, at the time of the job's next try",
            trigger: `${NOTE}:contains('PDF en préparation, nouvel essai à 14:37')`,
            run() {},
        },
        {
            content: "Its status in French too",
            trigger: "div[name=snapshot_ids] td[name=pdf_status]:contains('PDF en préparation')",
            run() {},
        },
        {
            content: "No « Relancer » while a try is left",
            trigger: "div[name=snapshot_ids]:not(:has(button[name=action_retry_pdf]))",
            run() {},
        },
        ...axeSteps("evidence PDF, new attempt", [".o_gpme_evidence_pdf_pending", ROWS]),
    ]
);

tour.register(
    "gpme_e4_evidence_pdf_relaunch",
    {test: true},
    [
        {
            content: "The tries ran out: what failed, in French, above the tabs",
            trigger: ".o_gpme_evidence_pdf_failed:contains(\"n'a pas pu être préparé après 3 essais\")",
            run() {},
        },
        {
            content: "The evidence's versions say it too",
            trigger: VERSIONS,
        },
        {
            content: "The version's note and its own « Relancer »",
            trigger: `${NOTE}:contains("n'a pas pu être préparé après 3 essais")`,
            extra_trigger: "div[name=snapshot_ids] button[name=action_retry_pdf]:contains('Relancer')",
            run() {},
        },
        ...axeSteps("evidence PDF, failed", [".o_gpme_evidence_pdf_failed", ROWS]),
        {
            content: "« Relancer »",
            trigger: ".o_gpme_evidence_pdf_failed button[name=action_retry_pdf]:contains('Relancer')",
        },
        {
            content: "The PDF is being prepared again",
            trigger: ".o_gpme_evidence_pdf_pending:contains('PDF en préparation')",
            extra_trigger: "body:not(:has(.o_gpme_evidence_pdf_failed))",
            run() {},
        },
        {
            content: "Its version too, without « Relancer »",
            trigger: `${NOTE}:contains('PDF en préparation')`,
            extra_trigger: "div[name=snapshot_ids]:not(:has(button[name=action_retry_pdf]))",
            run() {},
        },
        ...axeSteps("evidence PDF, relaunched", [".o_gpme_evidence_pdf_pending", ROWS]),
    ]
);

tour.register(
    "gpme_e4_evidence_pdf_failed_reader",
    {test: true},
    [
        {
            content: "The commission reads what failed and who can prepare it again",
            trigger: ".o_gpme_evidence_pdf_failed:contains('enseignants de la classe peuvent le relancer')",
            run() {},
        },
        {
            content: "No « Relancer » above the tabs for whoever may not ask again",
            trigger: ".o_gpme_evidence_pdf_failed:not(:has(button[name=action_retry_pdf]))",
            run() {},
        },
        {
            content: "The evidence's versions",
            trigger: VERSIONS,
        },
        {
            content: "The version says the same, without « Relancer »",
            trigger: `${NOTE}:contains('enseignants de la classe')`,
            extra_trigger: "div[name=snapshot_ids]:not(:has(button[name=action_retry_pdf]))",
            run() {},
        },
        ...axeSteps("evidence PDF failed, commission", [".o_gpme_evidence_pdf_failed", ROWS]),
    ]
);

tour.register(
    "gpme_e4_dossier_pdf_relaunch",
    {test: true},
    [
        {
            content: "The whole dossier could not be printed: what failed, in French",
            trigger: ".o_gpme_dossier_pdf_failed:contains(\"n'a pas pu être imprimé\")",
            run() {},
        },
        ...axeSteps("dossier print failed", [".o_gpme_dossier_pdf_failed"]),
        {
            content: "« Relancer »",
            trigger: ".o_gpme_dossier_pdf_failed button[name=action_retry_dossier_pdf]:contains('Relancer')",
        },
        {
            content: "Acknowledged",
            trigger: ".o_notification:contains('imprimé à nouveau')",
            in_modal: false,
            run() {},
        },
        {
            content: "Being prepared again, the failure gone",
            trigger: ".o_form_sheet .alert-info:contains('en préparation')",
            extra_trigger: ".o_form_sheet:not(:has(.o_gpme_dossier_pdf_failed))",
            run() {},
        },
    ]
);

tour.register(
    "gpme_e4_dossier_pdf_failed_reader",
    {test: true},
    [
        {
            content: "The commission reads what failed and who can print it again",
            trigger: ".o_gpme_dossier_pdf_failed:contains('enseignants de la classe')",
            run() {},
        },
        {
            content: "No « Relancer » for whoever may not print it again",
            trigger: ".o_form_sheet:not(:has(button[name=action_retry_dossier_pdf]))",
            run() {},
        },
        ...axeSteps("dossier print failed, commission", [".o_gpme_dossier_pdf_failed"]),
    ]
);
