"""A process pool for the per-article stages (analysis, article pages), and
one background process for the search index.

Both are pure functions of their inputs, so they can run on every core and
give the same output as in one process. Results come back in input order,
submitted in batches so a large archive never has all its work in flight
(memory stays bounded). The search index needs every article's analysis and
nothing the pages need, so it is built beside the page stages. Small
archives run in-process: a pool costs more than it saves below a couple of
hundred articles.
"""
from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections import deque
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from ..models import Article, Entity, Outline
from ..site.contexts import ArticleCard, SiteContext
from ..site.pages import ArticleJob, EntityRefs, PageTools, Period, article_page, period_pages
from ..site.theme import Renderer, Theme
from .article_work import Analyser
from .cache import pickled_work
from .progress import Stage
from .write import Staged, stage_file

log = logging.getLogger(__name__)

POOL_MIN_ITEMS = 200
BATCH = 128

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Setup:
    """What every worker builds its tools from (sent once per process)."""

    theme: Theme
    compiled_templates: Path | None  # Renderer's folder of compiled templates
    site: SiteContext
    entities: tuple[Entity, ...]
    abbreviations: dict[str, str]


class _Tools:
    def __init__(self, setup: Setup):
        self.analyser = Analyser(setup.site, setup.entities, setup.abbreviations)
        self.pages = PageTools(setup.site, Renderer(setup.theme, setup.compiled_templates), EntityRefs(setup.site, setup.entities))


_TOOLS: _Tools | None = None  # one per process


def _start(setup: Setup) -> None:
    global _TOOLS
    _TOOLS = _Tools(setup)


def _start_worker(setup: Setup) -> None:
    _exit_with_parent(os.getppid())
    _start(setup)


def _exit_with_parent(parent: int) -> None:
    """A build killed outright (SIGKILL) cannot shut its pool down, and forked
    workers never see their queue close; so each worker checks that the
    build is still there, and exits when it is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def analyse(article: Article) -> tuple[Outline, tuple[bytes, ...]]:
    """The article's outline, and its whole analysis as the cache stores it."""
    assert _TOOLS is not None
    work = _TOOLS.analyser(article)
    return work.outline, pickled_work(work)


def stage_article_page(task: tuple[ArticleJob, str, str | None]) -> Staged:
    """Render an article page and write it where the site writer said (see
    SiteWriter.claim): the pool's cores share the cost of making files, and
    the page's bytes never travel back to the build."""
    assert _TOOLS is not None
    job, target, previous_content = task
    return stage_file(target, previous_content, article_page(job, _TOOLS.pages).encode("utf-8"))


PeriodTask = tuple[Entity, Period, tuple[ArticleCard, ...], list[tuple[str, str | None]]]


def stage_period_pages(task: PeriodTask) -> tuple[Staged, ...]:
    """Render an entity's pages of one period from its articles' cards, and
    write each where the site writer said (the task's targets, in
    period_page_paths order). At 10,000 realistic articles a cold build
    makes 2,900 periods listing 240,000 rows, most of the entity pages'
    stage when they were made in the build's own process."""
    assert _TOOLS is not None
    entity, period, listed, targets = task
    pages = period_pages(_TOOLS.pages.site, _TOOLS.pages.renderer, entity, period, listed)
    return tuple(stage_file(target, previous, html.encode("utf-8"))
                 for (target, previous), html in zip(targets, pages.values(), strict=True))


def stage_task(task: tuple[str, str | None, bytes]) -> Staged:
    """stage_file on a worker: (target, previous content, bytes)."""
    return stage_file(*task)


class Workers:
    """`map(fn, items)`: fn over items, in order, on every core when it pays."""

    def __init__(self, setup: Setup, expected_items: int):
        self.setup = setup
        self._pool = None
        self._started_here = False
        workers = os.cpu_count() or 1
        if expected_items >= POOL_MIN_ITEMS and workers > 1:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(setup,))

    def map(self, fn: Callable[[Item], Result], items: Iterable[Item], count: int,
            stage: Stage | None = None) -> Iterator[Result]:
        """Items are taken a batch at a time, so a generator of large items
        (article bodies) is never all in memory."""
        if self._pool is None or count < POOL_MIN_ITEMS:
            if not self._started_here:
                _start(self.setup)
                self._started_here = True
            for item in items:
                result = fn(item)
                if stage:  # before the yield: a consumer may never ask for more
                    stage.advance()
                yield result
            return
        source = iter(items)
        pending: deque = deque()
        while batch := list(itertools.islice(source, BATCH)):
            pending.append(self._pool.map(fn, batch, chunksize=8))
            if len(pending) > 2:  # two batches queued while one is consumed: the cores never wait
                yield from self._drain(pending.popleft(), stage)
        while pending:
            yield from self._drain(pending.popleft(), stage)

    @staticmethod
    def _drain(results: Iterator[Result], stage: Stage | None) -> Iterator[Result]:
        for result in results:
            if stage:
                stage.advance()
            yield result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _start_background(parent: int) -> None:
    _exit_with_parent(parent)


def _import_builder() -> None:
    """The background's first job: import what making the index takes
    (numpy among it: half a second), while the build loads the content."""
    import builder.search.background  # noqa: F401
    import builder.search.index  # noqa: F401


class Background:
    """One process, started fresh (spawned: it holds none of the build's
    memory), for a whole-archive job that runs while the build goes on.
    `submit` returns None where it would not pay (one core, a small archive):
    the caller then does the job itself when it needs the result."""

    def __init__(self, expected_items: int):
        self._pool = None
        if expected_items >= POOL_MIN_ITEMS and (os.cpu_count() or 1) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start_background, initargs=(os.getpid(),))
            self._pool.submit(_import_builder)  # started and ready by the time the job comes

    def submit(self, fn: Callable[..., Result], *args: object) -> Future[Result] | None:
        if self._pool is None:
            return None
        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool:  # the process died (killed for memory, say): the caller does the job
            log.warning("the background process stopped; the build does its work itself")
            self.close()
            return None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
