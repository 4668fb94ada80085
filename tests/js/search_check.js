/* Test harness for the search, run with node by tests/test_search.py.
 *   equivalence DATA_DIR MONOLITHIC.json QUERIES.json -> per query: refs and scores from the
 *       monolithic index and from shards, and the bytes the shards cost
 *   pipeline MANIFEST.json STEMS.json WORDS.json -> per word: normalised, fallback stem, pipeline terms
 *   english WORDS.json -> per word: the English pipeline's terms (lunr.js's stop words and stemmer)
 *   round VALUES.json -> each value as the browser rounds a weight
 *   names KEYS.json -> the file of the shard starting at each key
 *   tokenset -> terms lost or invented by TokenSet.fromArray on a term set that shows the bug, without and with the id guard */
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const lunr = require(path.join(__dirname, "../../node_modules/lunr/lunr.js"));
const core = require(path.join(__dirname, "../../themes/default/static/search-core.js"));

const [mode, ...args] = process.argv.slice(2);
// The index's files are JSON, stored deflated (.deflate) but for the manifest.
const readJSON = (file) => JSON.parse(file.endsWith(".deflate")
  ? zlib.inflateSync(fs.readFileSync(file)).toString("utf8") : fs.readFileSync(file, "utf8"));

function equivalence(dataDir, monolithicFile, queriesFile) {
  const manifest = readJSON(path.join(dataDir, "manifest.json"));
  const stems = {};
  const fns = core.register(lunr, manifest, stems);
  core.guardTokenSetIds(lunr);
  const monolithic = lunr.Index.load(readJSON(monolithicFile));
  // The reference: the whole index with the whole word -> stem map.
  const allStems = {};
  for (let n = 0; n < manifest.boundaries.length; n++) core.learnStems(allStems, [readJSON(path.join(dataDir, core.shardFile(manifest.boundaries[n])))]);
  const out = [];
  for (const q of readJSON(queriesFile)) {
    const row = { q };
    try {
      for (const k of Object.keys(stems)) delete stems[k];
      Object.assign(stems, allStems);
      fns.useIndex(monolithic);
      row.mono = monolithic.search(q).map((r) => [r.ref, r.score]);
    } catch (e) {
      row.monoError = e.name;
    }
    try {
      for (const k of Object.keys(stems)) delete stems[k];
      const query = core.parse(lunr, manifest, q);
      const files = new Set();
      const load = (n) => { files.add(n); return readJSON(path.join(dataDir, core.shardFile(manifest.boundaries[n]))); };
      core.learnStems(stems, core.wordShards(lunr, manifest, fns, query).map(load));
      const shards = core.termShards(lunr, manifest, fns, query, stems).map(load);
      const lengths = readJSON(path.join(dataDir, "lengths.json.deflate"));
      row.shard = core.assemble(lunr, manifest, shards, fns, lengths).search(q).map((r) => [r.ref, r.score]);
      let raw = 0, gz = 0;
      for (const name of ["manifest.json", "lengths.json.deflate"]) {
        raw += fs.statSync(path.join(dataDir, name)).size;
        gz += zlib.gzipSync(fs.readFileSync(path.join(dataDir, name))).length;
      }
      for (const n of files) {
        const bytes = fs.readFileSync(path.join(dataDir, core.shardFile(manifest.boundaries[n])));
        raw += bytes.length;
        gz += zlib.gzipSync(bytes).length;
      }
      row.shards = files.size;
      row.bytes = raw;
      row.gzip = gz;
    } catch (e) {
      row.shardError = e.name;
    }
    out.push(row);
  }
  return out;
}

function pipeline(manifestFile, stemsFile, wordsFile) {
  const manifest = readJSON(manifestFile);
  const stems = readJSON(stemsFile);
  const fns = core.register(lunr, manifest, stems);
  const p = new lunr.Pipeline();
  fns.forEach((fn) => p.add(fn));
  return readJSON(wordsFile).map((w) => [
    core.normalise(w),
    core.tokenize(w),
    core.fallbackStem(w),
    p.run(core.tokenize(w).map((t) => new lunr.Token(t, {}))).map(String),
  ]);
}

