/* The host's side of an embedded card (docs/embedding.md): resize each card's frame to the
   height its content reports. Only messages from the origin this script was given
   (data-origin), of the namespaced type, from one of this page's card frames, are read. */
(function () {
  "use strict";
  var script = document.currentScript, origin = script && script.getAttribute("data-origin");
  var seen = window.explainerEmbedOrigins = window.explainerEmbedOrigins || {};
  if (!origin || seen[origin]) return;   // one listener per origin, however many cards the page has
  seen[origin] = true;
  window.addEventListener("message", function (event) {
    var data = event.data, height = data && data.height;
    if (event.origin !== origin || !data || data.type !== "explainer-embed:height") return;
    if (typeof height !== "number" || !(height > 0 && height < 100000)) return;
    var frames = document.querySelectorAll("iframe[data-explainer-embed]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = Math.ceil(height) + "px";
    }
  });
  // a card that loaded before this script did has told its height to no one: ask again
  var frames = document.querySelectorAll("iframe[data-explainer-embed]");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow) frames[i].contentWindow.postMessage({ type: "explainer-embed:ask" }, "*");
  }
})();
