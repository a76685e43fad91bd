// The preview's quote picker (site-builder serve injects it into a source page's HTML
// response, never into a file): select words, get a citation marker for them from the server.
// The server writes the endpoint and the source id as JSON in place of the config placeholder.
(() => {
  const config = __CONFIG__;
  const article = document.querySelector(".source-text");
  if (!article) return;
  let panel = null, marker = "", timer = null, asked = 0;

  function blockOf(node) {          // the paragraph or heading of the article that holds `node`
    let element = node && (node.nodeType === 1 ? node : node.parentElement);
    while (element && element.parentElement !== article) element = element.parentElement;
    return element && element.id ? element : null;
  }
  // characters of the block's cleaned text before (node, offset): the page's own additions
  // (the editors' translations) do not count
  function offsetIn(block, node, offset) {
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    const part = range.cloneContents();
    part.querySelectorAll(".gloss").forEach((gloss) => gloss.remove());
    return part.textContent.length;
  }
  function build() {
    panel = document.createElement("section");
    panel.id = "site-builder-picker";
    // the preview's tools speak the builder's language, as its command line does, whatever the site's
    panel.lang = "en";
    panel.setAttribute("aria-label", "Cite the selected words (preview only)");
    panel.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;max-width:min(36rem,calc(100vw - 2rem));" +
      "padding:.75rem 1rem;border-radius:.5rem;background:#1f2430;color:#f5f5f5;box-shadow:0 4px 18px rgba(0,0,0,.35);" +
      "font:14px/1.45 system-ui,sans-serif";
    panel.innerHTML = '<p style="margin:0 0 .35rem;font-weight:600">Cite the selected words</p>' +
      '<code data-marker aria-live="polite" style="display:block;white-space:pre-wrap;word-break:break-word;' +
      'font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;background:#0f131a;padding:.4rem .5rem;border-radius:.3rem"></code>' +
      '<p data-note style="margin:.35rem 0;color:#c9d1d9"></p>' +
      '<button type="button" data-copy>Copy marker</button> <button type="button" data-close>Close</button>' +
      ' <span data-copied role="status" style="margin-left:.5rem"></span>' +
      '<p style="margin:.35rem 0 0;color:#9aa4b2;font-size:12px">Alt+C copies, Escape closes. Only in the preview.</p>';
    panel.querySelector("[data-copy]").addEventListener("click", copy);
    panel.querySelector("[data-close]").addEventListener("click", close);
    document.body.appendChild(panel);
  }
  function close() { if (panel) { panel.remove(); panel = null; marker = ""; } }
  function show(text, note) {
    if (!panel) build();
    panel.querySelector("[data-marker]").textContent = text;
    panel.querySelector("[data-note]").textContent = note;
    panel.querySelector("[data-copied]").textContent = "";
  }
  async function copy() {
    if (!marker) return;
    let done;
    try { await navigator.clipboard.writeText(marker); done = true; } catch (error) {
      const area = document.createElement("textarea");
      area.value = marker;
      document.body.appendChild(area);
      area.select();
      done = document.execCommand("copy");
      area.remove();
    }
    if (panel) panel.querySelector("[data-copied]").textContent = done ? "Copied." : "Copy failed: select the marker and copy it.";
  }
  async function pick() {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    const block = blockOf(range.startContainer);
    if (!block) return;
    let end = range.endContainer, endOffset = range.endOffset, clipped = false;
    if (blockOf(end) !== block) { end = block; endOffset = block.childNodes.length; clipped = true; }
    const start = offsetIn(block, range.startContainer, range.startOffset);
    const stop = offsetIn(block, end, endOffset);
    if (stop <= start) return;
    const probe = document.createRange();
    probe.setStart(range.startContainer, range.startOffset);
    probe.setEnd(end, endOffset);
    const words = probe.cloneContents();
    words.querySelectorAll(".gloss").forEach((gloss) => gloss.remove());
    const query = new URLSearchParams({source: config.source, block: block.id, start, end: stop, text: words.textContent});
    const mine = ++asked;
    const response = await fetch(config.endpoint + "?" + query);
    const answer = await response.json();
    if (mine !== asked) return;           // a newer selection is on its way
    if (!response.ok) { marker = ""; show("", answer.error || "No marker for this selection."); return; }
    marker = answer.marker;
    const notes = [];
    if (clipped) notes.push("A quote stays within one paragraph: the selection was cut at its end.");
    notes.push(answer.occurrences === 1 ? "Unique in this article." :
      "These words occur " + answer.occurrences + " times in this article: the first is cited.");
    show(marker, notes.join(" "));
  }
  document.addEventListener("selectionchange", () => { clearTimeout(timer); timer = setTimeout(pick, 150); });
  document.addEventListener("keydown", (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "c" || event.key === "C" || event.code === "KeyC")) {
      if (marker) { event.preventDefault(); copy(); }
    } else if (event.key === "Escape" && panel) { close(); }
  });
})();
