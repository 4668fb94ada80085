/* Search page: fetch only the shards a query needs, run lunr's own query,
 * show results with highlighted snippets and facets. Text from the archive
 * is only ever put into the page with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof lunr === "undefined" || typeof SearchCore === "undefined") return;
  document.documentElement.classList.add("js");

  var labels = JSON.parse(root.getAttribute("data-labels"));
  var base = root.getAttribute("data-base");
  var dataUrl = base + "search/data/";
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var PAGE = 10;
  // A snippet's words, each Chinese or Japanese character alone (as SearchCore.tokenize has them).
  var CJK = SearchCore.cjkRange;
  var PIECES = new RegExp("([" + CJK + "]|(?:(?![" + CJK + "])[\\p{L}\\p{N}'])+)", "u");

  var manifest = null, fns = null, stems = Object.create(null);
  var cache = Object.create(null);  // url -> promise of parsed JSON
  var state = { query: "", results: [], facets: null, filters: { year: null, publisher: null, entity: null, language: null }, shown: 0 };
  var generation = 0;

  function label(key, values) {
    var text = labels[key] || key;
    if (typeof text === "object") text = values && values.count === 1 && text.one ? text.one : text.other;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }

  /* A file of search/data/, parsed once. All but the manifest are JSON
   * stored deflated (<name>.json.deflate): inflated on the way. */
  function getJSON(name) {
    if (!cache[name]) {
      cache[name] = fetch(dataUrl + name).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + name);
        if (!/\.deflate$/.test(name)) return r.json();
        return new Response(r.body.pipeThrough(new DecompressionStream("deflate"))).json();
      });
    }
    return cache[name];
  }

  function shards(numbers) {
    return Promise.all(numbers.map(function (n) { return getJSON(SearchCore.shardFile(manifest.boundaries[n])); }));
  }

  function ready() {
    if (manifest) return Promise.resolve();
    return getJSON("manifest.json").then(function (m) {
      manifest = m;
      fns = SearchCore.register(lunr, manifest, stems);
    });
  }

  /* Run a query: stems first (the words' shards), then the terms' shards. */
  function run(queryString) {
    var query = SearchCore.parse(lunr, manifest, queryString);
    return shards(SearchCore.wordShards(lunr, manifest, fns, query)).then(function (loaded) {
      SearchCore.learnStems(stems, loaded);
      return Promise.all([shards(SearchCore.termShards(lunr, manifest, fns, query, stems)), getJSON("lengths.json.deflate")]);
    }).then(function (loaded) {
      var index = SearchCore.assemble(lunr, manifest, loaded[0], fns, loaded[1]);
      return index.search(queryString);
    });
  }

  function facetsFor(results) {
    var blocks = {};
    results.forEach(function (r) { blocks[Math.floor(+r.ref / manifest.facetBlock)] = true; });
    var names = Object.keys(blocks).map(function (b) { return "f" + b + ".json.deflate"; });
    return Promise.all([getJSON("facets.json.deflate")].concat(names.map(getJSON))).then(function (parts) {
      var dictionary = parts[0], rows = {};
      Object.keys(blocks).forEach(function (b, i) {
        parts[i + 1].forEach(function (row, k) { rows[+b * manifest.facetBlock + k] = row; });
      });
      return { dictionary: dictionary, rows: rows };
    });
  }

  function passes(ref) {
    var row = state.facets && state.facets.rows[+ref];
    if (!row) return true;
    var f = state.filters;
    if (f.year !== null && row[0] !== f.year) return false;
    if (f.publisher !== null && row[1] !== f.publisher) return false;
    if (f.entity !== null && row[2].indexOf(f.entity) < 0) return false;
    if (f.language !== null && row[3] !== f.language) return false;
    return true;
  }

  function search(queryString) {
    var mine = ++generation;
    root.setAttribute("data-state", "busy");
    state.query = queryString;
    var url = new URL(window.location.href);
    if (queryString) url.searchParams.set("q", queryString); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!queryString.trim()) { clear(); root.setAttribute("data-state", "done"); return; }
    status.textContent = label("loading");
    ready().then(function () { return run(queryString); }).then(function (results) {
      if (mine !== generation) return;
      state.results = results;
      state.filters = { year: null, publisher: null, entity: null, language: null };
      return facetsFor(results).then(function (facets) {
        if (mine !== generation) return;
        state.facets = facets;
        renderFacets();
        return renderResults(true);
      });
    }).then(function () {
      if (mine === generation) root.setAttribute("data-state", "done");
    }).catch(function (error) {
      if (mine !== generation) return;
      clear();
      if (error instanceof SearchCore.FuzzyLimitError) {
        status.textContent = label("fuzzy_limit", { term: error.term, distance: error.distance, limit: error.limit });
      } else if (error instanceof lunr.QueryParseError) status.textContent = label("error", { message: error.message });
      else status.textContent = label("network_error");
      root.setAttribute("data-state", "done");
    });
  }

  function clear() {
    state.results = [];
    state.facets = null;
    list.textContent = "";
    facetBox.textContent = "";
    status.textContent = "";
  }

  function filtered() {
    return state.results.filter(function (r) { return passes(r.ref); });
  }

  function renderResults(fresh) {
    var matches = filtered();
    if (fresh) { list.textContent = ""; state.shown = 0; }
    status.textContent = matches.length ? label("results", { count: matches.length }) : label("no_results");
    var page = matches.slice(state.shown, state.shown + PAGE);
    state.shown += page.length;
    var blocks = {};
    page.forEach(function (r) { blocks[Math.floor(+r.ref / manifest.dataBlock)] = true; });
    var names = Object.keys(blocks);
    var mine = generation;
    return Promise.all(names.map(function (b) { return getJSON("d" + b + ".json.deflate"); })).then(function (parts) {
      if (mine !== generation) return;
      var docs = {};
      names.forEach(function (b, i) { parts[i].forEach(function (d, k) { docs[+b * manifest.dataBlock + k] = d; }); });
      var more = list.querySelector(".search-more");
      if (more) more.remove();
      var terms = highlightTerms();
      page.forEach(function (r) { list.appendChild(resultItem(docs[+r.ref], withNames(docs[+r.ref], terms))); });
      if (state.shown < matches.length) {
        var li = document.createElement("li"), button = document.createElement("button");
        li.className = "search-more";
        button.type = "button";
        button.textContent = label("more");
        button.addEventListener("click", function () { renderResults(false); });
        li.appendChild(button);
        list.appendChild(li);
      }
    });
  }

  /* The words to highlight: each query term's stem and its words as typed. */
  function highlightTerms() {
    var terms = [];
    try {
      var query = SearchCore.parse(lunr, manifest, state.query);
      query.clauses.forEach(function (clause) {
        if (clause.presence === lunr.Query.presence.PROHIBITED) return;
        if (!clause.usePipeline) { terms.push(clause.term.split("*")[0]); return; }
        SearchCore.queryWords(lunr, fns, clause.term).forEach(function (w) {
          terms.push(w);
          fns.alternatives(w).forEach(function (stems) { terms.push.apply(terms, stems); });
        });
      });
    } catch (e) { /* shown already */ }
    return terms.filter(function (t) { return t && (t.length > 1 || SearchCore.isCjk(t)); });  // 托 is a word
  }

  /* Exact, a prefix (3+ letters), or inside the word for stems of 5+
   * letters ("dukung" in "mendukung"); never "nur" inside "menurutnya". */
  /* A query naming an entity ("Tiongkok") also highlights the document's
   * other names for it ("China"). */
  function withNames(doc, terms) {
    var extra = [];
    (doc.n || []).forEach(function (group) {
      var names = group.map(function (name) { return SearchCore.tokenize(name); });
      // The query names this entity only if one of its names is all query words ...
      var named = names.some(function (words) {
        return words.length && words.length <= 3 && words.every(function (w) { return terms.indexOf(w) >= 0; });
      });
      // ... and then its one-word names ("China", "Astana") are marked too.
      if (named) names.forEach(function (words) { if (words.length === 1) extra.push(words[0]); });
    });
    return extra.length ? terms.concat(extra) : terms;
  }

  function matchesTerm(word, terms) {
    var w = SearchCore.normalise(word);
    return terms.some(function (t) {
      return w === t || (t.length >= 3 && w.indexOf(t) === 0) || (t.length >= 5 && w.indexOf(t) > 0);
    });
  }

  /* The sentence with the most matching words, with those words marked. */
  function snippet(text, terms) {
    var sentences = text.split(/(?<=[.!?])\s+|(?<=[。！？])|\n/);
    var best = sentences[0] || "", bestHits = -1;
    sentences.forEach(function (s) {
      var hits = SearchCore.tokenize(s).filter(function (w) { return matchesTerm(w, terms); }).length;
      if (hits > bestHits) { best = s; bestHits = hits; }
    });
    if (best.length > 320) best = best.slice(0, 317) + "…";
    var p = document.createElement("p");
    p.className = "search-snippet";
    best.split(PIECES).forEach(function (piece) {
      if (/[\p{L}\p{N}]/u.test(piece) && matchesTerm(piece, terms)) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        p.appendChild(mark);
      } else if (piece) {
        p.appendChild(document.createTextNode(piece));
      }
    });
    return p;
  }

  /* A language's name in the interface's language, or its code. */
  function languageName(code) {
    return labels["language_" + code] || code;
  }

  function resultItem(doc, terms) {
    var li = document.createElement("li");
    li.className = "search-result";
    var meta = document.createElement("p");
    meta.className = "card-meta";
    if (doc.d) {
      var time = document.createElement("time");
      time.dateTime = doc.d;
      time.textContent = doc.dt;
      meta.appendChild(time);
    }
    if (doc.p) {
      var pub = document.createElement("span");
      pub.className = "publisher";
      pub.textContent = doc.p;
      meta.appendChild(pub);
    }
    var h = document.createElement("h2");
    h.className = "card-title";
    var a = document.createElement("a");
    a.href = doc.u;
    a.textContent = doc.t;
    h.appendChild(a);
    var text = snippet(doc.x, terms);
    if (doc.l && doc.l !== document.documentElement.lang) {  // the interface's date and names stay
      h.lang = text.lang = doc.l;
      a.hreflang = doc.l;
    }
    li.appendChild(meta);
    li.appendChild(h);
    li.appendChild(text);
    return li;
  }

  function renderFacets() {
    facetBox.textContent = "";
    if (!state.facets || !state.results.length) return;
    var dict = state.facets.dictionary, counts = { year: {}, publisher: {}, entity: {}, language: {} };
    state.results.forEach(function (r) {
      var row = state.facets.rows[+r.ref];
      if (!row) return;
      counts.year[row[0]] = (counts.year[row[0]] || 0) + 1;
      counts.publisher[row[1]] = (counts.publisher[row[1]] || 0) + 1;
      row[2].forEach(function (e) { counts.entity[e] = (counts.entity[e] || 0) + 1; });
      if (row.length > 3) counts.language[row[3]] = (counts.language[row[3]] || 0) + 1;  // several languages only
    });
    var groups = [
      ["language", label("filter_language"), function (k) { return languageName(dict.languages[+k]); }, function (k) { return +k; }],
      ["year", label("filter_year"), function (k) { return dict.years[+k] || label("no_year"); }, function (k) { return +k; }],
      ["publisher", label("filter_publisher"), function (k) { return +k >= 0 ? dict.publishers[+k] : label("no_publisher"); }, function (k) { return +k; }],
      ["entity", label("filter_entity"), function (k) { return dict.entities[+k]; }, function (k) { return +k; }]
    ];
    groups.forEach(function (group) {
      var key = group[0], keys = Object.keys(counts[key]);
      if (!keys.length) return;
      keys.sort(function (a, b) { return counts[key][b] - counts[key][a] || (group[2](a) < group[2](b) ? -1 : 1); });
      if (key === "year") keys.sort(function (a, b) { return group[2](b) < group[2](a) ? -1 : 1; });  // newest first
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = group[1];
      fieldset.appendChild(legend);
      keys.slice(0, key === "entity" ? 12 : 20).forEach(function (k) {
        var value = group[3](k);
        var button = document.createElement("button");
        button.type = "button";
        button.className = "facet";
        var active = state.filters[key] === value;
        button.setAttribute("aria-pressed", active ? "true" : "false");
        button.textContent = group[2](k) + " ";
        var count = document.createElement("span");
        count.className = "count";
        count.textContent = counts[key][k];
        button.appendChild(count);
        button.addEventListener("click", function () {
          state.filters[key] = active ? null : value;
          renderFacets();
          root.setAttribute("data-state", "busy");
          renderResults(true).then(function () { root.setAttribute("data-state", "done"); });
        });
        fieldset.appendChild(button);
      });
      facetBox.appendChild(fieldset);
    });
  }

  /* Arrow keys move between the search box and the result links. */
  function links() { return Array.prototype.slice.call(list.querySelectorAll(".search-result a")); }
  root.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown") {
      if (document.activeElement === input && all.length) all[0].focus();
      else if (at >= 0 && at + 1 < all.length) all[at + 1].focus();
      else return;
    } else {
      if (at > 0) all[at - 1].focus();
      else if (at === 0) input.focus();
      else return;
    }
    event.preventDefault();
  });

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 200);
  });
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  var initial = new URL(window.location.href).searchParams.get("q") || "";
  input.value = initial;
  if (initial) search(initial);
})();
