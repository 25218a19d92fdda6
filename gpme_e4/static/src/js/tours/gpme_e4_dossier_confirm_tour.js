/** @odoo-module **/
// Dossier buttons that only offer what works (issue 22): the student's
// draft with blocking findings offers no hand-in and a read-only header;
// the teacher validates a handed-in dossier with findings after a warning,
// and reads the toast. Run by tests/test_tours_dossier_confirm.py.
import tour from "web_tour.tour";

tour.register(
    "gpme_e4_student_dossier_blocked",
    {test: true},
    [
        {
            content: "The blocking findings are said above the dossier",
            trigger: ".o_form_view .alert-danger:contains('bloquant')",
            run: function () {},
        },
        {
            content: "No hand-in is offered while they remain",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_submit]))",
            run: function () {},
        },
        {
            content: "The header is the school's: read-only",
            trigger: ".o_form_view .o_field_widget[name=candidate_number].o_readonly_modifier",
            run: function () {},
        },
    ]
);

tour.register(
    "gpme_e4_teacher_validates_dossier",
    {test: true},
    [
        {
            content: "Validate the handed-in dossier",
            trigger: ".o_form_statusbar button[name=action_validate]",
        },
        {
            content: "The confirmation warns of the findings first",
            trigger: ".modal-body:contains('NV')",
            run: function () {},
        },
        {
            content: "Yes, validate it",
            trigger: ".modal-footer .btn-primary",
        },
        {
            content: "A toast says it is done",
            trigger: ".o_notification:contains('Dossier validé')",
            run: function () {},
        },
        {
            content: "The dossier is validated, the button gone",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=validated]",
            extra_trigger: ".o_form_statusbar:not(:has(button[name=action_validate]))",
            run: function () {},
        },
    ]
);
