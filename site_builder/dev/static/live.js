// The preview's live reload (site-builder serve injects it into every HTML response, never
// into a file): reload when this page changed, show the build's problems over the last good
// page. The server writes this tab's settings as JSON in place of the config placeholder.
(() => {
  const config = __CONFIG__;
  let overlay = null;
  function show(problems) {
    if (!problems.length) { if (overlay) { overlay.remove(); overlay = null; } return; }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "site-builder-overlay";
      overlay.lang = "en";      // the builder's messages, as the command line prints them, whatever the site's language
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;" +
        "background:rgba(24,24,24,.94);color:#fafafa;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace";
      document.documentElement.appendChild(overlay);
    }
    const title = document.createElement("h2");
    title.textContent = "The build failed: this is the last good version of the page";
    title.style.cssText = "margin:0 0 1rem;font:bold 16px/1.3 system-ui,sans-serif;color:#ff8a80";
    const text = document.createElement("pre");
    text.textContent = problems.join("\n\n");
    text.style.cssText = "white-space:pre-wrap;margin:0";
    overlay.replaceChildren(title, text);
  }
  const query = "?page=" + encodeURIComponent(config.page) + "&since=" + config.since;
  const events = new EventSource(config.events + query);
  events.addEventListener("problems", (event) => show(JSON.parse(event.data)));
  events.addEventListener("reload", () => { events.close(); location.reload(); });
})();
