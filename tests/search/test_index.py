"""Search: sharded results equal lunr's monolithic ones; Python and JavaScript
agree on every word; the seed queries find what they must."""
from __future__ import annotations

import bisect
import itertools
import json
import math
import random
import re
import subprocess
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import Generator, search_docs
from builder import hashing
from builder.build.pipeline import BuildOptions, build
from builder.search import index, postings, shards, terms

from .. import lunr_reference
from ..conftest import ROOT

HARNESS = ROOT / "tests" / "js" / "search_check.js"


def node(*args: str) -> object:
    done = subprocess.run(["node", str(HARNESS), *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def write(folder: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def generated_queries(docs: list[terms.SearchDoc], count: int, seed: int = 5) -> list[str]:
    """Queries of every shape lunr accepts, from the archive's own words and some it lacks."""
    r = random.Random(seed)
    words = sorted({w for d in docs[:50] for w in terms.tokenize(d.title + " " + d.body[:400])})
    absent = ["zzkata", "qwerty", "tidakada"]

    def word() -> str:
        return r.choice(words) if r.random() < 0.9 else r.choice(absent)

    shapes = [
        lambda: word(),
        lambda: f"{word()} {word()}",
        lambda: f"+{word()} {word()}",
        lambda: f"+{word()} -{word()}",
        lambda: f"-{word()}",
        lambda: f"title:{word()}",
        lambda: f"body:{word()} entities:{word()}",
        lambda: f"{word()}^3 {word()}",
        lambda: f"{word()[:3]}*",
        lambda: f"{word()}~1",
        lambda: f"*{word()[-3:]}",
        lambda: r.choice(["yang dan", "kerjasama", "kerja sama", "bekerjasama", "Nur-Sultan", "KAZAKHSTAN",
                          "Tiongkok-Kazakhstan", "446,10", "1.369.640", "caf\u00e9", "\u201cXi\u201d"]),
    ]
    return [shapes[n % len(shapes)]() for n in range(count)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    docs = search_docs(300, words=250, seed=3)
    files = index.search_files(docs, {"publishers": [], "entity_ids": [], "entity_names": []})
    write(folder, files.files)
    (folder / "monolithic.json").write_text(lunr_reference.monolithic_index_json(docs), encoding="utf-8")
    return folder, docs, files


def test_sharded_results_equal_the_monolithic_index(generated, tmp_path, capsys):
    folder, docs, files = generated
    queries = generated_queries(docs, 360)
    (tmp_path / "q.json").write_text(json.dumps(queries), encoding="utf-8")
    rows = node("equivalence", str(folder / "search" / "data"), str(folder / "monolithic.json"), str(tmp_path / "q.json"))
    differing = [row for row in rows if row.get("mono") != row.get("shard") or row.get("monoError") != row.get("shardError")]
    assert not differing, differing[:3]
    answered = [row for row in rows if "mono" in row]
    with_results = [row for row in answered if row["mono"]]
    assert len(answered) >= 340 and len(with_results) >= 200
    one_word = [row["gzip"] for row, q in zip(rows, queries) if "gzip" in row and " " not in q and q.isalpha()]
    everything = [row["gzip"] for row, q in zip(rows, queries) if q.startswith("*") or "~" in q]
    with capsys.disabled():
        print(f"\nequivalence: {len(rows)} queries, {len(with_results)} with results, all identical "
              f"(refs and scores); {files.terms} terms in {files.shards} shards; one-word query "
              f"{sum(one_word) / len(one_word) / 1024:.1f} KB gzip on average; a leading wildcard or fuzzy "
              f"term fetches every shard: {max(everything) / 1024:.0f} KB gzip")


def test_query_syntax_errors_are_reported_the_same_way(generated, tmp_path):
    folder, _, _ = generated
    (tmp_path / "q.json").write_text(json.dumps(["title:", "body:xi^", "+", "xi~"]), encoding="utf-8")
    for row in node("equivalence", str(folder / "search" / "data"), str(folder / "monolithic.json"), str(tmp_path / "q.json")):
        assert row.get("monoError") == row.get("shardError") == "QueryParseError", row


def shard_for(key: str, boundaries: list[str]) -> int:
    """The shard whose range holds key, as search-core.js finds it."""
    keys = [terms.js_order(b) for b in boundaries]
    return max(bisect.bisect_right(keys, terms.js_order(key)) - 1, 0)


def test_every_term_lives_in_the_shard_its_key_names(generated):
    folder, _, files = generated
    manifest = json.loads((folder / "search/data/manifest.json").read_text())
    monolithic = json.loads((folder / "monolithic.json").read_text())
    paths = [folder / shards.shard_path(boundary) for boundary in manifest["boundaries"]]
    assert len(paths) == files.shards
    texts = [zlib.decompress(path.read_bytes()) for path in paths]  # stored deflated
    loaded = [json.loads(text) for text in texts]
    for term, _ in monolithic["invertedIndex"]:
        assert term in loaded[shard_for(term, manifest["boundaries"])]["t"], term
    assert max(map(len, texts)) < 3 * shards.SHARD_BYTES  # cut by size, not by prefix


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab_9'’-. \n\tÉéß١ⅷ² ́_托会アが") | st.characters(), max_size=40))
def test_words_are_runs_of_letters_digits_and_apostrophes(text):
    """Underscores, hyphens, spaces and punctuation split words; apostrophes
    join them but never start or end one (what the browser does too); a
    Chinese or Japanese character is a word of its own."""
    text_ = "".join(f" {c} " if is_cjk(c) else c for c in terms.normalise(text))
    runs = ("".join(group) for is_word, group in itertools.groupby(text_, lambda c: c.isalnum() or c == "'") if is_word)
    assert terms.tokenize(text) == [w for w in (run.strip("'") for run in runs) if w]


def is_cjk(c: str) -> bool:
    """Kana, and the Chinese characters of the basic, extension A and compatibility blocks."""
    return "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u4dbf" or "\u4e00" <= c <= "\u9fff" or \
        "\uf900" <= c <= "\ufaff"


def test_token_set_ids_do_not_collide(capsys):
    """lunr.js#503: with digit edge labels, TokenSet minimisation can lose or
    invent terms. On a term set that shows it, the id guard brings every term back."""
    result = node("tokenset")
    assert result["trial"] is not None, "no term set reproduced the bug"
    assert result["withoutGuard"]["lost"] + result["withoutGuard"]["invented"] > 0
    assert result["withGuard"] == {"lost": 0, "invented": 0}
    with capsys.disabled():
        print(f"\ntoken set: {result['terms']} numeric terms; without the id guard "
              f"{result['withoutGuard']['lost']} lost and {result['withoutGuard']['invented']} invented; with it none")


def test_python_and_javascript_agree_on_every_word(tmp_path, capsys):
    words = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        words.update(terms.tokenize(path.read_text(encoding="utf-8")))
        words.update(path.read_text(encoding="utf-8").split())  # raw forms too: case, quotes, punctuation
    generator = Generator(seed=10)
    for _ in range(10_000):
        words.update(terms.tokenize(generator.text(600)))
    words.update(["KERJASAMA", "Caf\u00e9", "\u201cTiongkok\u201d", "Xi\u2019an", "na\u00efve", "\u0130stanbul", "stra\u00dfe",
                  "同托卡耶夫举行会谈", "アスタナで会談", "Токаевым"])
    ordered = sorted(words)
    stems = terms.stem_map(set(terms.tokenize(" ".join(ordered))))
    exceptions = {w: s for w, s in stems.items() if s != terms.fallback_stem(w)}
    (tmp_path / "words.json").write_text(json.dumps(ordered), encoding="utf-8")
    (tmp_path / "stems.json").write_text(json.dumps(exceptions), encoding="utf-8")
    (tmp_path / "manifest.json").write_text(json.dumps({"pipeline": list(terms.LABELS), "stopWords": list(terms.STOP_WORDS),
                                                        "compounds": {k: list(v) for k, v in terms.COMPOUNDS.items()},
                                                        "languages": ["id", "en"]}))
    javascript = node("pipeline", str(tmp_path / "manifest.json"), str(tmp_path / "stems.json"), str(tmp_path / "words.json"))
    lunr_reference.Pipeline_.stems = stems
    lunr_reference.Pipeline_.pipelines = ("id", "en")  # every word through both, as a query in a mixed archive
    python = [[terms.normalise(w), terms.tokenize(w), terms.fallback_stem(w), lunr_reference.pipeline_terms(w)] for w in ordered]
    differing = [(w, p, j) for w, p, j in zip(ordered, python, javascript) if p != j]
    assert not differing, differing[:5]
    with capsys.disabled():
        print(f"\nstemmer agreement: {len(ordered)} distinct words (seeds + 10,000 generated articles), 100% identical "
              f"(normalise, tokenize, fallback stem, Indonesian and English pipelines); {len(exceptions)} stems ship as "
              f"exceptions")


# ------------------------------------------------------------- the seeds

def searched_site(out: Path, content: Path) -> tuple[Path, dict, list[terms.SearchDoc]]:
    """A site built from `content`, with lunr.py's index of the same documents
    the build indexed (monolithic.json beside it): (site, manifest, documents)."""
    build(BuildOptions(content=content, output=out, config=ROOT / "site.yaml"))
    manifest = json.loads((out / "search/data/manifest.json").read_text())
    from builder.annotate.matcher import Matcher
    from builder.annotate.mentions import annotate
    from builder.build.article_work import search_document
    from builder.config import load_config
    from builder.content.archive import load_archive
    from builder.site.contexts import SiteContext
    from builder.site.pages import search_order

    archive, _, _ = load_archive(content)
    matcher = Matcher(archive.entities)
    site = SiteContext(load_config(ROOT / "site.yaml"), {"no_date": ""}, len(archive.articles))
    docs = [search_document(site, a, annotate(a, matcher), matcher.entities) for a in search_order(archive.articles)]
    (out / "monolithic.json").write_text(lunr_reference.monolithic_index_json(docs), encoding="utf-8")
    return out, manifest, docs


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    return searched_site(tmp_path_factory.mktemp("seedsearch") / "site", ROOT / "content")


SEED_QUERIES = {
    # query: the articles (by seed file) it must find, checked by reading the seeds
    "kerja sama": {"000", "001", "002", "003", "004"},   # 'kerja sama' everywhere, 'bekerja sama' in 003
    "kedaulatan": {"000", "002", "003"},                 # 'kedaulatan' in 000, 002, 003
    "mendukung": {"000", "001", "002", "003", "004"},    # 'dukungan' in 001, 'mendukung' in the others
    "Tiongkok": {"000", "001", "002", "003", "004"},     # 000, 002, 004 say only 'China'
    "Nur-Sultan": {"000", "002", "003"},                 # 002 and 003 say only 'Astana'
    "berdaulat": {"000", "002", "003"},
    "kerjasama": {"000", "001", "002", "003", "004"},
}


def test_the_seed_queries_find_the_right_articles(seed_site, tmp_path):
    out, manifest, docs = seed_site
    seeds_of = {}
    for path in (ROOT / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        slug = text.split("slug: ", 1)[1].split("\n", 1)[0]
        seeds_of[f"/articles/{slug}/"] = text.split("seed: ", 1)[1][:3]
    (tmp_path / "q.json").write_text(json.dumps(list(SEED_QUERIES)), encoding="utf-8")
    rows = node("equivalence", str(out / "search" / "data"), str(out / "monolithic.json"), str(tmp_path / "q.json"))
    for row in rows:
        assert row["mono"] == row["shard"]
        found = {seeds_of[docs[int(ref)].url] for ref, _ in row["shard"]}
        assert found == SEED_QUERIES[row["q"]], (row["q"], found)


def test_inflection_recall(seed_site, tmp_path, capsys):
    """Each query word should find every seed holding any inflection of its root."""
    out, _, docs = seed_site
    families = {
        "dukung": ["mendukung", "dukungan", "didukung"], "daulat": ["kedaulatan", "berdaulat"],
        "temu": ["bertemu", "pertemuan"], "kerja": ["bekerja", "kerja", "pekerja"], "kuat": ["kekuatan", "memperkuat", "kuat"],
        "nilai": ["menilai"], "kembang": ["mengembangkan", "berkembang", "perkembangan"], "tegas": ["menegaskan", "tegas"],
        "lindung": ["melindungi"], "aman": ["keamanan", "aman"], "damai": ["perdamaian"], "tangan": ["penandatanganan"],
    }
    texts = [terms.normalise(d.title + " " + d.body) for d in docs]
    queries, expected = [], []
    for root_word, forms in families.items():
        holders = {str(n) for n, t in enumerate(texts) if any(f" {f}" in f" {t}" for f in forms + [root_word])}
        for form in forms:
            queries.append(form)
            expected.append(holders)
    (tmp_path / "q.json").write_text(json.dumps(queries), encoding="utf-8")
    rows = node("equivalence", str(out / "search" / "data"), str(out / "monolithic.json"), str(tmp_path / "q.json"))
    hit = total = 0
    misses = []
    for row, holders in zip(rows, expected):
        found = {ref for ref, _ in row["shard"]}
        hit += len(found & holders)
        total += len(holders)
        if holders - found:
            misses.append(row["q"])
    recall = hit / total
    with capsys.disabled():
        print(f"\ninflection recall on the seeds: {len(queries)} queries, {hit}/{total} = {recall:.2f}"
              + (f"; misses: {', '.join(misses)}" if misses else ""))
    assert recall >= 0.9


def decoded_as_the_browser_does(files: dict[str, bytes]) -> dict:
    """The shards, lengths and manifest read back into lunr's serialized
    index, as search-core.js's assemble reads them (written again here, in
    Python, so that what the files carry is checked on its own)."""
    manifest = json.loads(files["search/data/manifest.json"])
    lengths = json.loads(zlib.decompress(files["search/data/lengths.json.deflate"]))
    names = [name for name, _ in manifest["fields"]]
    entries = {}
    for path, data in files.items():
        if path.rsplit("/", 1)[-1].startswith("s"):
            entries.update(json.loads(zlib.decompress(data))["t"])
    first = {term: min(per_field[0] - 1 for per_field, _ in postings if per_field)
             for term, (_, postings) in entries.items()}
    in_order = sorted(entries, key=lambda term: (first[term], entries[term][0]))
    inverted, vectors = {}, {}
    for number, term in enumerate(in_order):
        postings = entries[term][1]
        with_term = sum(len(deltas) for deltas, _ in postings)
        idf = math.log(1 + abs((manifest["docs"] - with_term + 0.5) / (with_term + 0.5)))
        entry = {"_index": number}
        for f, (name, (deltas, tfs)) in enumerate(zip(names, postings)):
            doc, entry[name] = -1, {}
            boost, average = manifest["fields"][f][1], manifest["averages"][f]
            for delta, tf in zip(deltas, tfs):
                doc += delta
                entry[name][str(doc)] = {}
                score = idf * ((1.2 + 1) * tf) / (1.2 * (1 - 0.75 + 0.75 * (lengths[f][doc] / average)) + tf)
                vectors.setdefault(f"{name}/{doc}", []).append((number, round(score * boost, 3)))
        inverted[term] = entry
    return {"invertedIndex": [[term, inverted[term]] for term in sorted(inverted)],
            "fieldVectors": {ref: [v for pair in sorted(pairs) for v in pair] for ref, pairs in vectors.items()}}


@pytest.mark.parametrize("count, seed", [(300, 5), (250, 17)])
def test_the_shards_carry_lunr_py_s_index(count, seed):
    """What the browser receives: every term's postings, delta-coded, with
    their frequencies, each document's field lengths and the average ones.
    Decoded, numbered and weighed as search-core.js does it, they are
    lunr.py's inverted index and field vectors, weight for weight."""
    docs = search_docs(count, words=250, seed=seed)
    words = lunr_reference._words(docs)
    stems = terms.stem_map(lunr_reference.vocabulary_of(words))
    reference = lunr_reference.build_index(docs, stems, words).serialize()
    files = index.search_files(docs, {"publishers": [], "entity_ids": [], "entity_names": []}, stems).files
    ours = decoded_as_the_browser_does(files)
    assert ours["invertedIndex"] == reference["invertedIndex"]
    assert ours["fieldVectors"] == {ref: elements for ref, elements in reference["fieldVectors"] if elements}


def test_word_rows_kept_from_the_last_build_equal_fresh_ones():
    """The next build reads only the documents whose analysis changed; the
    rows it assembles are the ones reading every document gives."""
    from dataclasses import fields

    docs = search_docs(120, words=80, seed=9)
    counts = {f"k{n}": terms.word_counts(doc) for n, doc in enumerate(docs)}
    counts["k5-edited"] = terms.word_counts(docs[5]._replace(body=docs[5].body + " kata-kata sangat baru"))
    counts["added"] = terms.word_counts(docs[0]._replace(title="Judul yang belum pernah ada"))
    keys = [f"k{n}" for n in range(len(docs))]
    previous = postings.word_rows(keys, lambda wanted: [counts[k] for k in wanted])
    # An edit, a removal, an addition and two documents trading places.
    now = keys[:5] + ["k5-edited"] + keys[6:40] + [keys[41], keys[40]] + keys[42:90] + keys[91:] + ["added"]
    read = []

    def counts_of(wanted):
        read.extend(wanted)
        return [counts[k] for k in wanted]

    kept = postings.word_rows(now, counts_of, previous)
    fresh = postings.word_rows(now, lambda wanted: [counts[k] for k in wanted])
    assert read == ["k5-edited", "added"]
    for field in fields(postings.WordRows):
        ours, theirs = getattr(kept, field.name), getattr(fresh, field.name)
        assert (ours.tolist() if hasattr(ours, "tolist") else ours) == (
            theirs.tolist() if hasattr(theirs, "tolist") else theirs), field.name


def test_the_browser_rounds_weights_as_python_rounds(tmp_path):
    """lunr.py rounds each weight with round(x, 3); the browser must get the
    same number, where x * 1000 lies near a half too (rounding x * 1000
    would land on the other side) and where it is exactly a half (even)."""
    halves = [n / 1000 + 0.0005 for n in range(2000)]  # near-halves, mostly not exact in binary
    exact = [0.0625, 0.1875, 2.5625, 7.0625]  # exactly halfway at 3 places: half to even
    r = random.Random(11)
    values = halves + exact + [r.uniform(0, 60) for _ in range(20000)]
    (tmp_path / "values.json").write_text(json.dumps(values), encoding="utf-8")
    assert node("round", str(tmp_path / "values.json")) == [round(v, 3) for v in values]
    naive = [math.floor(v * 1000 + 0.5) / 1000 for v in halves]
    assert naive != [round(v, 3) for v in halves]  # the case the care is for


def test_the_browser_names_shard_files_as_python_does(tmp_path):
    """A shard's file is named after its first key; the browser finds it from
    the manifest's boundaries, so both sides must spell every key alike
    (apostrophes, letters outside a-z, astral characters), and no two keys alike."""
    keys = ["", "kazakhstan", "don't", "cafe\u0301", "\u00e9t\u00e9", "\u5317\u4eac", "\U0001d400x", "_1_", "1",
            "a_1_", "a\u0001"]
    (tmp_path / "keys.json").write_text(json.dumps(keys), encoding="utf-8")
    assert node("names", str(tmp_path / "keys.json")) == [shards.shard_name(key) for key in keys]
    assert len({shards.shard_name(key) for key in keys}) == len(keys)
    assert all(re.fullmatch(r"s-[a-z0-9_]*\.json\.deflate", shards.shard_name(key)) for key in keys)


def _indexed(docs: list[terms.SearchDoc], previous: index.SearchFiles | None = None) -> index.SearchFiles:
    """search_files as a build runs it: documents keyed by their content, the
    last build's state at hand."""
    keys = [f"{n}:{hash(doc)}" for n, doc in enumerate(docs)]
    counts = dict(zip(keys, map(terms.word_counts, docs)))
    state = previous.state if previous is not None else None
    rows = postings.word_rows(keys, lambda wanted: [counts[k] for k in wanted], state.rows if state else None)
    return index.search_files(docs, {"publishers": [], "entity_ids": [], "entity_names": []}, rows=rows,
                               previous=state)


@pytest.mark.parametrize("segment_keys", [shards.SEGMENT_KEYS, 5])
def test_a_patched_index_is_the_index_made_afresh(segment_keys, monkeypatch):
    """After each of a chain of edits (words added, dropped, reordered; new
    words; an article emptied; the first article changed; two at once; a new
    article after the others, as the newest is), the index patched from the
    last one has the shards a full build makes, byte for byte: the changed
    ones are written, the others are kept (their bytes as the last build
    wrote them). Short segments make new and lost segment starts common."""
    monkeypatch.setattr(shards, "SEGMENT_KEYS", segment_keys)
    r = random.Random(4)
    docs = search_docs(150, words=200, seed=3)
    last = _indexed(docs)
    site = dict(last.files)
    edits = 0
    patched_some = False
    while edits < 30:
        edited = list(docs)
        n = r.randrange(len(docs)) if edits % 10 else 0
        words = edited[n].body.split()
        kind = ["drop", "add", "shuffle", "new words", "empty", "two", "append"][edits % 7]
        if kind == "drop":
            words = words[:r.randrange(len(words) + 1)]
        elif kind == "add":
            words += [r.choice(["kerjasama", "bekerjasama", "Tiongkok", "yang", "Astana"]) for _ in range(3)]
        elif kind == "shuffle":
            r.shuffle(words)
        elif kind == "new words":
            words += [f"katabaru{edits}", f"don't{edits}", "\u00e9t\u00e9"]
        elif kind == "empty":
            words = []
        elif kind == "two":
            other = r.randrange(len(docs))
            edited[other] = edited[other]._replace(title=f"Judul lain {edits}")
        else:
            model = edited[r.randrange(len(docs))]
            edited.append(model._replace(title=f"Artikel baru {edits}", body=f"{model.body} katabaru{edits} Astana"))
        edited[n] = edited[n]._replace(body=" ".join(words))
        patched = _indexed(edited, last)
        afresh = _indexed(edited)
        assert patched.kept is not None
        if kind == "append":
            assert patched.kept, "an article added after the others is patched in, not indexed again"
        patched_some |= bool(patched.kept)
        files = {**{path: site[path] for path in patched.kept}, **patched.files}
        assert all(hashing.content_hash(site[path]) == hashed for path, hashed in patched.kept.items())
        assert sorted(files) == sorted(afresh.files), kind
        assert [path for path in files if files[path] != afresh.files[path]] == [], kind
        docs, last = edited, patched
        site = {path: text for path, text in files.items()}
        edits += 1
    assert patched_some
