/* Search core: the language pipelines, shard planning and index assembly.
 * No DOM here, so Node runs it in tests exactly as the browser does.
 * builder/search/terms.py is the other half: normalise, tokenize, fallbackStem
 * and the pipelines below must stay identical to their Python twins (a test
 * compares them on every word of the archive). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.SearchCore = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var WORD_CHAR = /[\p{L}\p{N}']/u;
  // Kana and Chinese characters (text.CJK in Python): each a word, as no spaces part them.
  var CJK_RANGE = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var CJK = new RegExp("[" + CJK_RANGE + "]");
  var MARKS = /\p{Mn}/gu;

  function normalise(text) {
    text = text.toLowerCase().replace(/\u2019/g, "'").replace(/\u2018/g, "'").replace(/`/g, "'");
    return text.normalize("NFKD").replace(MARKS, "");
  }

  function stripApostrophes(word) {
    return word.replace(/^'+/, "").replace(/'+$/, "");
  }

  function tokenize(text) {
    var words = [], current = "";
    for (var ch of normalise(text)) {
      if (CJK.test(ch)) {
        if (current) words.push(current);
        words.push(ch);
        current = "";
      } else if (WORD_CHAR.test(ch)) current += ch;
      else if (current) { words.push(current); current = ""; }
    }
    if (current) words.push(current);
    return words.map(stripApostrophes).filter(function (w) { return w; });
  }

  var PARTICLE = /(lah|kah|tah|pun)$/, POSSESSIVE = /(ku|mu|nya)$/, SUFFIX = /(kan|an|i)$/;
  var PREFIX = /^(di|ke|se|ter|ber|be|per|pe|meng|meny|mem|men|me|peng|peny|pem|pen)/;
  var ALPHA = /^\p{L}+$/u;

  function fallbackStem(word) {
    if (Array.from(word).length <= 5 || !ALPHA.test(word)) return word;
    [PARTICLE, POSSESSIVE, SUFFIX].forEach(function (pattern) {
      var stripped = word.replace(pattern, "");
      if (Array.from(stripped).length >= 4) word = stripped;
    });
    var stripped = word.replace(PREFIX, "");
    return Array.from(stripped).length >= 4 ? stripped : word;
  }

  /* The English pipeline is lunr.js's own: its stop words and stemmer
   * (builder/search/english.py makes the same terms with lunr.py). */
  function englishTerms(lunr, word) {
    if (/'s$/.test(word)) word = word.slice(0, -2).replace(/'+$/, "");
    if (!word || !lunr.stopWordFilter(new lunr.Token(word, {}))) return [];
    return [lunr.stemmer(new lunr.Token(word, {})).toString()];
  }

  /* Register the pipeline under the labels lunr.py used, over a stems map
   * that fills as shards arrive. A query word runs through every language
   * pipeline the archive has (manifest.languages, the main one first) and
   * becomes the terms of all; when the index lacks some pipelines' terms and
   * has all of another's, only those are kept, so "+summits" asks for the
   * English term the index has, not also for an Indonesian one it lacks.
   * Returns the pipeline functions in order, with `alternatives(word)`
   * (each pipeline's terms), `lookups(word)` (the words whose stems the
   * shards hold) and `useIndex(index)` (the index whose terms count). */
  function register(lunr, manifest, stems) {
    var stop = new Set(manifest.stopWords), compounds = manifest.compounds;
    var pipelines = manifest.languages || ["id"], known = null;
    var own = function (object, key) { return Object.prototype.hasOwnProperty.call(object, key); };
    /* Query terms arrive as lunr's lexer cut them ("“Xi”", "446,10"):
     * tokenizing gives the words the index holds. */
    var normaliser = function (token) {
      return tokenize(token.toString()).map(function (w) { return token.clone(function () { return w; }); });
    };
    /* Indonesian: compound parts (own keys only: a query word such as
     * "constructor" is not a compound), less stop words. */
    var lookups = function (word) {
      return (own(compounds, word) ? compounds[word] : [word]).filter(function (p) { return p && !stop.has(p); });
    };
    var stemOf = function (w) { return (own(stems, w) && stems[w]) || fallbackStem(w); };
    var alternatives = function (word) {
      var out = [], seen = new Set();
      pipelines.forEach(function (pipeline) {
        var terms = pipeline === "id" ? lookups(word).map(stemOf) : pipeline === "en" ? englishTerms(lunr, word) : [word];
        var key = JSON.stringify(terms);
        if (!seen.has(key)) { seen.add(key); out.push(terms); }
      });
      return out;
    };
    var languages = function (token) {
      var options = alternatives(token.toString());
      if (options.length > 1 && known) {
        var whole = options.filter(function (terms) {
          return terms.length && terms.every(function (t) { return own(known, t); });
        });
        options = whole.length ? whole : options.slice(0, 1);
      }
      var out = [], seen = new Set();
      options.forEach(function (terms) {
        terms.forEach(function (t) {
          if (!seen.has(t)) { seen.add(t); out.push(token.clone(function () { return t; })); }
        });
      });
      return out;
    };
    var fns = [normaliser, languages];
    manifest.pipeline.forEach(function (label, i) { lunr.Pipeline.registerFunction(fns[i], label); });
    fns.alternatives = alternatives;
    fns.lookups = function (word) { return pipelines.indexOf("id") >= 0 ? lookups(word) : []; };
    fns.useIndex = function (index) { known = index ? index.invertedIndex : null; };
    return fns;
  }

  /* JavaScript string order: the order shard boundaries are written in. */
  function shardFor(key, boundaries) {
    var lo = 0, hi = boundaries.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (boundaries[mid] <= key) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /* The file of the shard starting at `boundary` (mirrors search.shard_name):
   * a-z and digits as they are, any other character as _<hex code>_; its
   * JSON is stored deflated. */
  function shardFile(boundary) {
    return "s-" + Array.from(boundary).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("") + ".json.deflate";
  }

  function allShards(manifest) {
    return manifest.boundaries.map(function (_, i) { return i; });
  }

  /* Parse the query as lunr will, and say which shards it needs:
   * `words` need their stems looked up first (step 1), `patterns` are
   * wildcard or fuzzy clauses whose terms can lie in a range or anywhere. */
  function parse(lunr, manifest, queryString) {
    var fields = manifest.fields.map(function (f) { return f[0]; });
    var query = new lunr.Query(fields);
    new lunr.QueryParser(queryString, query).parse();  // throws lunr.QueryParseError
    query.clauses.forEach(function (clause) {
      if (clause.editDistance > MAX_EDIT_DISTANCE) throw new FuzzyLimitError(clause.term, clause.editDistance);
    });
    return query;
  }

  /* lunr tries every edit of a fuzzy term: beyond ~2 that is millions of
   * words (kazakhstan~10 froze a tab for minutes), and finds nothing useful. */
  var MAX_EDIT_DISTANCE = 2;

  function FuzzyLimitError(term, distance) {
    this.name = "FuzzyLimitError";
    this.term = term;
    this.distance = distance;
    this.limit = MAX_EDIT_DISTANCE;
    this.message = term + "~" + distance + ": at most ~" + MAX_EDIT_DISTANCE;
  }
  FuzzyLimitError.prototype = Object.create(Error.prototype);

  /* The words of a query term, as the index's words are cut. */
  function queryWords(lunr, fns, term) {
    return fns[0](new lunr.Token(term, {})).map(String);
  }

  /* Shards to fetch before stemming (the shards of the words whose stems
   * the shards may hold) ... */
  function wordShards(lunr, manifest, fns, query) {
    var need = new Set();
    query.clauses.forEach(function (clause) {
      if (!clause.usePipeline) return;
      queryWords(lunr, fns, clause.term).forEach(function (word) {
        fns.lookups(word).forEach(function (w) { need.add(shardFor(w, manifest.boundaries)); });
      });
    });
    return Array.from(need).sort(function (a, b) { return a - b; });
  }

  /* ... and the shards holding the terms of every pipeline, once stems are known. */
  function termShards(lunr, manifest, fns, query, stems) {
    var need = new Set();
    var everything = false;
    query.clauses.forEach(function (clause) {
      if (clause.editDistance) { everything = true; return; }
      if (!clause.usePipeline) {
        var prefix = clause.term.split("*")[0];
        if (!prefix) { everything = true; return; }
        var first = shardFor(prefix, manifest.boundaries), last = shardFor(prefix + "\uffff", manifest.boundaries);
        for (var i = first; i <= last; i++) need.add(i);
        return;
      }
      queryWords(lunr, fns, clause.term).forEach(function (word) {
        fns.alternatives(word).forEach(function (terms) {
          terms.forEach(function (t) { need.add(shardFor(t, manifest.boundaries)); });
        });
      });
    });
    if (everything) return allShards(manifest);
    return Array.from(need).sort(function (a, b) { return a - b; });
  }

  /* lunr.js 2.3.9 minimises TokenSet nodes by string keys that collide when
   * edge labels are digits (olivernn/lunr.js#503); ids of one fixed width
   * make the keys unambiguous. */
  function guardTokenSetIds(lunr) {
    if (lunr.TokenSet._nextId < 1e9) lunr.TokenSet._nextId = 1e9;
  }

  var K1 = 1.2, B = 0.75;  // lunr's BM25 parameters (its defaults)

  /* round(x, 3) as Python computes it for x >= 0: from the exact value of
   * the double (toFixed is exact; x * 1000 is not), and an exact half goes
   * to the even digit (toFixed would go up). */
  function round3(x) {
    var scaled = x * 1000;
    if (Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) {
      var exact = x.toFixed(40), dot = exact.indexOf(".");
      if (/^50*$/.test(exact.slice(dot + 4))) {
        var down = exact.slice(0, dot + 4);
        return Number(+down.charAt(down.length - 1) % 2 === 0 ? down : x.toFixed(3));
      }
    }
    return Number(x.toFixed(3));
  }

  /* A lunr.Index holding the terms of the given shards, identical for those
   * terms to the monolithic index lunr.py built. The shards carry term
   * frequencies; the weights are lunr's BM25, from `lengths` (lengths.json:
   * each field's length in each document) and the manifest's averages,
   * with lunr.py's operations in its order, rounded as lunr.py rounds. */
  function assemble(lunr, manifest, shards, fns, lengths) {
    guardTokenSetIds(lunr);
    var fields = manifest.fields.map(function (f) { return f[0]; });
    var loaded = [], seen = Object.create(null);
    shards.forEach(function (shard) {
      Object.keys(shard.t).forEach(function (term) {
        if (seen[term]) return;
        seen[term] = true;
        var entry = shard.t[term], first = Infinity;
        entry[1].forEach(function (f) { if (f[0].length) first = Math.min(first, f[0][0] - 1); });
        loaded.push({ term: term, first: first, rank: entry[0], postings: entry[1] });
      });
    });
    /* lunr numbers terms in order of first appearance: by first document,
     * then by rank among the terms first met there. Numbering the loaded
     * terms alone keeps their order, which is all a dot product sees. */
    loaded.sort(function (a, b) { return a.first - b.first || a.rank - b.rank; });
    var invertedIndex = Object.create(null);
    var components = Object.create(null);  // "field/doc" -> [[index, weight], ...]
    var terms = [];
    loaded.forEach(function (item, termIndex) {
      var posting = { _index: termIndex }, withTerm = 0;
      item.postings.forEach(function (f) { withTerm += f[0].length; });
      var idf = Math.log(1 + Math.abs((manifest.docs - withTerm + 0.5) / (withTerm + 0.5)));
      fields.forEach(function (field, f) {
        var deltas = item.postings[f][0], tfs = item.postings[f][1], docs = Object.create(null), doc = -1;
        var boost = manifest.fields[f][1], average = manifest.averages[f], fieldLengths = lengths[f];
        for (var k = 0; k < deltas.length; k++) {
          doc += deltas[k];
          docs[doc] = {};
          var tf = tfs[k];
          var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (fieldLengths[doc] / average)) + tf);
          score *= boost;
          var ref = field + "/" + doc;
          (components[ref] || (components[ref] = [])).push([termIndex, round3(score)]);
        }
        posting[field] = docs;
      });
      invertedIndex[item.term] = posting;
      terms.push(item.term);
    });
    terms.sort();
    var fieldVectors = Object.create(null);
    for (var d = 0; d < manifest.docs; d++) {
      fields.forEach(function (field) {
        var ref = field + "/" + d, parts = (components[ref] || []).sort(function (a, b) { return a[0] - b[0]; });
        var elements = [];
        parts.forEach(function (p) { elements.push(p[0], p[1]); });
        fieldVectors[ref] = new lunr.Vector(elements);
      });
    }
    var pipeline = new lunr.Pipeline();
    fns.forEach(function (fn) { pipeline.add(fn); });
    var index = new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields,
      pipeline: pipeline
    });
    fns.useIndex(index);
    return index;
  }

  /* Merge the word -> stem entries of loaded shards into the stems map. */
  function learnStems(stems, shards) {
    shards.forEach(function (shard) {
      Object.keys(shard.w).forEach(function (w) { stems[w] = shard.w[w]; });
    });
  }

  return {
    normalise: normalise, tokenize: tokenize, isCjk: function (ch) { return CJK.test(ch); }, cjkRange: CJK_RANGE,
    fallbackStem: fallbackStem, register: register,
    shardFor: shardFor, shardFile: shardFile, parse: parse, wordShards: wordShards, termShards: termShards,
    assemble: assemble, round3: round3, learnStems: learnStems, guardTokenSetIds: guardTokenSetIds, queryWords: queryWords,
    englishTerms: englishTerms,
    FuzzyLimitError: FuzzyLimitError, MAX_EDIT_DISTANCE: MAX_EDIT_DISTANCE
  };
});
