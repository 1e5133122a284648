// synopsis reading room: progressive enhancement only (every page reads without this file).
// Citation tooltips already show on hover and keyboard focus through CSS; here they are kept
// inside the window and closed with Escape. Event delegation, no inline handlers (CSP).
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function place(cite) {
    var tip = cite.querySelector(".tip");
    if (!tip) return;
    cite.classList.remove("flip", "up");
    var box = tip.getBoundingClientRect();
    if (box.right > window.innerWidth - 8) cite.classList.add("flip");
    if (box.bottom > window.innerHeight - 8 && box.height < cite.getBoundingClientRect().top - 8) cite.classList.add("up");
  }

  function enter(event) {
    var cite = event.target.closest && event.target.closest(".cite");
    if (!cite) return;
    cite.classList.remove("quiet");
    place(cite);
  }

  function leave(event) {
    var cite = event.target.closest && event.target.closest(".cite");
    if (cite && !cite.contains(event.relatedTarget)) cite.classList.remove("quiet");
  }

  document.addEventListener("mouseover", enter);
  document.addEventListener("focusin", enter);
  document.addEventListener("mouseout", leave);
  document.addEventListener("focusout", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll(".cite:hover, .cite:focus-within").forEach(function (cite) {
      cite.classList.add("quiet");
    });
  });

  // The article page: bring the highlighted words to the middle of the window, and to the
  // keyboard's focus, when the link asked for them (#hl).
  function showHighlight() {
    if (location.hash !== "#hl") return;
    var mark = document.getElementById("hl");
    if (!mark) return;
    mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showHighlight);
  else showHighlight();
})();
