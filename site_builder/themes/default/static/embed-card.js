/* A card's side (docs/embedding.md): tell the page that frames it how tall the card is, now
   and whenever that changes (a narrower frame, fonts, an opened <details>). Only a height: the
   message says nothing a host may not know, so it is posted to any host. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "explainer-embed:height", height: height }, "*");
  }
  window.addEventListener("message", function (event) {   // a host script that came late
    if (event.source === window.parent && event.data && event.data.type === "explainer-embed:ask") {
      last = 0;
      report();
    }
  });
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
  window.addEventListener("load", report);
  report();
})();
