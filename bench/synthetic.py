"""Synthetic Indonesian news archives, seeded, for tests and benchmarks.

Articles are assembled from the seeds' vocabulary, plus new words that keep
appearing as an archive grows (affixed variants and new names), numbers
written the Indonesian way ("446,10", "1.369.640"), and dates over 2015-2025.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

from builder.search.terms import SearchDoc

_SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"
_PREFIXES = ("", "", "", "me", "mem", "men", "meng", "ber", "di", "ter", "pe", "pen", "per", "ke", "se")
_SUFFIXES = ("", "", "", "kan", "an", "i", "nya", "lah")
_SYLLABLES = ("ka", "ra", "ma", "ta", "sa", "ni", "lo", "be", "ju", "pe", "to", "ku", "ri", "an", "ung", "ang", "ing")


def seed_vocabulary() -> list[str]:
    words: list[str] = []
    for path in sorted(_SEED_DIR.glob("*.txt")):
        words += re.findall(r"[A-Za-z][A-Za-z'-]*", path.read_text(encoding="utf-8"))
    return words


class Generator:
    """Deterministic for a given seed: same arguments, same archive."""

    def __init__(self, seed: int = 1):
        self.random = random.Random(seed)
        self.words = seed_vocabulary()
        self.new_words: list[str] = []

    def _new_word(self) -> str:
        r = self.random
        if r.random() < 0.5 and self.words:
            root = r.choice(self.words).lower().strip("'-")
            return r.choice(_PREFIXES) + root + r.choice(_SUFFIXES)
        name = "".join(r.choice(_SYLLABLES) for _ in range(r.randint(2, 4)))
        return name.capitalize() if r.random() < 0.4 else name

    def _number(self) -> str:
        r = self.random
        kind = r.random()
        if kind < 0.4:
            return str(r.randint(1, 2030))
        if kind < 0.7:
            return f"{r.randint(1, 999)},{r.randint(0, 99):02d}"
        return f"{r.randint(1, 9)}.{r.randint(0, 999):03d}.{r.randint(0, 999):03d}"

    def text(self, words: int) -> str:
        r = self.random
        self.new_words += [self._new_word() for _ in range(3)]  # vocabulary grows with the archive
        out = []
        for _ in range(words):
            roll = r.random()
            if roll < 0.04:
                out.append(self._number())
            elif roll < 0.12 and self.new_words:
                out.append(r.choice(self.new_words))
            else:
                out.append(r.choice(self.words))
            if r.random() < 0.06:
                out[-1] += "."
        return " ".join(out)

    def date(self) -> dt.date:
        return dt.date(2015, 1, 1) + dt.timedelta(days=self.random.randrange(4017))


def registry(gen: Generator, size: int = 1000) -> list[tuple[str, tuple[str, ...]]]:
    """(id, names) for `size` generated entities, each with one or two aliases."""
    out, taken = [], set()
    for number in range(size):
        name = ""
        while not name or name in taken:  # names and aliases must be unique, as the registry requires
            name = " ".join("".join(gen.random.choice(_SYLLABLES) for _ in range(gen.random.randint(2, 3))).capitalize()
                            for _ in range(gen.random.randint(1, 3)))
        alias = "".join(w[0] for w in name.split()).upper() + f"X{number}"
        taken.update((name, alias))
        out.append((f"e{number}", (name, alias)))
    return out


def search_docs(count: int, words: int = 600, seed: int = 1, entities: int = 1000) -> list[SearchDoc]:
    """`count` synthetic articles as the search indexes them, each naming 3-10
    entities of a generated registry (popular ones more often)."""
    gen = Generator(seed)
    names = registry(gen, entities)
    weights = [1 / (rank + 1) for rank in range(len(names))]
    publishers = ["RIAU24.COM", "JurnalPatroliNews", "Kompas.com", "ANTARA", "Tempo.co", ""]
    docs = []
    for number in range(count):
        day = gen.date()
        chosen = list(dict.fromkeys(gen.random.choices(range(len(names)), weights, k=gen.random.randint(3, 10))))
        groups = tuple(names[i][1] for i in chosen)
        body = gen.text(words)
        body += " " + " ".join(group[0] for group in groups)  # the names appear in the text too
        docs.append(SearchDoc(
            title=gen.text(gen.random.randint(6, 12)).rstrip("."),
            body=body,
            entities=" ; ".join(n for group in groups for n in group),
            publisher=gen.random.choice(publishers),
            url=f"/articles/a{number}/",
            date=day.isoformat(),
            date_text=day.isoformat(),
            year=str(day.year),
            entity_ids=tuple(names[i][0] for i in chosen),
            name_groups=groups,
        ))
    return docs


def facet_names(docs: list[SearchDoc]) -> dict[str, list[str]]:
    """The facet dictionary for synthetic documents."""
    ids = sorted({e for d in docs for e in d.entity_ids})
    return {"publishers": sorted({d.publisher for d in docs if d.publisher}), "entity_ids": ids, "entity_names": ids}


def write_archive(folder: Path, count: int, seed: int = 1, words: int = 600, entities: int = 1000) -> None:
    """A whole archive on disk: content/articles/*.md with front matter, a
    registry of `entities` entities with aliases, and site.yaml; each article
    mentions 3-10 of them (popular ones more often)."""
    import yaml

    gen = Generator(seed)
    names = registry(gen, entities)
    weights = [1 / (rank + 1) for rank in range(len(names))]
    articles = folder / "content" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    kinds = ("person", "place", "organisation", "event", "concept")
    (folder / "content" / "entities.yaml").write_text(yaml.safe_dump([
        {"id": entity_id, "name": group[0], "type": kinds[n % 5], "aliases": [group[1]],
         "description": f"Entitas sintetis nomor {n}."} for n, (entity_id, group) in enumerate(names)],
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "site.yaml").write_text("title: Arsip Sintetis\nlanguage: id\nbase_url: https://example.org/arsip/\n",
                                      encoding="utf-8")
    publishers = ["RIAU24.COM", "JurnalPatroliNews", "Kompas.com", "ANTARA", "Tempo.co"]
    for number in range(count):
        chosen = list(dict.fromkeys(gen.random.choices(range(len(names)), weights, k=gen.random.randint(3, 10))))
        paragraphs = [gen.text(words // 6) for _ in range(6)]
        for i in chosen:  # mention each chosen entity by name or alias in some paragraph
            p = gen.random.randrange(len(paragraphs))
            paragraphs[p] += f" {gen.random.choice(names[i][1])} menyatakan hal itu."
        title = gen.text(gen.random.randint(6, 10)).rstrip(".").replace('"', "")
        front = {"title": title, "date": gen.date().isoformat(), "date_source": "stated",
                 "publisher": gen.random.choice(publishers), "language": "id",
                 "summary": paragraphs[0].split(".")[0] + "."}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + "\n\n".join(paragraphs) + "\n"
        (articles / f"a{number:05d}.md").write_text(text, encoding="utf-8")
