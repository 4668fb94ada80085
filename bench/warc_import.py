"""How long importing a web archive takes beside the same articles as text,
and whether memory grows with the archive: figures, not a test.

    python bench/warc_import.py [N]        (default N = 1000)

Writes N article pages (a site's page: navigation, headline, date, eight
paragraphs from the seeds' own sentences, related links, comments, footer)
into one .warc.gz and as N .txt seeds, imports each with `ingest` in a fresh
process and prints wall time and peak memory (fastest of three rounds); then imports an archive four
times as large, to show memory does not grow with the file.
"""
from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"


def sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    return [" ".join(s.split()) for s in re.split(r"(?<=[.!?])\s+", text)
            if 8 <= len(s.split()) <= 40 and not re.search(r"\d{4}|\*\*\*|\n", s)]  # no dates, no lines run together


def articles(count: int, seed: int = 7) -> list[tuple[str, str, list[str]]]:
    rng = random.Random(seed)
    pool = sentences()
    out = []
    for n in range(count):
        title = f"Laporan Kerja Sama Kawasan Nomor {n} " + " ".join(rng.sample(pool, 1)[0].split()[:5])
        paragraphs = [" ".join(rng.sample(pool, 3)) for _ in range(8)]
        out.append((f"https://warta-contoh.id/berita/{n}", title, paragraphs))
    return out


def page(title: str, paragraphs: list[str], day: int) -> bytes:
    related = "".join(f'<li><a href="/r{i}">Berita lain nomor {i} tentang kawasan</a></li>' for i in range(8))
    body = "".join(f"<p>{p}</p>" for p in paragraphs[1:])
    return (f'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{title} | Warta Contoh</title>'
            f'<meta property="og:site_name" content="Warta Contoh">'
            f'<meta property="article:published_time" content="2024-05-{day:02d}T10:00:00+07:00"></head><body>'
            '<nav><a href="/">Beranda</a> <a href="/dunia">Dunia</a> <a href="/ekonomi">Ekonomi</a></nav>'
            f'<article><h1>{title}</h1><p>JAKARTA - {paragraphs[0]}</p>{body}</article>'
            f'<aside><h3>Berita Terkait</h3><ul>{related}</ul></aside>'
            '<section><h3>Komentar</h3><p>Pembaca: tulisan yang bagus.</p></section>'
            '<footer>Copyright 2024 Warta Contoh</footer></body></html>').encode("utf-8")


def write(folder: Path, count: int, kind: str) -> None:
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    items = articles(count)
    if kind == "text":
        for n, (_, title, paragraphs) in enumerate(items):
            text = f"{title}\nSenin, {n % 28 + 1} Mei 2024 10:00 WIB\nJAKARTA - " + "\n".join(paragraphs) + "\n"
            (seeds / f"{n:05d}.txt").write_text(text, encoding="utf-8")
        return
    with (seeds / "crawl.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n, (url, title, paragraphs) in enumerate(items):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", http_headers=headers,
                                                          payload=io.BytesIO(page(title, paragraphs, n % 28 + 1))))


def timed_ingest(folder: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of `ingest`, in a process of its own."""
    started = time.perf_counter()
    process = subprocess.Popen([str(PYTHON), "-m", "builder", "ingest", "-q", "--seeds", str(folder / "seeds"),
                                "--content", str(folder / "content")], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise RuntimeError(f"ingest failed in {folder}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main(count: int, rounds: int = 3) -> None:
    """Each import is run `rounds` times, alternating, and its fastest run
    kept: the machine is shared, so one slow round says little."""
    with tempfile.TemporaryDirectory() as tmp:
        plans = []
        for label, kind, n in (("text seeds", "text", count), ("web archive", "warc", count),
                               ("web archive x4", "warc", 4 * count)):
            folder = Path(tmp) / f"{kind}-{n}"
            write(folder, n, kind)
            plans.append((label, n, folder, sum(p.stat().st_size for p in (folder / "seeds").iterdir()) / 1e6))
        best: dict[str, tuple[float, float, int]] = {}
        for _ in range(rounds):
            for label, n, folder, _size in plans:
                shutil.rmtree(folder / "content", ignore_errors=True)
                wall, peak = timed_ingest(folder)
                made = len(list((folder / "content" / "articles").glob("*.md")))
                if label not in best or wall < best[label][0]:
                    best[label] = (wall, peak, made)
    print(f"{'import':<16} {'pages':>6} {'MB':>7} {'articles':>9} {'seconds':>8} {'ms/page':>8} {'peak MB':>8}")
    for label, n, _, size in plans:
        wall, peak, made = best[label]
        print(f"{label:<16} {n:>6} {size:>7.1f} {made:>9} {wall:>8.1f} {1000 * wall / n:>8.1f} {peak:>8.0f}")
    print(f"(fastest of {rounds} rounds; peak MB: the ingest process's largest resident size; the x4 row shows "
          "whether it grows with the file)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
