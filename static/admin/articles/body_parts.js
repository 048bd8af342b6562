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

/*
 * Rich text pasted into a part's editor from Google Docs or Word: when it holds
 * headings or lists, each heading becomes a subhead and each list item a list item,
 * every paragraph a paragraph, as parts of their own after the part pasted into,
 * instead of one paragraph holding everything.
 */
{
    const SPLIT = "h1, h2, h3, h4, h5, h6, ul, ol";
    const pending = [];

    function inline(element) {
        const paragraphs = element.querySelectorAll(":scope > p");
        if (!paragraphs.length) {
            return element.innerHTML;
        }
        return Array.from(paragraphs, (p) => p.innerHTML).join(" ");
    }

    function blocksOf(html) {
        const body = new DOMParser().parseFromString(html, "text/html").body;
        if (!body.querySelector(SPLIT)) {
            return [];
        }
        const blocks = [];
        const walk = (node) => {
            for (const child of node.children) {
                const tag = child.tagName.toLowerCase();
                if (/^h[1-6]$/.test(tag)) {
                    blocks.push({kind: "subhead", title: child.textContent.trim()});
                } else if (tag === "ul" || tag === "ol") {
                    for (const item of child.querySelectorAll(":scope > li")) {
                        const kind = tag === "ol" ? "numbered" : "bulleted";
                        blocks.push({kind, html: `<p>${inline(item)}</p>`});
                    }
                } else if (tag === "p" || tag === "blockquote") {
                    if (child.textContent.trim()) {
                        blocks.push({kind: "paragraph", html: `<p>${child.innerHTML}</p>`});
                    }
                } else {
                    walk(child);  // Google Docs wraps the whole document in a <b>
                }
            }
        };
        walk(body);
        return blocks.filter((block) => (block.title || block.html || "").trim());
    }

    function fill(row, block) {
        const kind = row.querySelector("select[data-fields-by-kind]");
        kind.value = block.kind;
        kind.dispatchEvent(new Event("change", {bubbles: true}));
        const title = row.querySelector('input[name$="-title"]');
        if (title && block.title) {
            title.value = block.title;
        }
        const text = row.querySelector('textarea[name$="-text"]');
        if (text && block.html) {
            text.value = block.html;
            const editor = row.querySelector(".ProseMirror");
            if (editor && editor.editor) {
                editor.editor.commands.setContent(block.html);
            }
        }
    }

    // A row added for a pasted block takes it before its editor starts.
    document.addEventListener("formset:added", (event) => {
        if (pending.length && event.target.querySelector("select[data-fields-by-kind]")) {
            const {block, after} = pending.shift();
            after.after(event.target);
            fill(event.target, block);
        }
    });

    function renumber(group) {
        const rows = Array.from(group.querySelectorAll(".inline-related[id]"))
            .filter((row) => /-\d+$/.test(row.id));
        let position = 1;
        for (const row of rows) {
            const input = row.querySelector('input[name$="-position"]');
            if (input) {
                input.value = position++;
            }
        }
    }

    document.addEventListener("paste", (event) => {
        const target = event.target instanceof Element ? event.target : event.target.parentElement;
        const editor = target && target.closest(".ProseMirror");
        const row = editor && editor.closest(".inline-related");
        const group = row && row.closest(".body-parts");
        const html = event.clipboardData && event.clipboardData.getData("text/html");
        if (!group || !html) {
            return;
        }
        const blocks = blocksOf(html);
        if (blocks.length < 2) {
            return;
        }
        event.preventDefault();
        event.stopImmediatePropagation();
        let after = row;
        if (!editor.textContent.trim() && !row.classList.contains("has_original")) {
            fill(row, blocks.shift());
        }
        const add = group.querySelector(".add-row a");
        for (const block of blocks) {
            pending.push({block, after});
            add.click();  // Django adds the row at once: the handler above places it
            after = after.nextElementSibling;
        }
        renumber(group);
    }, true);
}
