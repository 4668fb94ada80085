"""An archive that reads like this one at any size: articles made of the
seeds' own paragraphs (so Tiongkok, Kazakhstan and Xi Jinping are in most
of them, as in a real archive on one subject), with the real registry of
content/entities.yaml. For size and budget figures, not a test.

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


def paragraphs() -> list[str]:
    """Every body paragraph of the curated articles (no headings, no notes)."""
    found = []
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        found += [p.strip() for p in body.split("\n\n")
                  if len(p.split()) >= 15 and not p.lstrip().startswith(("#", "[^", ">", "-"))]
    return found


def write(folder: Path, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    pool = paragraphs()
    articles = folder / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name in ("entities.yaml", "abbreviations.yaml", "about.md"):
        shutil.copy(ROOT / "content" / name, folder / "content" / name)
    (folder / "site.yaml").write_text("title: Arsip Uji\nlanguage: id\nbase_url: https://example.org/arsip/\n",
                                      encoding="utf-8")
    start = dt.date(2021, 1, 1)
    for n in range(count):
        chosen = rng.sample(pool, rng.randint(6, 10))
        title = re.sub(r"[^\w\s-]", "", " ".join(chosen[0].split()[:rng.randint(6, 10)]))
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        front = (f"---\ntitle: \"{title}\"\ndate: {day.isoformat()}\ndate_source: stated\n"
                 f"publisher: {rng.choice(PUBLISHERS)}\nlanguage: id\n---\n\n")
        (articles / f"r{n:05d}.md").write_text(front + "\n\n".join(chosen) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
