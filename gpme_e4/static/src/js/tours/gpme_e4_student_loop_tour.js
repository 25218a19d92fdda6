/** @odoo-module **/
// The student's loop inside Odoo, as she clicks it: a returned fiche read
// from Odoo's inbox and handed in again, her first fiche from the home, a
// fiche created on the fly in the tag wizard. Run by
// tests/test_tours_student_loop.py in headless Chromium.
import tour from "web_tour.tour";
import {axeSteps} from "./gpme_e4_axe";

tour.register(
    "gpme_e4_student_reworks_from_inbox",
    {test: true, url: "/web"},
    [
        {
            content: "The student lands on her E4 home",
            trigger: ".o_gpme_student_home .o_gpme_next_action",
            run: function () {},
        },
        {
            content: "Open the messaging menu: a notification is waiting",
            trigger: ".o_MessagingMenu_toggler:not(.o-no-notification)",
        },
        {
            content: "The teacher returned her fiche, with the comment",
            trigger: ".o_ThreadNeedactionPreview:contains('Traiter la réclamation'):contains('Précisez le délai')",
        },
        {
            content: "The fiche's thread opens: open the fiche itself",
            trigger: ".o_ChatWindow:contains('Traiter la réclamation') .o_ChatWindowHeader_commandExpand",
            extra_trigger: ".o_ChatWindow .o_Message:contains('Précisez le délai')",
        },
        {
            content: "It opens the fiche, returned",
            trigger: ".o_form_view .ribbon:contains('Renvoyée')",
            extra_trigger: ".breadcrumb-item.active:contains('Traiter la réclamation')",
            run: function () {},
        },
        {
            content: "Open the review tab",
            trigger: '.o_notebook a.nav-link[name="review"]',
        },
        {
            content: "The teacher's comment stands in the review tab",
            trigger: ".o_notebook .tab-pane.active .o_field_widget[name=review_comment]:contains('Précisez le délai')",
            run: function () {},
        },
        ...axeSteps("returned fiche", [".o_gpme_return_comment", ".o_gpme_review_comment"]),
        {
            content: "Back to the situation",
            trigger: '.o_notebook a.nav-link[name="situation"]',
        },
        {
            content: "Rework the constraints as asked",
            trigger: ".o_field_widget[name=constraints] textarea",
            run: "text Remplacement des toners sous 48 heures, promis au client par téléphone.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
        },
        {
            content: "Hand it in again",
            trigger: "button[name=action_submit]",
        },
        {
            content: "Yes, hand it in",
            trigger: ".modal-footer .btn-primary:contains('Ok')",
        },
        {
            content: "Told that the teachers are asked to review it",
            trigger: ".o_notification:contains('Fiche remise')",
            run: function () {},
        },
        {
            content: "The fiche waits for the teachers",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=submitted]",
            run: function () {},
        },
    ]
);

tour.register(
    "gpme_e4_student_first_fiche",
    {test: true, url: "/web"},
    [
        {
            content: "No fiche yet: the home offers to describe the first situation",
            trigger: ".o_gpme_student_home .o_gpme_first_fiche:contains('Décrire ma première situation')",
            run: function () {},
        },
        ...axeSteps("student home, first login", [".o_gpme_student_home"]),
        {
            content: "Describe my first situation",
            trigger: ".o_gpme_student_home .o_gpme_first_fiche",
        },
        {
            content: "A blank fiche: its title",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "text Accueillir et conseiller un client au showroom",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
        },
        {
            content: "The fiche is filed in her dossier, numbered",
            trigger: ".o_form_view .o_field_widget[name=code]:contains('SP1')",
            run: function () {},
        },
        {
            content: "Back to her home",
            trigger: ".breadcrumb-item:first-child a",
        },
        {
            content: "One fiche in draft: the first-situation button is gone",
            trigger: ".o_gpme_student_home .o_gpme_next_action:not(:has(.o_gpme_first_fiche))",
            run: function () {},
        },
    ]
);

tour.register(
    "gpme_e4_tag_wizard_new_fiche",
    {test: true},
    [
        {
            content: "Use the confirmed order as E4 evidence",
            trigger: "button[name=action_gpme_tag_evidence]",
            extra_trigger: ".o_form_view .o_field_widget[name=partner_id]",
        },
        {
            content: "Her fiche being reworked is proposed",
            trigger: ".o_field_widget[name=situation_id] input:propValueContains('Passer la commande de ramettes')",
            run: "click",
        },
        {
            content: "Only fiches she may still change are offered",
            trigger: ".o-autocomplete--dropdown-menu:has(a:contains('Passer la commande de ramettes'))",
            extra_trigger: ".o-autocomplete--dropdown-menu:not(:has(a:contains('Traiter la réclamation'))):not(:has(a:contains('Établir le devis et la facture')))",
            run: function () {},
        },
        {
            content: "Type the title of a new fiche",
            trigger: ".o_field_widget[name=situation_id] input",
            run: "text Vendre des caissons à l'Hôtel Le Lugdunum",
        },
        {
            content: "Create it on the fly",
            trigger: ".o_m2o_dropdown_option_create a:contains('Vendre des caissons')",
        },
        {
            content: "The new fiche lists none of the order's tasks: a warning offers to add them",
            trigger: ".o_gpme_missing_tasks .o_field_widget[name=missing_task_ids] .badge",
            extra_trigger: ".o_field_widget[name=situation_id] input:propValueContains('Vendre des caissons')",
            run: function () {},
        },
        ...axeSteps("tag wizard", [".o_gpme_missing_tasks"], "button[name=action_confirm]"),
        {
            content: "Tag",
            trigger: "button[name=action_confirm]",
        },
        {
            content: "Told where the evidence went",
            trigger: ".o_notification:contains('Vendre des caissons')",
            run: function () {},
        },
        {
            content: "Open the order's invoice",
            trigger: "button[name=action_view_invoice]",
            extra_trigger: "button[name=action_gpme_open_evidence] .o_stat_value:contains('1')",
        },
        {
            content: "Use the invoice as E4 evidence",
            trigger: "button[name=action_gpme_tag_evidence]",
            extra_trigger: ".o_form_view .o_field_widget[name=invoice_date]",
        },
        {
            content: "The order's new fiche is already chosen",
            trigger: ".o_field_widget[name=situation_id] input:propValueContains('Vendre des caissons')",
            run: function () {},
        },
        {
            content: "Tag",
            trigger: "button[name=action_confirm]",
        },
        {
            content: "The invoice counts one E4 evidence",
            trigger: "button[name=action_gpme_open_evidence] .o_stat_value:contains('1')",
            extra_trigger: ".o_notification:contains('Vendre des caissons')",
            run: function () {},
        },
    ]
);
