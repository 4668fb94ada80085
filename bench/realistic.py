"""An archive that reads like this one at any size: articles made of the
seeds' own paragraphs, each mostly from one of them (so Tiongkok, Kazakhstan
and Xi Jinping are in most, as in a real archive on one subject), as long
as the seeds, with the real registry of content/entities.yaml. For the
benchmark's figures and the reader's budgets, not a test: make bench prints
its shape (words, entities, mentions, quotes per article, the share naming
the top 10 entities) beside the seeds'.

    python bench/realistic.py N FOLDER     (writes FOLDER/content, FOLDER/site.yaml)
"""
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHERS = ["Kompas.com", "ANTARA", "Tempo.co", "CNN Indonesia", "Republika", "detikNews", "Liputan6.com",
              "RIAU24.COM", "JurnalPatroliNews", "Kazinform", "Xinhua", "Bernama"]


def paragraphs() -> list[list[str]]:
    """Each curated article's body paragraphs (no headings, no notes)."""
    found = []
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        found.append([p.strip() for p in body.split("\n\n")
                      if len(p.split()) >= 15 and not p.lstrip().startswith(("#", "[^", ">", "-"))])
    return found


def write(folder: Path, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    sources = paragraphs()
    lengths = [sum(len(p.split()) for p in source) for source in sources]
    articles = folder / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name in ("entities.yaml", "abbreviations.yaml", "about.md"):
        shutil.copy(ROOT / "content" / name, folder / "content" / name)
    (folder / "site.yaml").write_text("title: Arsip Uji\nlanguage: id\nbase_url: https://example.org/arsip/\n",
                                      encoding="utf-8")
    start = dt.date(2021, 1, 1)
    for n in range(count):
        # A story told mostly from one source, as long as the seeds (a seed's
        # length, give or take 15%), with a few paragraphs from the others.
        main = rng.randrange(len(sources))
        target = lengths[rng.randrange(len(lengths))] * rng.uniform(0.85, 1.15)
        others = [p for k, source in enumerate(sources) if k != main for p in source]
        chosen = [p for p in sources[main] if rng.random() < 0.75] + rng.sample(others, rng.randint(1, 2))
        while sum(len(c.split()) for c in chosen) > target and len(chosen) > 4:
            chosen.pop(rng.randrange(len(chosen)))
        while sum(len(c.split()) for c in chosen) < 0.9 * target:
            chosen.append(rng.choice(others))
        title = re.sub(r"[^\w\s-]", "", " ".join(chosen[0].split()[:rng.randint(6, 10)]))
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        front = (f"---\ntitle: \"{title}\"\ndate: {day.isoformat()}\ndate_source: stated\n"
                 f"publisher: {rng.choice(PUBLISHERS)}\nlanguage: id\n---\n\n")
        (articles / f"r{n:05d}.md").write_text(front + "\n\n".join(chosen) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
