/* Search core: the Indonesian pipeline, shard planning and index assembly.
 * No DOM here, so Node runs it in tests exactly as the browser does.
 * builder/search.py is the other half: normalise, tokenize and fallbackStem
 * below must stay identical to their Python twins (a test compares them on
 * every word of the archive). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.SearchCore = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var WORD_CHAR = /[\p{L}\p{N}']/u;
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
      if (WORD_CHAR.test(ch)) current += ch;
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

  /* Register the pipeline under the labels lunr.py used, over a stems map
   * that fills as shards arrive. Returns the pipeline functions in order. */
  function register(lunr, manifest, stems) {
    var stop = new Set(manifest.stopWords), compounds = manifest.compounds;
    /* Query terms arrive as lunr's lexer cut them ("“Xi”", "446,10"):
     * tokenizing gives the words the index holds. */
    var normaliser = function (token) {
      return tokenize(token.toString()).map(function (w) { return token.clone(function () { return w; }); });
    };
    var splitter = function (token) {
      /* Own keys only: a query word such as "constructor" is not a compound. */
      var parts = Object.prototype.hasOwnProperty.call(compounds, token.toString()) && compounds[token.toString()];
      if (!parts) return token;
      return parts.map(function (p) { return token.clone(function () { return p; }); });
    };
    var stopWords = function (token) {
      var s = token.toString();
      return s && !stop.has(s) ? token : undefined;
    };
    var stemmer = function (token) {
      return token.update(function (s) { return (Object.prototype.hasOwnProperty.call(stems, s) && stems[s]) || fallbackStem(s); });
    };
    var fns = [normaliser, splitter, stopWords, stemmer];
    manifest.pipeline.forEach(function (label, i) { lunr.Pipeline.registerFunction(fns[i], label); });
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
   * a-z and digits as they are, any other character as _<hex code>_. */
  function shardFile(boundary) {
    return "s-" + Array.from(boundary).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("") + ".json";
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

  function preStemWords(lunr, fns, term) {
    var tokens = [new lunr.Token(term, {})];
    for (var i = 0; i < 3; i++) tokens = runOne(fns[i], tokens);
    return tokens.map(function (t) { return t.toString(); });
  }

  function runOne(fn, tokens) {
    var out = [];
    tokens.forEach(function (token, j) {
      var result = fn(token, j, tokens);
      if (result === null || result === undefined || result === "") return;
      if (Array.isArray(result)) out.push.apply(out, result); else out.push(result);
    });
    return out;
  }

  /* Shards to fetch before stemming (the words' own shards) ... */
  function wordShards(lunr, manifest, fns, query) {
    var need = new Set();
    query.clauses.forEach(function (clause) {
      if (!clause.usePipeline) return;
      preStemWords(lunr, fns, clause.term).forEach(function (w) { need.add(shardFor(w, manifest.boundaries)); });
    });
    return Array.from(need).sort(function (a, b) { return a - b; });
  }

  /* ... and the shards holding the terms, once stems are known. */
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
      preStemWords(lunr, fns, clause.term).forEach(function (w) {
        need.add(shardFor(fns[3](new lunr.Token(w, {})).toString(), manifest.boundaries));
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
    return new lunr.Index({
      invertedIndex: invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields,
      pipeline: pipeline
    });
  }

  /* Merge the word -> stem entries of loaded shards into the stems map. */
  function learnStems(stems, shards) {
    shards.forEach(function (shard) {
      Object.keys(shard.w).forEach(function (w) { stems[w] = shard.w[w]; });
    });
  }

  return {
    normalise: normalise, tokenize: tokenize, fallbackStem: fallbackStem, register: register,
    shardFor: shardFor, shardFile: shardFile, parse: parse, wordShards: wordShards, termShards: termShards,
    assemble: assemble, round3: round3, learnStems: learnStems, guardTokenSetIds: guardTokenSetIds, preStemWords: preStemWords,
    FuzzyLimitError: FuzzyLimitError, MAX_EDIT_DISTANCE: MAX_EDIT_DISTANCE
  };
});
