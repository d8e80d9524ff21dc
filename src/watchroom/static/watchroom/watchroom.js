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
