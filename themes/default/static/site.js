/* Progressive enhancement only: every page works without this file.
   Touch: the first tap on a citation marker opens its preview, a second tap follows
   the link; a tap elsewhere or Escape closes it. Previews are closed again when a page
   is restored from the back/forward cache, so one never stays stuck open. */
(function () {
  "use strict";
  var openCite = null;
  function close() { if (openCite) { openCite.classList.remove("open"); openCite = null; } }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".cite-link") : null;
    if (!link) { close(); return; }
    var cite = link.parentNode;
    var coarse = window.matchMedia && window.matchMedia("(hover: none)").matches;
    if (coarse && openCite !== cite) {
      event.preventDefault();
      close();
      cite.classList.add("open");
      openCite = cite;
    } else {
      close();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      close();
      var active = document.activeElement;
      if (active && active.classList && active.classList.contains("cite-link")) {
        active.parentNode.classList.add("closed");
        active.addEventListener("blur", function () { active.parentNode.classList.remove("closed"); }, { once: true });
      }
    }
  });
  window.addEventListener("pageshow", close);
  window.addEventListener("pagehide", close);
})();
