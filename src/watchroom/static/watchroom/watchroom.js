// "/" jumps to the search box; Escape leaves it.
document.addEventListener("keydown", function (event) {
  const box = document.querySelector("[data-search]");
  if (!box) return;
  if (event.key === "/" && document.activeElement !== box &&
      !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) {
    event.preventDefault();
    box.focus();
    box.select();
  } else if (event.key === "Escape" && document.activeElement === box) {
    box.blur();
  }
});

// Single-key shortcuts: an element with data-key="p" is clicked when "p" is pressed
// outside a form field (shown in the docs and as the element's title).
document.addEventListener("keydown", function (event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  if (active && (["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName) || active.isContentEditable)) return;
  const target = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
  if (target) {
    event.preventDefault();
    target.click();
  }
});

// Print and Back buttons (no inline handlers: the Content-Security-Policy forbids them).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  } else if (event.target.closest("[data-back]")) {
    event.preventDefault();
    history.back();
  }
});

// The menu (a <details>, open in the page) folds away on a phone's width and opens
// again on a wide screen, where its "Menu" line is not shown.
(function () {
  const menu = document.querySelector("details[data-menu]");
  if (!menu) return;
  const phone = window.matchMedia("(max-width: 700px)");
  const fit = function () { menu.open = !phone.matches; };
  fit();
  phone.addEventListener("change", fit);
})();
