/** @odoo-module **/
// The E4 settings page reads like Odoo's own settings (base_settings, which
// is tied to res.config.settings' layout and `execute`): the action's name as
// its title, one save path (the page's « Save » button), no pager, no New, no
// action menu, no autosave on leaving. The page is a transient record: a
// saved one is only the trace of a click.
import {registry} from "@web/core/registry";
import {pick} from "@web/core/utils/objects";
import {ControlPanel} from "@web/search/control_panel/control_panel";
import {formView} from "@web/views/form/form_view";
import {SettingsConfirmationDialog} from "@web/webclient/settings_form_view/settings_confirmation_dialog";

export class GpmeSettingsFormController extends formView.Controller {
    setup() {
        super.setup();
        this.title = this.env.config.getDisplayName();
    }

    displayName() {
        return this.title;
    }

    // No id in the URL: reloading the page opens the settings afresh.
    updateURL() {}

    beforeUnload() {}

    async beforeLeave() {
        if (!this.model.root.isDirty) {
            return true;
        }
        let leave = true;
        await new Promise((resolve) => {
            this.dialogService.add(SettingsConfirmationDialog, {
                body: this.env._t("Would you like to save your changes?"),
                confirm: async () => {
                    leave = await this.saveSettings();
                    resolve();
                },
                cancel: async () => {
                    await this.model.root.discard();
                    resolve();
                },
                stayHere: () => {
                    leave = false;
                    resolve();
                },
            });
        });
        return leave;
    }

    /** The page's own « Save » (action_save), as if clicked. */
    async saveSettings() {
        if (!(await this.model.root.save({stayInEdition: true, useSaveErrorDialog: true}))) {
            return false;
        }
        await this.env.onClickViewButton({
            clickParams: {name: "action_save", type: "object"},
            getResParams: () =>
                pick(this.model.root, "context", "evalContext", "resModel", "resId", "resIds"),
        });
        return true;
    }
}
GpmeSettingsFormController.template = "gpme_e4.SettingsFormView";

export const gpmeSettingsFormView = {
    ...formView,
    // Odoo's regular control panel, as base_settings has it (the form's own
    // puts the pager beside the title whatever `display` says): no search,
    // no pager — the page is one set of settings, not a list of records —
    // and no empty button row (its « Save » is in the page header).
    ControlPanel,
    display: {controlPanel: {"top-right": false, "bottom-left": false, "bottom-right": false}},
    buttonTemplate: "gpme_e4.SettingsFormView.Buttons",
    Controller: GpmeSettingsFormController,
};

registry.category("views").add("gpme_settings_form", gpmeSettingsFormView);
