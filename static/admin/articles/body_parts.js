/*
 * Body parts on the story page: each row shows only the fields its kind uses, and
 * its heading names the kind. Which fields belong to which kind comes from the
 * server, in the kind select's data-fields-by-kind attribute.
 */
"use strict";
{
    const KIND_SELECT = "select[data-fields-by-kind]";

    function applyKind(select) {
        const row = select.closest(".inline-related");
        if (!row) {
            return;
        }
        const fieldsByKind = JSON.parse(select.dataset.fieldsByKind);
        const used = new Set(fieldsByKind[select.value] || []);
        const every = new Set(Object.values(fieldsByKind).flat());
        for (const name of every) {
            for (const element of row.querySelectorAll(`.field-${name}`)) {
                element.classList.toggle("part-field-unused", !used.has(name));
            }
        }
        row.dataset.kind = select.value;
        const label = row.querySelector("h3 .part-kind");
        if (label && select.selectedIndex >= 0) {
            label.textContent = select.options[select.selectedIndex].text;
        }
    }

    // A story read without the right to edit it has no kind select: each saved row
    // names its kind, and the group which fields each kind shows.
    function applyReadOnly(group) {
        const fieldsByKind = JSON.parse(group.dataset.readOnlyFieldsByKind);
        const every = new Set(Object.values(fieldsByKind).flat());
        for (const row of group.querySelectorAll(".inline-related[data-kind]")) {
            const used = new Set(fieldsByKind[row.dataset.kind] || []);
            for (const name of every) {
                for (const element of row.querySelectorAll(`.field-${name}`)) {
                    element.classList.toggle("part-field-unused", !used.has(name));
                }
            }
        }
    }

    function applyAll(root) {
        root.querySelectorAll(KIND_SELECT).forEach(applyKind);
        root.querySelectorAll("[data-read-only-fields-by-kind]").forEach(applyReadOnly);
    }

    document.addEventListener("change", (event) => {
        if (event.target.matches(KIND_SELECT)) {
            applyKind(event.target);
        }
    });
    document.addEventListener("formset:added", (event) => applyAll(event.target));
    document.addEventListener("DOMContentLoaded", () => applyAll(document));
}
