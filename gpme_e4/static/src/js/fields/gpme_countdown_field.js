/** @odoo-module **/
// Countdown to a datetime (the end of the current phase of situation B), so
// the commission sees the time left in the preparation or the part under way.
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {Component, onWillUnmount, useState, xml} from "@odoo/owl";

const {DateTime} = luxon;

export class GpmeCountdownField extends Component {
    setup() {
        this.state = useState({now: DateTime.now()});
        const timer = setInterval(() => {
            this.state.now = DateTime.now();
        }, 1000);
        onWillUnmount(() => clearInterval(timer));
    }
    get remaining() {
        const end = this.props.value;
        if (!end) {
            return "";
        }
        const seconds = Math.max(0, Math.floor(end.diff(this.state.now, "seconds").seconds));
        const minutes = String(Math.floor(seconds / 60)).padStart(2, "0");
        return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
    }
}
GpmeCountdownField.template = xml`<span class="o_gpme_countdown fw-bold fs-4" role="timer" t-esc="remaining"/>`;
GpmeCountdownField.props = standardFieldProps;
GpmeCountdownField.supportedTypes = ["datetime"];

registry.category("fields").add("gpme_countdown", GpmeCountdownField);