/* Deterministic term sets of numbers and decimal-comma numbers ("446,10"),
 * as lunr's own tokenizer would keep them; the first set that fresh
 * TokenSet ids get wrong is checked again with the guard. */
function tokenset() {
  let seed = 1;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const wrong = (terms) => {
    const back = lunr.TokenSet.fromArray(terms).toArray();
    const had = new Set(terms), got = new Set(back);
    return { lost: terms.filter((t) => !got.has(t)).length, invented: back.filter((t) => !had.has(t)).length };
  };
  for (let trial = 0; trial < 60; trial++) {
    const set = new Set();
    const n = 500 + Math.floor(rnd() * 20000);
    while (set.size < n) {
      if (rnd() < 0.5) set.add(String(Math.floor(rnd() * 1000)) + "," + String(Math.floor(rnd() * 100)).padStart(2, "0"));
      else set.add(String(Math.floor(rnd() * 100000)));
    }
    const terms = Array.from(set).sort();
    lunr.TokenSet._nextId = 1;
    const before = wrong(terms);
    if (before.lost || before.invented) {
      lunr.TokenSet._nextId = 1;
      core.guardTokenSetIds(lunr);
      return { trial, terms: terms.length, withoutGuard: before, withGuard: wrong(terms) };
    }
  }
  return { trial: null };
}

/* What the browser fetches for each query, as GitHub Pages serves it
 * (gzip): manifest, word and term shards, facet dictionary and the facet
 * shards of all matches, and the result data of the first ten results
 * (all but the manifest deflated on disk, so served as they are). */
function cost(dataDir, queriesFile) {
  const manifest = readJSON(path.join(dataDir, "manifest.json"));
  const stems = {};
  const fns = core.register(lunr, manifest, stems);
  const gz = (name) => name.endsWith(".deflate") ? fs.statSync(path.join(dataDir, name)).size
    : zlib.gzipSync(fs.readFileSync(path.join(dataDir, name)), { level: 9 }).length;
  return readJSON(queriesFile).map((q) => {
    for (const k of Object.keys(stems)) delete stems[k];
    const files = new Set(["manifest.json", "lengths.json.deflate", "facets.json.deflate"]);
    const load = (n) => { files.add(core.shardFile(manifest.boundaries[n])); return readJSON(path.join(dataDir, core.shardFile(manifest.boundaries[n]))); };
    const query = core.parse(lunr, manifest, q);
    core.learnStems(stems, core.wordShards(lunr, manifest, fns, query).map(load));
    const shards = core.termShards(lunr, manifest, fns, query, stems).map(load);
    const results = core.assemble(lunr, manifest, shards, fns, readJSON(path.join(dataDir, "lengths.json.deflate"))).search(q);
    results.forEach((r) => files.add(`f${Math.floor(+r.ref / manifest.facetBlock)}.json.deflate`));
    results.slice(0, 10).forEach((r) => files.add(`d${Math.floor(+r.ref / manifest.dataBlock)}.json.deflate`));
    let bytes = 0;
    const parts = { index: 0, facets: 0, results: 0 };
    for (const f of files) {
      const size = gz(f);
      bytes += size;
      parts[f.startsWith("f") ? "facets" : f.startsWith("d") ? "results" : "index"] += size;
    }
    return { q, results: results.length, files: files.size, gzip: bytes, parts };
  });
}

/* round3 on each of the values in a file. */
function round(valuesFile) {
  return readJSON(valuesFile).map(core.round3);
}

function names(keysFile) {
  return readJSON(keysFile).map(core.shardFile);
}

const result = mode === "equivalence" ? equivalence(...args) : mode === "pipeline" ? pipeline(...args)
  : mode === "english" ? readJSON(args[0]).map((w) => core.englishTerms(lunr, w))
  : mode === "cost" ? cost(...args) : mode === "round" ? round(...args) : mode === "names" ? names(...args)
  : tokenset(...args);
process.stdout.write(JSON.stringify(result));
