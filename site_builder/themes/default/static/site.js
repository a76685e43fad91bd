/* Progressive enhancement only: every page reads and navigates the same without this file.
   1. Citation previews on touch screens: the first tap on a marker opens its preview, a
      second tap follows the link; a tap elsewhere or Escape closes it. Previews are closed
      whenever the page is shown again (back/forward cache), so none stays stuck open.
   2. Search highlights: a page opened from a search result (?highlight=word) marks the
      searched words and scrolls to the first one. */
(function () {
  "use strict";
  var openCite = null;
  var touch = window.matchMedia ? window.matchMedia("(hover: none)") : { matches: false };

  function close() {
    if (openCite) {
      openCite.classList.remove("open");
      var link = openCite.querySelector(".cite-link");
      if (link) link.setAttribute("aria-expanded", "false");
      openCite = null;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".cite-link") : null;
    if (!link) { close(); return; }
    var cite = link.parentNode;
    if (touch.matches && openCite !== cite) {
      event.preventDefault();
      close();
      cite.classList.add("open");
      link.setAttribute("aria-expanded", "true");
      openCite = cite;
      fit(event);
    } else {
      close();
    }
  });

  // A preview centred on a marker near a screen edge would be cut off: nudge it back in.
  function fit(event) {
    var cite = event.target.closest ? event.target.closest(".cite") : null;
    var preview = cite && cite.querySelector(".cite-preview");
    if (!preview) return;
    preview.style.removeProperty("--nudge");
    requestAnimationFrame(function () {
      var box = preview.getBoundingClientRect(), edge = 8, width = document.documentElement.clientWidth;
      if (!box.width || getComputedStyle(preview).position === "fixed") return;
      var shift = box.left < edge ? edge - box.left : (box.right > width - edge ? width - edge - box.right : 0);
      if (shift) preview.style.setProperty("--nudge", Math.round(shift) + "px");
    });
  }
  document.addEventListener("mouseover", fit);
  document.addEventListener("focusin", fit);

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    close();
    var active = document.activeElement;
    if (active && active.classList && active.classList.contains("cite-link")) {
      var cite = active.parentNode;
      cite.classList.add("closed");
      active.addEventListener("blur", function () { cite.classList.remove("closed"); }, { once: true });
    }
  });

  // Back/forward: a page restored from the cache comes back exactly as it was left,
  // open preview and focused marker included. Close and unfocus it.
  function reset() {
    close();
    var active = document.activeElement;
    if (active && active.classList && active.classList.contains("cite-link")) active.blur();
  }
  window.addEventListener("pageshow", function (event) { if (event.persisted) reset(); });
  window.addEventListener("pagehide", reset);

  // Search highlights.
  var terms;
  try {
    terms = new URLSearchParams(location.search).getAll("highlight")
      .map(function (t) { return t.trim(); }).filter(function (t) { return t.length > 1; });
  } catch (e) { terms = []; }
  var main = document.getElementById("main");
  if (!terms.length || !main) return;
  var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
  var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + escaped.join("|") + ")", "giu");
  var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      var parent = node.parentNode;
      if (!node.nodeValue.trim() || parent.closest(".cite, script, style, .search-hit")) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  var nodes = [];
  while (walker.nextNode() && nodes.length < 500) nodes.push(walker.currentNode);
  var first = null;
  nodes.forEach(function (node) {
    var text = node.nodeValue, last = 0, match, frag = null;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text))) {
      frag = frag || document.createDocumentFragment();
      var start = match.index + match[1].length;
      frag.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = match[2];
      frag.appendChild(mark);
      first = first || mark;
      last = start + match[2].length;
    }
    if (frag) {
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    }
  });
  if (first && !location.hash) first.scrollIntoView({ block: "center" });
})();
