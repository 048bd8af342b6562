/*
 * Asks before leaving the story page with edits that are not saved: typing in any
 * field of the story's form (its rich-text editors and the status panel's fields
 * included), ticking a box, choosing a file, adding, moving or removing a row.
 * Submitting the story's form (Save, or a status button, which saves first) leaves
 * without asking; any other way out (a link, another form, closing the tab) asks.
 * The state is on the form (data-unsaved), where autosave.js reads it; a page that
 * shows unsaved input (restored, or refused by a save: the autosave panel's
 * data-unsaved) starts unsaved.
 */
"use strict";
{
    const ROW_CONTROLS = ".inline-move, .add-row a, .inline-deletelink";

    function watch(form) {
        const panel = document.getElementById("autosave");
        if (panel && panel.dataset.unsaved === "true") {
            form.dataset.unsaved = "true";
        }
        const belongs = (target) =>
            target instanceof Element && (form.contains(target) || target.form === form);
        const mark = (event) => {
            // Scripts fill fields too (the slug from the headline, row positions):
            // only what the person did counts.
            if (event.isTrusted && belongs(event.target)) {
                form.dataset.unsaved = "true";
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
            delete form.dataset.unsaved;
        });
        window.addEventListener("beforeunload", (event) => {
            if (form.dataset.unsaved === "true") {
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
