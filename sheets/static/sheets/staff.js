// The staff page's language picker (sheets/templates/sheets/staff.html): shows the search box
// above the language checkboxes and, as staff type, only the languages whose name (or code)
// holds the words. Without JavaScript the box stays hidden and every checkbox is listed.
(() => {
  "use strict";
  const picker = document.querySelector("[data-filter-list]");
  if (!picker) return;
  const box = picker.querySelector("[data-filter-box]");
  const input = picker.querySelector("[data-filter-input]");
  const items = Array.from(picker.querySelectorAll("[data-filter-item]"));
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const names = items.map((item) => fold(`${item.textContent} ${item.dataset.filterItem}`));
  box.hidden = false;
  input.addEventListener("input", () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    items.forEach((item, index) => {
      const chosen = item.querySelector("input").checked;
      item.hidden = !chosen && !words.every((word) => names[index].includes(word));
    });
  });
  // Enter in the box would submit the whole form: keep it for filtering.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
})();
