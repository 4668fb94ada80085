"""An archive that reads like this one at any size: articles made of the
seeds' own paragraphs, each mostly from one of them (so Tiongkok, Kazakhstan
and Xi Jinping are in most, as in a real archive on one subject), as long
as the seeds, with the real registry of content/entities.yaml.

A registry grows with its archive, and most of what it holds is rare: a
commentator quoted twice, a town one visit went to. So beside the seeds'
59 entries there is a long tail, one generated entry per five articles
(people, organisations, places), each article naming one to four of them
in a paragraph of its own, drawn by a Zipf law: the most named of the tail
are in a few percent of the articles, most in two or three. Without it the
least named entity was in 17% of the articles, and nothing measured what
a change to a rare entry costs.

For the benchmark's figures and the reader's budgets, not a test: make
bench prints its shape (words, entities, mentions, quotes per article, the
share naming the top 10 entities, the registry's size and its share named
in under 1% of the articles) beside the seeds'.

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
    """Each curated article's body paragraphs (no headings, no notes, and so
    no references to notes: they would show as written)."""
    found = []
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        found.append([re.sub(r"\[\^[^\]]+\]", "", p.strip()) for p in body.split("\n\n")
                      if len(p.split()) >= 15 and not p.lstrip().startswith(("#", "[^", ">", "-"))])
    return found


TAIL_PER_ARTICLES = 5  # one rare entry in the registry per this many articles
_SYLLABLES = ("ka", "ri", "san", "to", "mu", "lan", "de", "wi", "ra", "no", "sa", "ti", "bu", "dar", "jo", "ko",
              "ni", "pra", "se", "ta", "yu", "ga", "lo", "me", "ar", "in", "ve", "hu", "pe", "gor", "sel", "vi")
_KINDS = (  # type, share, how a name is made (from made-up words and a choice), sentences naming it
    ("person", 0.5, lambda word, pick: f"{word(2)} {word(3)}",
     ("{name} menilai perkembangan itu patut dicermati.", "Hal itu disampaikan {name} kepada wartawan.",
      "Menurut {name}, kerja sama kedua negara terus berkembang.")),
    ("organisation", 0.25, lambda word, pick: f"{pick(('Lembaga', 'Yayasan', 'Institut', 'Dewan'))} {word(3)}",
     ("Laporan {name} mencatat peningkatan perdagangan di kawasan.",
      "Perwakilan {name} turut hadir dalam pertemuan tersebut.")),
    ("place", 0.25, lambda word, pick: word(3),
     ("Delegasi juga singgah di {name}.", "Pertemuan serupa pernah digelar di {name}.")),
)


def long_tail(rng: random.Random, size: int) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """`size` generated entries (id, name, type, sentences), most named first."""
    def word(syllables: int) -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()

    entries, seen = [], set()
    while len(entries) < size:
        roll = rng.random()
        for kind, share, make, sentences in _KINDS:
            roll -= share
            if roll < 0 or kind == _KINDS[-1][0]:
                break
        name = make(word, rng.choice)
        entity_id = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        if entity_id not in seen:
            seen.add(entity_id)
            entries.append((entity_id, name, kind, sentences))
    return entries


def tail_registry(entries: list[tuple[str, str, str, tuple[str, ...]]]) -> str:
    labels = {"person": "Tokoh", "organisation": "Organisasi", "place": "Tempat"}
    return "\n# ------------------------------------------------------------------ the long tail (generated)\n" + "".join(
        f"- id: {entity_id}\n  name: {name}\n  type: {kind}\n"
        f"  description: {labels[kind]} yang jarang disebut dalam arsip uji.\n\n"
        for entity_id, name, kind, _ in entries)


def write(folder: Path, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    tail = long_tail(rng, max(1, count // TAIL_PER_ARTICLES))
    weights = [1 / (rank + 10) for rank in range(len(tail))]  # Zipf, its head flattened
    sources = paragraphs()
    lengths = [sum(len(p.split()) for p in source) for source in sources]
    articles = folder / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for name in ("entities.yaml", "abbreviations.yaml", "about.md"):
        shutil.copy(ROOT / "content" / name, folder / "content" / name)
    with (folder / "content" / "entities.yaml").open("a", encoding="utf-8") as registry:
        registry.write(tail_registry(tail))
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
        named = {tail[k] for k in rng.choices(range(len(tail)), weights, k=rng.randint(1, 4))}
        rare = " ".join(rng.choice(sentences).format(name=name) for _, name, _, sentences in sorted(named))
        chosen.insert(rng.randint(1, len(chosen)), rare)
        title = re.sub(r"[^\w\s-]", "", " ".join(chosen[0].split()[:rng.randint(6, 10)]))
        day = start + dt.timedelta(days=rng.randrange(5 * 365))
        front = (f"---\ntitle: \"{title}\"\ndate: {day.isoformat()}\ndate_source: stated\n"
                 f"publisher: {rng.choice(PUBLISHERS)}\nlanguage: id\n---\n\n")
        (articles / f"r{n:05d}.md").write_text(front + "\n\n".join(chosen) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[2]), int(sys.argv[1]))
