"""The least a Python builder can do with the benchmark's articles, on every core.

    python bench/floor.py ARCHIVE OUTPUT [--no-markdown]

Each article is read, its front matter parsed (PyYAML's C loader), its body
converted by one reused python-markdown instance (or, with --no-markdown,
only split into escaped paragraphs), put into a one-line Jinja template and
written as OUTPUT/<slug>/index.html, in a process per core. No annotation,
no links, no other pages, no search. `make bench` runs it beside Pelican and
Hugo, so its time shows how near any Python builder can come to theirs on
the same machine in the same run. Prints the wall seconds.
"""
from __future__ import annotations

import html
import os
import shutil
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import jinja2
import markdown
import yaml

PAGE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html><title>{{ title }}</title><h1>{{ title }}</h1><time>{{ date }}</time>{{ body | safe }}")
CONVERTER = markdown.Markdown()


def paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(block)}</p>\n" for block in text.split("\n\n") if block.strip())


def write_page(task: tuple[Path, Path, bool]) -> None:
    source, output, convert = task
    front, body = source.read_text(encoding="utf-8")[4:].split("\n---\n", 1)
    meta = yaml.load(front, Loader=yaml.CSafeLoader)
    CONVERTER.reset()
    page = PAGE.render(title=meta["title"], date=meta.get("date"),
                       body=CONVERTER.convert(body) if convert else paragraphs(body))
    target = output / source.stem / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")


def main(archive: Path, output: Path, convert: bool) -> None:
    shutil.rmtree(output, ignore_errors=True)
    sources = sorted((archive / "content" / "articles").glob("*.md"))
    started = time.perf_counter()
    with Pool(os.cpu_count()) as pool:
        pool.map(write_page, [(source, output, convert) for source in sources], chunksize=64)
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), convert="--no-markdown" not in sys.argv[3:])
