/* Search page only: Pagefind's JavaScript API with a small, accessible result list.
   Works on any static host and under any sub-path: the index is found next to this
   page (search.html sits at the site root) and result links are made from there.
   Every result link carries ?highlight=<word>, which site.js turns into highlights. */
(function () {
  "use strict";
  var form = document.querySelector(".search-form");
  if (!form) return;
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = new URL(".", location.href);
  var pagefind = null;
  var latest = 0;
  // the page carries the words in its language (views/narrative.py): this script has none of its own
  var messages = JSON.parse(document.getElementById("search-messages").textContent);

  function say(text) { status.textContent = text; }

  function load() {
    if (!pagefind) {
      var bundle = new URL(form.getAttribute("data-pagefind"), location.href).href;
      var options = { baseUrl: root.pathname, highlightParam: "highlight", excerptLength: 28 };
      pagefind = import(bundle).then(function (pf) {
        return pf.options(options).then(function () { return merge(pf, bundle, options); });
      });
    }
    return pagefind;
  }

  // The index comes in shards, each its own bundle (the build re-indexes only the shards whose
  // pages changed): the first is loaded above, pagefind/shards.json lists the others to merge.
  // No list (the preview's single bundle): the first is the whole index.
  function merge(pf, bundle, options) {
    var listed = new URL("shards.json", bundle).href;
    return fetch(listed).then(function (response) {
      return response.ok ? response.json() : { merge: [] };
    }).then(function (shards) {
      if (shards.stale) {     // the preview: pages changed since its index was made
        form.parentNode.insertBefore(el("p", "notice search-stale", messages.stale), form.nextSibling);
      }
      return Promise.all(shards.merge.map(function (folder) {
        return pf.mergeIndex(new URL(folder, listed).href, options);
      }));
    }).then(function () { return pf; });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  // Pagefind escapes the page text and adds only <mark>: rebuild it as nodes, never as HTML.
  function excerpt(html, cls) {
    var p = el("p", cls);
    html.split(/(<mark>.*?<\/mark>)/).forEach(function (part) {
      var m = /^<mark>(.*)<\/mark>$/.exec(part);
      var text = (m ? m[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
      p.appendChild(m ? el("mark", null, text) : document.createTextNode(text));
    });
    return p;
  }

  function render(results) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = el("li", "search-result");
      if (r.meta.kind) li.appendChild(el("p", "result-kind", r.meta.kind));
      var h = el("h2", "result-title");
      var a = el("a", null, r.meta.title || r.url);
      a.href = r.url;
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(excerpt(r.excerpt, "result-excerpt"));
      var subs = (r.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0; }).slice(0, 3);
      if (subs.length) {
        var ul = el("ul", "result-subs");
        subs.forEach(function (s) {
          var sli = el("li");
          var sa = el("a", null, s.title);
          sa.href = s.url;
          sli.appendChild(sa);
          sli.appendChild(excerpt(s.excerpt, "result-excerpt"));
          ul.appendChild(sli);
        });
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
  }

  function run(query) {
    var ticket = ++latest;
    query = query.trim();
    if (!query) { list.textContent = ""; say(""); return; }
    say(messages.searching);
    load().then(function (pf) { return pf.debouncedSearch(query, {}, 200); }).then(function (search) {
      if (search === null || ticket !== latest) return null;   // superseded by newer typing
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (data) {
        if (ticket !== latest) return;
        render(data);
        var n = search.results.length;
        var words = n === 0 ? messages.none : n > 20 ? messages.best : n === 1 ? messages.one : messages.many;
        say(words.replace("{count}", n.toLocaleString(document.documentElement.lang)).replace("{query}", query));
      });
    }).catch(function () {
      say(messages.failed);
    });
  }

  if (location.protocol === "file:") {
    say(messages.disk);
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  input.addEventListener("input", function () { run(input.value); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
