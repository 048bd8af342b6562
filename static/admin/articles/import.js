// The import page: rich text pasted into the paste box goes to the server as HTML,
// so that its headings, lists and captions keep their roles.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("import-paste");
  if (!box) return;
  const form = box.closest("form");
  form.addEventListener("submit", () => {
    if (box.textContent.trim()) {
      form.querySelector("input[name=html]").value = box.innerHTML;
    }
  });
});
