/*
 * Asks before leaving the story page with edits that are not saved: typing in any
 * field of the story's form (its rich-text editors and the status panel's fields
 * included), ticking a box, choosing a file, adding, moving or removing a row.
 * Submitting the story's form (Save, or a status button, which saves first) leaves
 * without asking; any other way out (a link, another form, closing the tab) asks.
 */
"use strict";
{
    const ROW_CONTROLS = ".inline-move, .add-row a, .inline-deletelink";

    function watch(form) {
        let unsaved = false;
        const belongs = (target) =>
            target instanceof Element && (form.contains(target) || target.form === form);
        const mark = (event) => {
            // Scripts fill fields too (the slug from the headline, row positions):
            // only what the person did counts.
            if (event.isTrusted && belongs(event.target)) {
                unsaved = true;
            }
        };
        document.addEventListener("input", mark, true);
        document.addEventListener("change", mark, true);
        document.addEventListener("click", (event) => {
            if (event.isTrusted && event.target.closest && event.target.closest(ROW_CONTROLS)) {
                mark(event);
            }
        }, true);
        form.addEventListener("submit", () => {
            unsaved = false;
        });
        window.addEventListener("beforeunload", (event) => {
            if (unsaved) {
                event.preventDefault();
                // Older browsers show the dialog only when returnValue is set.
                event.returnValue = "";
            }
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        const form = document.getElementById("article_form");
        if (form) {
            watch(form);
        }
    });
}
