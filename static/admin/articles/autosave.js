/*
 * Keeps what is typed on the story page: every few seconds, when the form has
 * unsaved changes (data-unsaved, set by unsaved_changes.js) that differ from the
 * last ones kept, posts its fields as JSON to the autosave address in the page's
 * autosave panel, and once more when the tab is closed or hidden. Files cannot be
 * kept: their field and name are, so the page can ask for them again. Nothing is
 * sent after the form is submitted, which saves the story and deletes the autosave.
 */
"use strict";
{
    const EVERY_MS = 5000;

    function snapshot(form) {
        const fields = [];
        const files = [];
        for (const [name, value] of new FormData(form)) {
            if (value instanceof File) {
                if (value.name) {
                    files.push([name, value.name]);
                }
            } else if (name !== "csrfmiddlewaretoken") {
                fields.push([name, value]);
            }
        }
        return {fields, files};
    }

    function keep(form, panel) {
        const status = panel.querySelector(".autosave-status");
        const token = form.querySelector("[name=csrfmiddlewaretoken]");
        const lockVersion = panel.dataset.lockVersion === "" ? null : Number(panel.dataset.lockVersion);
        const body = () => JSON.stringify({...snapshot(form), lock_version: lockVersion});
        // Input a save refused may not have been kept yet: the first pass keeps it.
        // Restored input is what was kept already.
        const refused = form.dataset.unsaved === "true" && panel.dataset.restored !== "true";
        let last = refused ? null : body();
        let busy = false;
        let submitted = false;

        const send = (keepalive) => {
            if (submitted || busy || form.dataset.unsaved !== "true") {
                return;
            }
            const sending = body();
            if (sending === last) {
                return;
            }
            busy = true;
            fetch(panel.dataset.url, {
                method: "POST",
                credentials: "same-origin",
                keepalive,
                headers: {"Content-Type": "application/json", "X-CSRFToken": token ? token.value : ""},
                body: sending,
            })
                .then((response) => response.json().then((answer) => ({ok: response.ok, answer})))
                .then(({ok, answer}) => {
                    if (ok) {
                        last = sending;
                    }
                    if (status && !submitted) {
                        status.textContent = ok ? answer.message : answer.error;
                    }
                })
                .catch(() => {
                    if (status && !submitted) {
                        status.textContent = panel.dataset.failed || "";
                    }
                })
                .finally(() => {
                    busy = false;
                });
        };

        window.setInterval(() => send(false), EVERY_MS);
        document.addEventListener("visibilitychange", () => {
            if (document.visibilityState === "hidden") {
                send(true);
            }
        });
        window.addEventListener("pagehide", () => send(true));
        form.addEventListener("submit", () => {
            submitted = true;
        });
    }

    document.addEventListener("DOMContentLoaded", () => {
        const form = document.getElementById("article_form");
        const panel = document.getElementById("autosave");
        if (form && panel) {
            // After the other scripts of the page have filled what they fill.
            window.setTimeout(() => keep(form, panel), 0);
        }
    });
}
