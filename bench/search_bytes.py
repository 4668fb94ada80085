"""Bytes a search costs the reader, ours against Pagefind's, on one generated corpus.

    python bench/search_bytes.py 1000 10000

For each N: generate N articles (bench/synthetic.py), build our search files,
write the same articles as HTML and index them with Pagefind (PyPI
`pagefind[extended]`), then count what a first query fetches:
- ours: manifest, shards, facets and result data for the first ten results,
  gzip-compressed as GitHub Pages serves them (tests/js/search_check.js cost);
- Pagefind: everything its JS API fetches in headless Chromium for the same
  query and the data of its first ten results (its files are already
  compressed on disk, so the bytes on the wire are the file sizes).
Prints a table and writes bench/results/search_bytes.json.
"""
from __future__ import annotations

import gzip
import html
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import synthetic  # noqa: E402
from builder.search.index import search_files  # noqa: E402
from builder.search.shards import result_data, result_data_path  # noqa: E402
from tests.browser import browser, serve  # noqa: E402

ONE_WORD = ["kazakhstan", "keamanan", "presiden", "perdagangan", "pembangunan"]
TWO_WORDS = ["kerja sama", "hubungan internasional", "presiden putin"]
PAGEFIND = [str(ROOT / "bench" / ".venv" / "bin" / "python"), "-m", "pagefind"]  # make bench installs it


def ours(docs, work: Path) -> dict:
    started = time.perf_counter()
    files = search_files(docs, synthetic.facet_names(docs))
    seconds = time.perf_counter() - started
    for rel, data in files.files.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for number, doc in enumerate(docs):
        (work / result_data_path(number)).write_bytes(result_data(doc))
    queries = work / "queries.json"
    queries.write_text(json.dumps(ONE_WORD + TWO_WORDS), encoding="utf-8")
    rows = json.loads(subprocess.run(["node", str(ROOT / "tests/js/search_check.js"), "cost",
                                      str(work / "search/data"), str(queries)],
                                     capture_output=True, text=True, check=True).stdout)
    bundle = sum(len(gzip.compress(p.read_bytes(), 9)) for p in
                 [ROOT / "node_modules/lunr/lunr.min.js", ROOT / "themes/default/static/search-core.js",
                  ROOT / "themes/default/static/search.js"])
    total = sum(len(gzip.compress(p.read_bytes(), 9)) for p in (work / "search/data").iterdir())
    return {"seconds": seconds, "rows": rows, "scripts_gzip": bundle, "bundle_gzip": total, "shards": files.shards}


PROBE = """<!doctype html><meta charset="utf-8"><script type="module">
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
window.ask = async (q) => { const r = await pagefind.search(q); await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return r.results.length; };
window.ready = true;
</script>"""


def pagefind_queries(site: Path, queries: list[str]) -> list[dict]:
    """Index `site` with Pagefind, then ask each query from a fresh page in
    headless Chromium: results, files and bytes fetched from /pagefind/."""
    subprocess.run(PAGEFIND + ["--site", str(site), "--force-language", "id"], check=True, capture_output=True)
    (site / "probe.html").write_text(PROBE, encoding="utf-8")
    rows = []
    with serve(site, "/") as base, browser() as chromium:
        for query in queries:
            page = chromium.new_page()  # a fresh page: nothing cached, as a first query
            fetched: list[int] = []

            def count(response, f=fetched):
                if "/pagefind/" in response.url:
                    try:
                        f.append(len(response.body()))
                    except Exception:  # the page closed first
                        pass

            page.on("response", count)
            page.goto(base + "probe.html")
            page.wait_for_function("window.ready === true")
            results = page.evaluate("q => window.ask(q)", query)
            rows.append({"q": query, "results": results, "files": len(fetched), "bytes": sum(fetched)})
            page.close()
    return rows


def pagefind(docs, work: Path) -> dict:
    site = work / "site"
    for number, doc in enumerate(docs):
        page = site / f"a{number}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(doc.title)}</title>'
                        f"</head><body><main data-pagefind-body><h1>{html.escape(doc.title)}</h1>"
                        f"<p>{html.escape(doc.body)}</p></main></body></html>", encoding="utf-8")
    started = time.perf_counter()
    rows = pagefind_queries(site, ONE_WORD + TWO_WORDS)
    seconds = time.perf_counter() - started
    total = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    return {"seconds": seconds, "rows": rows, "bundle": total}


def main(sizes: list[int]) -> None:
    results = {}
    for n in sizes:
        print(f"N = {n}: generating, indexing (ours, then Pagefind)...", flush=True)
        docs = synthetic.search_docs(n, words=600, seed=1)
        with tempfile.TemporaryDirectory() as tmp:
            mine = ours(docs, Path(tmp) / "ours")
            theirs = pagefind(docs, Path(tmp) / "pagefind")
        results[n] = {"ours": mine, "pagefind": theirs}
        print(f"\n  {'query':<26}{'ours KB (gzip)':>16}{'index/facets/results':>22}{'pagefind KB':>13}{'ours results':>14}{'pf results':>12}")
        for a, b in zip(mine["rows"], theirs["rows"]):
            split = "/".join(f"{a['parts'][k] / 1024:.0f}" for k in ("index", "facets", "results"))
            print(f"  {a['q']:<26}{a['gzip'] / 1024:>16.1f}{split:>22}{b['bytes'] / 1024:>13.1f}{a['results']:>14}{b['results']:>12}")
        print(f"  scripts (ours, gzip): {mine['scripts_gzip'] / 1024:.1f} KB once; whole search bundle: ours "
              f"{mine['bundle_gzip'] / 1024:.0f} KB gzip in {mine['shards']} term shards, Pagefind {theirs['bundle'] / 1024:.0f} KB; "
              f"index time: ours {mine['seconds']:.1f} s, Pagefind (with the queries) {theirs['seconds']:.1f} s\n")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "search_bytes.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])
