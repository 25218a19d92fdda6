/** @odoo-module **/
// A grid's lines under their activity's heading (1.1, 1.2...), as the
// national grid prints them. Odoo's section rows (section_and_note_one2many)
// are records of their own; these headings are read from each line
// (grid_heading) and drawn as a row before the first line of each group, so
// that totals, signatures and the keyboard see the criteria only.
import {useEffect} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {getTabableElements} from "@web/core/utils/ui";
import {ListRenderer} from "@web/views/list/list_renderer";
import {X2ManyField} from "@web/views/fields/x2many/x2many_field";

const HEADING = "o_gpme_grid_heading";

export class GpmeGridListRenderer extends ListRenderer {
    setup() {
        super.setup();
        // Odoo's inputs in the edited line have no label (axe « label »):
        // each takes its column's title, after every render.
        useEffect(() => this.labelEditedInputs());
    }

    labelEditedInputs() {
        const table = this.tableRef.el;
        if (!table) {
            return;
        }
        for (const cell of table.querySelectorAll(".o_selected_row > td.o_data_cell[name]")) {
            const column = this.state.columns.find((col) => col.name === cell.getAttribute("name"));
            const inputs = cell.querySelectorAll(
                "input:not([aria-label]):not([type=radio]), textarea:not([aria-label])"
            );
            for (const input of column ? inputs : []) {
                input.setAttribute("aria-label", column.label);
            }
        }
    }

    /** The heading to draw before the record at `index`, if it starts a group. */
    headingBefore(record, index) {
        const heading = record.data.grid_heading;
        // Sorted by a column, the groups no longer hold: no headings.
        if (!heading || (this.props.list.orderBy || []).length) {
            return false;
        }
        const previous = index > 0 && this.props.list.records[index - 1];
        return previous && previous.data.grid_heading === heading ? false : heading;
    }

    /** The arrows step over the headings, from line to line. */
    findFocusFutureCell(cell, cellIsInGroupRow, direction) {
        const row = cell.parentElement;
        const sibling = {up: "previousElementSibling", down: "nextElementSibling"}[direction];
        if (sibling && row[sibling] && row[sibling].classList.contains(HEADING)) {
            const beyond = row[sibling][sibling];
            const target = beyond && beyond.children[[...row.children].indexOf(cell)];
            return target && (getTabableElements(target)[0] || target);
        }
        return super.findFocusFutureCell(cell, cellIsInGroupRow, direction);
    }
}
GpmeGridListRenderer.recordRowTemplate = "gpme_e4.GridListRenderer.RecordRow";

export class GpmeGridLinesField extends X2ManyField {}
GpmeGridLinesField.components = {...X2ManyField.components, ListRenderer: GpmeGridListRenderer};
GpmeGridLinesField.additionalClasses = ["o_field_one2many"];

registry.category("fields").add("gpme_grid_lines", GpmeGridLinesField);
