/** @odoo-module **/
// Tour steps shared by the E4 tours: a menu of the E4 app, then one of its items.

/**
 * Open the E4 app's menu `section` (xmlid without the module), then its item
 * `xmlid`, the second step described by `content`.
 */
export function menuSteps(section, xmlid, content) {
    return [
        {
            content: `Open the ${section} menu`,
            trigger: `.o_menu_sections [data-menu-xmlid="gpme_e4.${section}"]`,
        },
        {
            content,
            trigger: `.dropdown-item[data-menu-xmlid="gpme_e4.${xmlid}"]`,
        },
    ];
}
