"""How well ingest reads pages it has never seen: an evaluation, not a test.

    python bench/ingest_accuracy.py [DIR]      (default: ../shared/devset)

DIR holds copied news pages (*.txt) and MANIFEST.tsv, what a careful editor
records of each (its README says what counts as right). Every file is
imported by `ingest` into a temporary folder, as a user's seeds would be;
then each field of each imported article is compared with the manifest, and
the figures and every mistake, with its file, are printed.

Scoring, as the devset's README defines it:
- title: a headline in the text must be found as it is (title_source:
  headline); where the text has none (the title is only in the address, or
  unknown), a provisional title marked for review is right, a "headline"
  taken from page furniture is wrong.
- date: a date the text states (or, for an event, its date with the year)
  must be found; where the text does not give it, `date: null` is right and
  any date is wrong. A date that differs from the manifest's is wrong.
- publisher: where the text names the publisher (or, for a repost, the
  original outlet), it must be found; where it does not, null is right, and
  so is the original outlet the manifest names in parentheses. "publisher
  named" counts only the pages whose text names their publisher.
- dateline: the place at the head of the lead, compared without case.
- language: id, en or ms.
"""
from __future__ import annotations

import csv
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.content.frontmatter import split_front_matter  # noqa: E402
from builder.ingest.command import IngestOptions, ingest  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "devset"


@dataclass
class Field:
    right: int = 0
    wrong: int = 0
    missed: int = 0
    mistakes: list[str] = field(default_factory=list)

    def score(self, outcome: str, note: str = "") -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome != "right":
            self.mistakes.append(f"{outcome}: {note}")

    @property
    def total(self) -> int:
        return self.right + self.wrong + self.missed


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def squash(text: str | None) -> str:
    """Text compared without case, accents, quotes or spacing."""
    text = (text or "").translate(_QUOTES)  # ingest writes quotes straight, by design
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


_RELAY = re.compile(r"\b(story credited to|content:|content from|citing|relaying|repost of an?|mirror of( an?)?|original text by|"
                    r"syndicated|mirror)\b", re.I)


def publisher_names(expected: str) -> set[str]:
    """The names a publisher may be found under: the site, its domain, and,
    for a repost, the original outlet the manifest names in parentheses."""
    names = set()
    for piece in re.split(r"[(),;]", _RELAY.sub(",", expected)):
        piece = piece.strip()
        if not piece:
            continue
        names.add(squash(piece))
        bare = re.sub(r"^(m|www|en|dunia|metro|international|economy|amp)\.", "", piece.lower())
        names.add(squash(re.sub(r"\.(com|co|id|co\.id|net|org|my|bi|kz|link|gov\.my|ph|asia|ovh)(/.*)?$", "", bare)))
    return {n for n in names if len(n) >= 2}


def publisher_found(found: str, expected: str) -> bool:
    ours = squash(re.sub(r"\.(com|co|id|co\.id|net|org|my)$", "", (found or "").lower()))
    if not ours:
        return False
    return any(ours == name or (len(ours) >= 4 and (ours in name.split() or name in ours.split()) or
                                ours.replace(" ", "") == name.replace(" ", ""))
               for name in publisher_names(expected))


def evaluate(folder: Path) -> dict[str, Field]:
    rows = {row["filename"]: row for row in csv.DictReader(open(folder / "MANIFEST.tsv", encoding="utf-8"),
                                                           delimiter="\t")}
    fields = {name: Field() for name in ("title", "date", "publisher", "dateline", "language")}
    named = fields["publisher named"] = Field()  # publishers the text names: found or not (no mistakes listed)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        report = ingest(IngestOptions(seeds=folder, content=content))
        for failure in report.failures:
            print(f"  import failed: {failure}")
        imported = {}
        for path in sorted((content / "articles").glob("*.md")):
            front = split_front_matter(path.read_text(encoding="utf-8"), path)
            imported[front.values.get("seed")] = front.values
    for name, row in sorted(rows.items()):
        got = imported.get(name)
        if got is None:
            for f in fields.values():
                f.score("missed", f"{name}: not imported")
            continue
        title, source = str(got.get("title") or ""), got.get("title_source")
        if row["title_basis"] == "in_text":
            if source == "headline" and squash(title) == squash(row["title_true"]):
                fields["title"].score("right")
            else:
                fields["title"].score("wrong", f"{name}: {source} {title!r}, expected headline {row['title_true']!r}")
        elif source == "provisional":
            fields["title"].score("right")
        else:
            fields["title"].score("wrong", f"{name}: {source} {title!r}, but the text has no headline")
        date = str(got.get("date") or "")[:10] or None
        basis, expected = row["iso_date_basis"], row["iso_date"] or None
        if basis in ("stated", "event"):
            if date == expected:
                fields["date"].score("right")
            elif date is None:
                fields["date"].score("missed", f"{name}: null, expected {expected} ({basis}: "
                                               f"{row['date_as_stated_verbatim'][:100]})")
            else:
                fields["date"].score("wrong", f"{name}: {date} ({got.get('date_source')}), expected {expected} ({basis})")
        elif date is None:
            fields["date"].score("right")
        else:
            fields["date"].score("wrong", f"{name}: {date} ({got.get('date_source')}), but the text states none "
                                          f"({basis}; traps: {row['traps'][:100]})")
        publisher = got.get("publisher")
        if publisher and publisher_found(str(publisher), row["publisher"]):
            fields["publisher"].score("right")  # (also where the text names only the original outlet)
            named.right += row["publisher_in_text"] == "yes"
        elif row["publisher_in_text"] == "yes":
            outcome = "wrong" if publisher else "missed"
            fields["publisher"].score(outcome, f"{name}: {publisher!r}, expected {row['publisher']!r}")
            setattr(named, outcome, getattr(named, outcome) + 1)
        elif publisher:
            fields["publisher"].score("wrong", f"{name}: {publisher!r}, but the text does not name "
                                               f"{row['publisher']!r}")
        else:
            fields["publisher"].score("right")
        dateline, expected_dateline = squash(str(got.get("dateline") or "")), squash(row["dateline"])
        if dateline == expected_dateline:
            fields["dateline"].score("right")
        elif not dateline:
            fields["dateline"].score("missed", f"{name}: null, expected {row['dateline']!r}")
        else:
            fields["dateline"].score("wrong", f"{name}: {got.get('dateline')!r}, expected {row['dateline']!r}")
        if got.get("language") == row["language"]:
            fields["language"].score("right")
        else:
            fields["language"].score("wrong", f"{name}: {got.get('language')}, expected {row['language']}")
    return fields


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not (folder / "MANIFEST.tsv").is_file():
        print(f"no MANIFEST.tsv in {folder}; pass the folder of the development set", file=sys.stderr)
        return 2
    fields = evaluate(folder)
    print(f"\n{'field':<16} {'right':>6} {'wrong':>6} {'missed':>7}   of")
    for name, f in fields.items():
        print(f"{name:<16} {f.right:>6} {f.wrong:>6} {f.missed:>7}   {f.total}  ({f.right / max(f.total, 1):.0%} right)")
    print("\nmistakes:")
    for name, f in fields.items():
        for mistake in f.mistakes:
            print(f"  {name:<9} {mistake}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
