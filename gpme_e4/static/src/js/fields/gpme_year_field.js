/** @odoo-module **/
// A year as a year: Odoo's integer widget groups the thousands (« 2 027 »).
import {IntegerField} from "@web/views/fields/integer/integer_field";
import {registry} from "@web/core/registry";

export class GpmeYearField extends IntegerField {
    get formattedValue() {
        if (this.props.value === false) {
            return "";
        }
        return String(this.props.value);
    }
}

registry.category("fields").add("gpme_year", GpmeYearField);
