/** @odoo-module **/
// The degree of mastery as a group of radio buttons, usable with the keyboard
// alone (Odoo's « selection_badge » renders unfocusable spans): Tab reaches
// the group, the arrows move and choose, Space chooses the focused level.
import {registry} from "@web/core/registry";
import {BadgeSelectionField} from "@web/views/fields/badge_selection/badge_selection_field";

const NEXT = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};

export class GpmeLevelField extends BadgeSelectionField {
    get label() {
        return this.props.record.fields[this.props.name].string;
    }
    /** Roving tabindex: one stop per group, on the chosen level or the first. */
    tabIndexOf(index) {
        const chosen = this.options.findIndex((option) => option[0] === this.value);
        return index === Math.max(chosen, 0) ? "0" : "-1";
    }
    choose(value) {
        if (value !== this.value) {
            this.onChange(value);
        }
    }
    onKeydown(ev, index) {
        const options = this.options;
        if (ev.key in NEXT) {
            const next = (index + NEXT[ev.key] + options.length) % options.length;
            ev.currentTarget.parentElement.children[next].focus();
            this.choose(options[next][0]);
        } else if (ev.key === " ") {
            this.choose(options[index][0]);
        } else {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
    }
}
GpmeLevelField.template = "gpme_e4.LevelField";

registry.category("fields").add("gpme_level", GpmeLevelField);
