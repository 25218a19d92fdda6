/** @odoo-module **/
// axe-core (static/tests/lib/axe.min.js, test bundle only) on the addon's own
// DOM. The counts go to the console as one « gpme_axe {json} » line per screen,
// which tests/tour_common.py collects and asserts on (no serious or critical
// violation). Odoo's own web client around these containers is out of scope.

/** The element that scrolls `element` (Odoo's form scrolls inside the page). */
function scrollerOf(element) {
    for (let node = element.parentElement; node; node = node.parentElement) {
        const overflow = getComputedStyle(node).overflowY;
        if (["auto", "scroll"].includes(overflow) && node.scrollHeight > node.clientHeight) {
            return node;
        }
    }
    return document.scrollingElement;
}

/**
 * axe-core on the containers, screenful by screenful: it checks colour
 * contrast only on what is in the viewport (a synoptic's lower rows went
 * unchecked). Each violation's nodes are merged over the scroll positions.
 */
async function axeWhole(include) {
    const first = document.querySelector(include[0][0]);
    const scroller = scrollerOf(first);
    const start = scroller.scrollTop;
    const byId = new Map();
    for (let pass = 0; pass < 30; pass++) {
        // Not into iframes (the sealed PDF's viewer is pdf.js, Odoo's).
        const results = await window.axe.run({include}, {resultTypes: ["violations"], iframes: false});
        for (const violation of results.violations) {
            const known = byId.get(violation.id) || {...violation, nodes: new Map()};
            for (const node of violation.nodes) {
                known.nodes.set(node.target.join(" "), node);
            }
            byId.set(violation.id, known);
        }
        const before = scroller.scrollTop;
        if (before + scroller.clientHeight >= scroller.scrollHeight - 1) {
            break;
        }
        scroller.scrollTop = before + Math.max(100, scroller.clientHeight - 50);
        if (scroller.scrollTop === before) {
            break;
        }
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    }
    scroller.scrollTop = start;
    return [...byId.values()].map((violation) => ({...violation, nodes: [...violation.nodes.values()]}));
}

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
                // After the transitions (a tab's or a dialog's fade): colours
                // measured half-faded make axe-core leave contrast unchecked.
                const finite = document
                    .getAnimations()
                    .filter((animation) => animation.effect.getComputedTiming().endTime !== Infinity);
                Promise.all(finite.map((animation) => animation.finished.catch(() => null)))
                    .then(() => axeWhole(include))
                    .then((found) => {
                        const counts = {minor: 0, moderate: 0, serious: 0, critical: 0};
                        const violations = found.map((violation) => {
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
            timeout: 60000,
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
