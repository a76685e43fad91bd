/* The host's side of an embedded card (docs/embedding.md): resize each card's frame to the
   height its content reports. Only messages of the namespaced type, sent by one of this
   page's card frames whose address is on the origin this script was given (data-origin), are
   read. A sandboxed card (no allow-same-origin) sends from the origin "null": then the frame's
   own address carries the check. */
(function () {
  "use strict";
  var script = document.currentScript, origin = script && script.getAttribute("data-origin");
  var seen = window.explainerEmbedOrigins = window.explainerEmbedOrigins || {};
  if (!origin || seen[origin]) return;   // one listener per origin, however many cards the page has
  seen[origin] = true;
  window.addEventListener("message", function (event) {
    var data = event.data, height = data && data.height;
    if (event.origin !== origin && event.origin !== "null") return;
    if (!data || data.type !== "explainer-embed:height") return;
    if (typeof height !== "number" || !(height > 0 && height < 100000)) return;
    var frames = document.querySelectorAll("iframe[data-explainer-embed]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow === event.source && new URL(frame.src, location.href).origin === origin) {
        frame.style.height = Math.ceil(height) + "px";
      }
    }
  });
  // a card that loaded before this script did has told its height to no one: ask again
  var frames = document.querySelectorAll("iframe[data-explainer-embed]");
  for (var i = 0; i < frames.length; i++) {
    if (frames[i].contentWindow) frames[i].contentWindow.postMessage({ type: "explainer-embed:ask" }, "*");
  }
})();
