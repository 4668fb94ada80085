"""make bench: how fast the builder is, against Pelican, Hugo and Pagefind, in one run.

    python bench/run.py [N ...]        (make bench; default N = 1000 10000)

For each N, two seeded archives: the realistic one (bench/realistic.py:
articles made of the curated articles' own paragraphs with the real
registry, so a few entities are in nearly every article and each article
names about 17, as in an archive on one subject) and the sparse one of
earlier figures (bench/synthetic.py, write_archive: ~600-word articles,
3-10 mentions each of a 1,000-entity registry). Each is built:
- by us: cold (no output), warm (nothing changed), after editing one
  article's body, after adding one new article, after changing one
  entity's aliases, after changing one template: wall and CPU seconds, peak
  RSS of the build process (warm and one-article: the median of 3 runs,
  each editing another article);
- by Pelican (PyPI) and Hugo (Debian's package, when it installs) from the
  same articles, written as their Markdown;
- by Pagefind, indexing our built site, for bytes per query against ours;
- by bench/floor.py, the least a Python builder does (parse, python-markdown,
  a one-line template, write; then the same without Markdown) on every core:
  how near any Python builder can come to Pelican and Hugo in this run.
The reader's budgets (bench/budgets.py: page sizes, clicks, pictures, the
whole site) and the preview's costs (bench/preview.py: CPU while idle, and
seconds from saving an edit to the open page showing it) are measured on
the realistic archive, and the archives' shape
(words, entities, mentions and quotes per article, the share of articles
naming the top 10 entities) is printed beside the seeds'.
Figures are printed as a table and written to bench/results/latest.json.
No test asserts a time: these machines are shared and noisy, so compare the
ratios measured in one run.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import budgets, preview, realistic  # noqa: E402
from bench.processes import process_tree  # noqa: E402
from bench.search_bytes import ONE_WORD, TWO_WORDS  # noqa: E402
from bench.synthetic import write_archive  # noqa: E402

OUR_PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_PYTHON = ROOT / "bench" / ".venv" / "bin" / "python"
WORK = ROOT / "bench" / "work"


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """(the largest, the sum) of the resident memory of a process and all
    its descendants now, in MB, from /proc."""
    sizes = []
    for current in process_tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        sizes.append(int(found.group(1)) / 1024 if found else 0.0)
    return max(sizes, default=0.0), sum(sizes)


def measured(command: list[str], cwd: Path) -> dict:
    """Run a command; its wall and CPU seconds, the peak resident memory of
    its own process, and (sampled every 0.1 s) of it and its workers together."""
    import threading

    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=errors)
        peak_together, done = [0.0], threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                peak_together[0] = max(peak_together[0], tree_rss_mb(process.pid)[1])

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode()[-2000:]}")
        output.seek(0)
        printed = output.read().decode("utf-8", "replace")
    # Our builder's --timings lines: "  stage name     1.23 s"
    stages = {line[:24].strip(): float(line[24:].split()[0]) for line in printed.splitlines()
              if line.startswith("  ") and line.rstrip().endswith(" MB")}
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "rss_together_mb": peak_together[0], "stages": stages}


# The quick scenarios (nothing changed, one article edited, one added) are run this many
# times and the median reported: one run of a 3-second build moves by a
# fifth on these machines. The long ones run once.
REPEATS = 3


def median_run(runs: list[dict]) -> dict:
    """The run with the median wall time, and every run's wall time."""
    middle = sorted(runs, key=lambda run: run["wall"])[len(runs) // 2]
    return {**middle, "walls": [run["wall"] for run in runs]}


def ours(folder: Path) -> list[str]:
    return [str(OUR_PYTHON), "-m", "builder", "build", "--timings", "--content", "content", "--config", "site.yaml",
            "--output", "site"]


def scenarios(folder: Path) -> dict:
    """Cold, warm and incremental builds of our builder."""
    shutil.rmtree(folder / "site", ignore_errors=True)
    out = {"cold": measured(ours(folder), folder)}
    out["warm"] = median_run([measured(ours(folder), folder) for _ in range(REPEATS)])
    articles = sorted((folder / "content" / "articles").glob("*.md"))
    edits = []
    for article in articles[len(articles) // 2:][:REPEATS]:  # a different article each time
        article.write_text(article.read_text(encoding="utf-8") + "\nSatu kalimat tambahan dari redaksi.\n",
                           encoding="utf-8")
        edits.append(measured(ours(folder), folder))
    out["one_article"] = median_run(edits)
    newest = max(articles, key=lambda p: re.search(r"^date: *'?([\d-]+)", p.read_text(encoding="utf-8"), re.M).group(1))
    additions = []
    for number in range(REPEATS):  # each a new one, with the newest date: where new articles go
        (newest.parent / f"zz-bench-new-{number}.md").write_text(newest.read_text(encoding="utf-8").replace(
            "title: ", f"title: Baru {number} ", 1), encoding="utf-8")
        additions.append(measured(ours(folder), folder))
    out["new_article"] = median_run(additions)
    add_alias(folder / "content" / "entities.yaml", rarest_entity(folder / "site"))
    out["alias"] = measured(ours(folder), folder)
    themes = folder / "themes"
    if not themes.exists():
        shutil.copytree(ROOT / "themes", themes)
    template = themes / "default" / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# changed by the benchmark #}\n", encoding="utf-8")
    out["template"] = measured(ours(folder), folder)
    return out


def rarest_entity(site: Path) -> str:
    """The entity named in the fewest articles (at least one), from the data export."""
    named: dict[str, int] = {}
    for part in site.glob("data/articles-*.json"):
        for row in json.loads(part.read_text(encoding="utf-8"))["articles"]:
            for entity in row["entities"]:
                named[entity] = named.get(entity, 0) + 1
    return min(named, key=lambda e: (named[e], e))


def add_alias(registry: Path, entity_id: str) -> None:
    """A new alias for one entry, whichever way its aliases are written."""
    text = registry.read_text(encoding="utf-8")
    start = text.index(f"- id: {entity_id}\n")
    end = text.find("\n- id:", start)
    entry = text[start:end if end >= 0 else len(text)]
    if "\n  aliases: [" in entry:
        changed = entry.replace("\n  aliases: [", "\n  aliases: [Alias Bench Baru, ", 1)
    elif "\n  aliases:\n" in entry:
        changed = entry.replace("\n  aliases:\n", "\n  aliases:\n  - Alias Bench Baru\n", 1)
    else:
        changed = entry.replace("\n", "\n  aliases: [Alias Bench Baru]\n", 1)
    registry.write_text(text[:start] + changed + text[start + len(entry):], encoding="utf-8")


def output_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    search = [p for p in (site / "search" / "data").iterdir()]
    queries = site.parent / "queries.json"
    queries.write_text(json.dumps(ONE_WORD + TWO_WORDS), encoding="utf-8")
    rows = json.loads(subprocess.run(["node", str(ROOT / "tests/js/search_check.js"), "cost", str(site / "search" / "data"),
                                      str(queries)], capture_output=True, text=True, check=True).stdout)
    one = sorted(r["gzip"] for r in rows if " " not in r["q"])
    two = sorted(r["gzip"] for r in rows if " " in r["q"])
    return {
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "files": len(files),
        "output_mb": sum(p.stat().st_size for p in files) / 2**20,
        "query_bytes_one_word": one[len(one) // 2],
        "query_bytes_two_words": two[len(two) // 2],
        "search_bundle_mb": sum(len(gzip.compress(p.read_bytes(), 6)) for p in search) / 2**20,
    }


def pelican(folder: Path) -> float | None:
    """Pelican 4 on the same articles, as its Markdown with metadata lines."""
    if not BENCH_PYTHON.exists():
        return None
    site = folder / "pelican"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    for path in sorted((folder / "content" / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        front, body = text[4:].split("\n---\n", 1)
        title = next(line for line in front.splitlines() if line.startswith("title:"))[6:].strip()
        date = next(line for line in front.splitlines() if line.startswith("date:"))[5:].strip().strip("'")
        (site / "content" / path.name).write_text(f"Title: {title}\nDate: {date}\nCategory: berita\nSlug: {path.stem}\n\n{body}",
                                                  encoding="utf-8")
    (site / "pelicanconf.py").write_text("SITENAME = 'Bench'\nPATH = 'content'\nTIMEZONE = 'UTC'\nDEFAULT_LANG = 'id'\n"
                                         "LOAD_CONTENT_CACHE = False\nFEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\n",
                                         encoding="utf-8")
    pelican_bin = BENCH_PYTHON.parent / "pelican"
    return measured([str(pelican_bin), "content", "-o", "output", "-s", "pelicanconf.py", "-q"], site)["wall"]


def hugo(folder: Path) -> float | None:
    """Hugo (Debian's package) on the same articles, with minimal layouts."""
    if shutil.which("hugo") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], capture_output=True)
    if shutil.which("hugo") is None:
        return None
    site = folder / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    for path in sorted((folder / "content" / "articles").glob("*.md")):
        shutil.copy(path, site / "content" / "posts" / path.name)
    (site / "hugo.toml").write_text("baseURL = 'https://example.org/'\ntitle = 'Bench'\nlanguageCode = 'id'\n"
                                    "disableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n", encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(
        "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1><time>{{ .Date }}</time>{{ .Content }}",
        encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(
        "<!doctype html><title>{{ .Title }}</title><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>"
        "{{ end }}</ul>", encoding="utf-8")
    return measured(["hugo", "--quiet", "--destination", "public"], site)["wall"]


def python_floor(folder: Path, *options: str) -> float:
    """bench/floor.py's wall seconds on this archive (see its docstring)."""
    command = [str(OUR_PYTHON), str(ROOT / "bench" / "floor.py"), str(folder), str(folder / "floor"), *options]
    wall = measured(command, folder)["wall"]
    shutil.rmtree(folder / "floor")
    return wall


def pagefind_bytes(folder: Path) -> int | None:
    """Pagefind over our built site; median bytes a first one-word query fetches in Chromium."""
    if not BENCH_PYTHON.exists():
        return None
    from bench.search_bytes import pagefind_queries

    site = folder / "pagefind-site"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(folder / "site", site, ignore=shutil.ignore_patterns("search", "data", "static"))
    sizes = sorted(row["bytes"] for row in pagefind_queries(site, ONE_WORD))
    return sizes[len(sizes) // 2]


ARCHIVES = {"realistic": realistic.write, "sparse": write_archive}


def bench(n: int, kind: str) -> dict:
    folder = WORK / f"{kind}-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    print(f"N = {n}, {kind}: generating the archive...", flush=True)
    ARCHIVES[kind](folder, n)
    print(f"N = {n}, {kind}: our builds (cold, warm, one article, a new one, one alias, one template)...", flush=True)
    runs = scenarios(folder)
    figures = output_figures(folder / "site")
    shape = archive_shape(folder)
    reader = previewed = None
    if kind == "realistic":
        print(f"N = {n}, {kind}: the reader's budgets...", flush=True)
        reader = budgets.measure(folder / "site")
        print(f"N = {n}, {kind}: the preview, idle for a minute, then three edits...", flush=True)
        previewed = preview.measure(folder)
    print(f"N = {n}: Pelican, Hugo, the Python floor, Pagefind...", flush=True)
    pelican_s, hugo_s = pelican(folder), hugo(folder)
    floor_s, floor_no_markdown_s = python_floor(folder), python_floor(folder, "--no-markdown")
    pagefind_q = pagefind_bytes(folder)
    return {
        "n": n, "archive": kind, "shape": shape, "budgets": reader, "preview": previewed,
        "cold_s": runs["cold"]["wall"], "cold_cpu_s": runs["cold"]["cpu"], "peak_rss_mb": runs["cold"]["rss_mb"],
        "peak_rss_together_mb": runs["cold"]["rss_together_mb"],
        "ms_per_article": runs["cold"]["wall"] * 1000 / n,
        "warm_s": runs["warm"]["wall"], "one_article_s": runs["one_article"]["wall"],
        "new_article_s": runs["new_article"]["wall"],
        "warm_runs_s": runs["warm"]["walls"], "one_article_runs_s": runs["one_article"]["walls"],
        "new_article_runs_s": runs["new_article"]["walls"],
        "alias_change_s": runs["alias"]["wall"], "template_change_s": runs["template"]["wall"],
        **figures,
        "pelican_s": pelican_s, "hugo_s": hugo_s, "pagefind_query_bytes_one_word": pagefind_q,
        "python_floor_s": floor_s, "python_floor_no_markdown_s": floor_no_markdown_s,
        "cold_stages_s": runs["cold"]["stages"], "one_article_stages_s": runs["one_article"]["stages"],
        "new_article_stages_s": runs["new_article"]["stages"],
    }


def archive_shape(folder: Path) -> dict:
    """Medians per article (words, entities, mentions, quotes), the share
    of articles naming each of the 10 most named entities, the registry's
    entries and the share of them named in under 1% of the articles (or in
    none), from the built site's data export: what makes an archive dense
    or sparse."""
    import csv
    import statistics

    words = [len(p.read_text(encoding="utf-8").split("\n---\n", 1)[-1].split())
             for p in (folder / "content" / "articles").glob("*.md")]
    rows = [row for part in sorted((folder / "site" / "data").glob("articles-*.json"))
            for row in json.loads(part.read_text(encoding="utf-8"))["articles"]]
    mentions: dict[str, int] = {}
    for part in sorted((folder / "site" / "data").glob("mentions-*.csv")):
        with part.open(encoding="utf-8", newline="") as lines:
            for row in csv.DictReader(lines):
                mentions[row["article"]] = mentions.get(row["article"], 0) + 1
    named: dict[str, int] = {}
    for row in rows:
        for entity in row["entities"]:
            named[entity] = named.get(entity, 0) + 1
    top = sorted(named.values(), reverse=True)[:10]
    registry = (folder / "content" / "entities.yaml").read_text(encoding="utf-8").count("\n- id: ")
    return {"articles": len(rows), "words": statistics.median(words), "registry": registry,
            "rare_share": round((registry - len(named) + sum(count < len(rows) / 100 for count in named.values()))
                                / registry, 2),
            "entities": statistics.median(len(r["entities"]) for r in rows),
            "mentions": statistics.median(mentions.get(r["slug"], 0) for r in rows),
            "quotes": statistics.median(len(r["quotes"]) for r in rows),
            "top10_share": [round(count / len(rows), 2) for count in top]}


def seeds_shape() -> dict:
    """archive_shape of the curated archive: the five seeds, built as `make site` does."""
    folder = WORK / "seeds"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "site.yaml", folder / "site.yaml")
    measured(ours(folder), folder)
    return archive_shape(folder)


def main(sizes: list[int]) -> None:
    # Bytecode for the builder, as any installed package has (pip compiles
    # what it installs, Pelican included). Ours is installed editable, and
    # where PYTHONDONTWRITEBYTECODE is set (these machines) every process of
    # every build would compile the builder's modules again: 0.13 s each.
    subprocess.run([str(OUR_PYTHON), "-m", "compileall", "-q", str(ROOT / "builder")], check=True)
    results = [bench(n, kind) for kind in ARCHIVES for n in sizes]
    seeds = seeds_shape()
    print("\nshape of the archives (medians per article; share of articles naming the top 10 entities; "
          "entries of the registry, share of them in under 1% of the articles)")
    for label, shape in [("seeds", seeds)] + [(f"{r['archive']} {r['n']:,}", r["shape"]) for r in results]:
        print(f"  {label:18} words {shape['words']:>5.0f}  entities {shape['entities']:>4.0f}  mentions "
              f"{shape['mentions']:>4.0f}  quotes {shape['quotes']:>3.0f}  top 10: "
              + " ".join(f"{share:.2f}" for share in shape["top10_share"])
              + f"  registry {shape['registry']:>5}, rare {shape['rare_share']:.0%}")
    for r in results:
        if r["budgets"]:
            print(f"\nreader's budgets, {r['archive']} archive of {r['n']:,}")
            print("\n".join(budgets.report(r["budgets"])))
    for r in results:
        if r["preview"]:
            p = r["preview"]
            print(f"\npreview ({r['archive']} archive of {r['n']:,}): idle {p['idle_core_share']:.2%} of a core over a "
                  f"minute; an edit in the open page {p['edit_shown_s']:.2f} s after saving (median; runs "
                  + ", ".join(f"{s:.2f}" for s in p["edit_shown_runs_s"]) + " s)")
    print(f"\n{'':30}" + "".join(f"{r['archive'][:6] + ' ' + format(r['n'], ','):>14}" for r in results))
    rows = [("cold build, s", "cold_s", "{:.1f}"), ("  CPU, s", "cold_cpu_s", "{:.1f}"),
            ("  ms per article", "ms_per_article", "{:.1f}"), ("  peak RSS, one process, MB", "peak_rss_mb", "{:.0f}"),
            ("  all its processes, MB", "peak_rss_together_mb", "{:.0f}"),
            ("warm, nothing changed, s", "warm_s", "{:.1f}"), ("one article edited, s", "one_article_s", "{:.1f}"),
            ("one new article, s", "new_article_s", "{:.1f}"),
            ("an alias, rarest entity, s", "alias_change_s", "{:.1f}"), ("one template, s", "template_change_s", "{:.1f}"),
            ("pages", "pages", "{:,}"), ("output, MB", "output_mb", "{:.0f}"),
            ("search: one word, KB gzip", "query_bytes_one_word", "{}"), ("search: two words, KB gzip", "query_bytes_two_words", "{}"),
            ("search bundle, MB gzip", "search_bundle_mb", "{:.1f}"), ("Pelican, s", "pelican_s", "{:.1f}"),
            ("Hugo, s", "hugo_s", "{:.1f}"), ("Python floor, s", "python_floor_s", "{:.1f}"),
            ("  without Markdown, s", "python_floor_no_markdown_s", "{:.1f}"),
            ("Pagefind: one word, KB", "pagefind_query_bytes_one_word", "{}")]
    for label, key, form in rows:
        cells = []
        for r in results:
            value = r[key]
            if value is None:
                cells.append("n/a")
            elif key.startswith(("query_bytes", "pagefind_query")):
                cells.append(f"{value / 1024:.0f}")
            else:
                cells.append(form.format(value))
        print(f"{label:30}" + "".join(f"{c:>14}" for c in cells))
    for kind in ("cold_stages_s", "one_article_stages_s", "new_article_stages_s"):
        print(f"\n{kind.removesuffix('_stages_s').replace('_', ' ')} build by stage, s" + "".join(" " * 14 for _ in results[1:]))
        for stage in results[-1][kind]:
            print(f"  {stage:28}" + "".join(f"{r[kind].get(stage, 0):>14.1f}" for r in results))
    print()
    for r in results:
        ratios = []
        for name, key in (("Hugo", "hugo_s"), ("Pelican", "pelican_s")):
            if r[key]:
                ratios.append(f"cold/{name} {r['cold_s'] / r[key]:.2f} (Python floor/{name} "
                              f"{r['python_floor_s'] / r[key]:.2f}, without Markdown "
                              f"{r['python_floor_no_markdown_s'] / r[key]:.2f})")
        ratios.append(f"one article/cold {r['one_article_s'] / r['cold_s']:.1%} "
                      f"(runs: {', '.join(f'{wall:.2f}' for wall in r['one_article_runs_s'])} s)")
        ratios.append(f"new article/cold {r['new_article_s'] / r['cold_s']:.1%} "
                      f"(runs: {', '.join(f'{wall:.2f}' for wall in r['new_article_runs_s'])} s)")
        ratios.append(f"alias/cold {r['alias_change_s'] / r['cold_s']:.1%}")
        if r["pagefind_query_bytes_one_word"]:
            ratios.append(f"query bytes ours/Pagefind {r['query_bytes_one_word'] / r['pagefind_query_bytes_one_word']:.2f}")
        print(f"N = {r['n']:,}, {r['archive']}: " + "; ".join(ratios))
    for kind in ARCHIVES:
        mine = [r for r in results if r["archive"] == kind]
        if len(mine) > 1:
            print(f"scaling, {kind}: ms per article at {mine[-1]['n']:,} / at {mine[0]['n']:,} = "
                  f"{mine[-1]['ms_per_article'] / mine[0]['ms_per_article']:.2f}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(f"written: {out / 'latest.json'}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
