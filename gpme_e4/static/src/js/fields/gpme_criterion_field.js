/** @odoo-module **/
// A grid line's criterion. Its column is narrow (« Compétence 1… »): the whole
// text and the critères de performance the row gathers open in Odoo's tooltip
// on hover and on keyboard focus (the cell is a tab stop; Odoo's data-tooltip
// answers the mouse only); screen readers read them from the cell itself.
import {Component, onWillUnmount} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {Tooltip} from "@web/core/tooltip/tooltip";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

export class GpmeCriterionField extends Component {
    setup() {
        this.popover = useService("popover");
        this.closeTooltip = null;
        onWillUnmount(() => this.hide());
    }
    get label() {
        return this.props.value ? this.props.value[1] : "";
    }
    get performances() {
        const detail = this.props.detailField && this.props.record.data[this.props.detailField];
        return detail ? detail.split("\n") : [];
    }
    show(ev) {
        this.hide();
        if (!this.label) {
            return;
        }
        this.closeTooltip = this.popover.add(
            ev.currentTarget,
            Tooltip,
            {
                template: "gpme_e4.CriterionTooltip",
                info: {label: this.label, performances: this.performances},
            },
            {position: "bottom"}
        );
    }
    hide() {
        if (this.closeTooltip) {
            this.closeTooltip();
            this.closeTooltip = null;
        }
    }
}
GpmeCriterionField.template = "gpme_e4.CriterionField";
GpmeCriterionField.props = {...standardFieldProps, detailField: {type: String, optional: true}};
GpmeCriterionField.supportedTypes = ["many2one"];
GpmeCriterionField.extractProps = ({attrs}) => ({detailField: attrs.options.detail_field});

registry.category("fields").add("gpme_criterion", GpmeCriterionField);
