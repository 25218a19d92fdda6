/** @odoo-module **/
// axe-core (static/tests/lib/axe.min.js, test bundle only) on the addon's own
// DOM. The counts go to the console as one « gpme_axe {json} » line per screen,
// which tests/tour_common.py collects and asserts on (no serious or critical
// violation). Odoo's own web client around these containers is out of scope.

/**
 * Two tour steps: run axe-core on the containers once `trigger` is shown,
 * then wait for its report.
 * @param {string} screen name of the screen in the report
 * @param {string[]} selectors containers to check (those present)
 * @param {string} [trigger] what must be on screen first (default: selectors[0])
 */
export function axeSteps(screen, selectors, trigger) {
    return [
        {
            content: `axe-core on ${screen}`,
            trigger: trigger || selectors[0],
            run() {
                const include = selectors
                    .filter((selector) => document.querySelector(selector))
                    .map((selector) => [selector]);
                delete document.body.dataset.gpmeAxe;
                window.axe
                    // Not into iframes (the sealed PDF's viewer is pdf.js, Odoo's).
                    .run({include}, {resultTypes: ["violations"], iframes: false})
                    .then((results) => {
                        const counts = {minor: 0, moderate: 0, serious: 0, critical: 0};
                        const violations = results.violations.map((violation) => {
                            counts[violation.impact] += violation.nodes.length;
                            return {
                                id: violation.id,
                                impact: violation.impact,
                                help: violation.help,
                                nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
                            };
                        });
                        const checked = include.map((selector) => selector[0]);
                        console.log("gpme_axe " + JSON.stringify({screen, checked, counts, violations}));
                        document.body.dataset.gpmeAxe = screen;
                    })
                    .catch((error) => console.error(`axe-core failed on ${screen}: ${error}`));
            },
        },
        {
            content: `axe-core report on ${screen}`,
            trigger: `body[data-gpme-axe="${screen}"]`,
            in_modal: false,
            timeout: 30000,
            run() {},
        },
    ];
}

/** Press a key on the focused element (keyboard-only steps). */
export function pressKey(key) {
    const target = document.activeElement || document.body;
    const init = {key, code: key === " " ? "Space" : key, bubbles: true, cancelable: true};
    const down = new KeyboardEvent("keydown", init);
    target.dispatchEvent(down);
    target.dispatchEvent(new KeyboardEvent("keyup", init));
    return down;
}
