/*
 * Up and down buttons for inlines whose rows carry a position (fieldsets with the
 * "sortable-inline" class). Moving a row moves it on the page and renumbers the
 * position fields in the order shown, which is the order that is saved.
 */
"use strict";
{
    const POSITION = 'input[name$="-position"]';

    function groupPrefix(group) {
        return group.id.replace(/-group$/, "");
    }

    function rowsOf(group) {
        const pattern = new RegExp(`^${groupPrefix(group)}-\\d+$`);
        return Array.from(group.querySelectorAll("[id]")).filter((el) => pattern.test(el.id));
    }

    function positionOf(row) {
        const input = row.querySelector(POSITION);
        const value = input ? parseInt(input.value, 10) : NaN;
        return Number.isNaN(value) ? 0 : value;
    }

    // Give the rows, in page order, the positions they already hold, sorted; when
    // two rows share a position, number them 1, 2, 3... instead.
    function renumber(group) {
        const inputs = rowsOf(group).map((row) => row.querySelector(POSITION)).filter(Boolean);
        const values = inputs.map((input) => parseInt(input.value, 10)).sort((a, b) => a - b);
        const distinct = new Set(values).size === values.length && !values.some(Number.isNaN);
        inputs.forEach((input, index) => {
            input.value = distinct ? values[index] : index + 1;
        });
    }

    // Django's formset code renames rows by page order when an unsaved row is
    // removed; saved rows must keep the first numbers, so rename them back.
    function reindex(group) {
        const prefix = groupPrefix(group);
        const rows = rowsOf(group);
        const ordered = rows.filter((row) => row.classList.contains("has_original"))
            .concat(rows.filter((row) => !row.classList.contains("has_original")));
        const pattern = new RegExp(`${prefix}-\\d+`);
        ordered.forEach((row, index) => {
            const replacement = `${prefix}-${index}`;
            row.id = replacement;
            for (const element of row.querySelectorAll("[id], [name], label[for]")) {
                for (const attribute of ["id", "name", "for"]) {
                    const value = element.getAttribute(attribute);
                    if (value && pattern.test(value)) {
                        element.setAttribute(attribute, value.replace(pattern, replacement));
                    }
                }
            }
        });
    }

    function move(row, step) {
        const group = row.closest(".js-inline-admin-formset");
        const rows = rowsOf(group);
        const other = rows[rows.indexOf(row) + step];
        if (!other) {
            return;
        }
        if (step < 0) {
            other.before(row);
        } else {
            other.after(row);
        }
        renumber(group);
        row.classList.add("inline-moved");
        setTimeout(() => row.classList.remove("inline-moved"), 600);
    }

    function button(label, symbol, step) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = `inline-move inline-move-${step < 0 ? "up" : "down"}`;
        element.setAttribute("aria-label", label);
        element.title = label;
        element.textContent = symbol;
        element.dataset.step = step;
        return element;
    }

    function addButtons(row) {
        const input = row.querySelector(POSITION);
        if (!input || row.querySelector(".inline-move")) {
            return;
        }
        const tools = document.createElement("span");
        tools.className = "inline-order";
        tools.append(
            button(gettext("Move up"), "↑", -1),
            button(gettext("Move down"), "↓", 1),
        );
        input.after(tools);
    }

    function setUp(group) {
        const rows = rowsOf(group);
        // After a refused save the rows come back in form order; show them in the
        // order their positions give, as the editor left them.
        const sorted = rows.slice().sort((a, b) => positionOf(a) - positionOf(b));
        if (rows.length && sorted.some((row, index) => row !== rows[index])) {
            const anchor = rows[rows.length - 1].nextSibling;
            const parent = rows[0].parentNode;
            sorted.forEach((row) => parent.insertBefore(row, anchor));
        }
        rows.forEach(addButtons);
        const template = group.querySelector(".empty-form");
        if (template) {
            addButtons(template);
        }
    }

    function isSortable(group) {
        return Boolean(group && group.querySelector("fieldset.sortable-inline"));
    }

    document.addEventListener("click", (event) => {
        const control = event.target.closest(".inline-move");
        if (!control) {
            return;
        }
        const row = control.closest(".inline-related, tr.form-row");
        move(row, parseInt(control.dataset.step, 10));
        control.focus();
    });

    document.addEventListener("formset:added", (event) => {
        const row = event.target;
        const group = row.closest(".js-inline-admin-formset");
        if (!isSortable(group)) {
            return;
        }
        addButtons(row);
        const input = row.querySelector(POSITION);
        const others = rowsOf(group).filter((other) => other !== row).map(positionOf);
        if (input) {
            input.value = others.length ? Math.max(...others) + 1 : 1;
        }
    });

    document.addEventListener("formset:removed", (event) => {
        const group = document.getElementById(`${event.detail.formsetName}-group`);
        if (isSortable(group)) {
            // Django renames the rows right after this event; fix them after it.
            setTimeout(() => reindex(group), 0);
        }
    });

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll(".js-inline-admin-formset").forEach((group) => {
            if (isSortable(group)) {
                setUp(group);
            }
        });
    });
}
