"""What a long build is doing: a bar with counts and time left on a
terminal, nothing otherwise; and how long each stage took, for --timings
and the benchmark.

The pipeline names its stages; stages that loop over articles say how far
they are. Nothing here changes what is built.
"""
from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

_REDRAW_EVERY = 0.1  # seconds; drawing is cheap but not free
_BAR_WIDTH = 24


class Stage:
    """One running stage; `advance` moves its bar."""

    def __init__(self, progress: "Progress", name: str, total: int):
        self._progress = progress
        self.name = name
        self.total = total
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if self._progress.bar and now - self._drawn >= _REDRAW_EVERY:
            self._drawn = now
            self._progress.draw(self, now)


class Progress:
    """Stage timings always; a bar only when `bar` is set (the CLI sets it
    when stderr is a terminal and --quiet is not given)."""

    def __init__(self, bar: bool = False, stream: TextIO | None = None):
        self.bar = bar
        self.stream = stream or sys.stderr
        self.timings: list[tuple[str, float, int]] = []  # (stage, seconds, peak RSS in MB so far)

    @contextmanager
    def stage(self, name: str, total: int = 0) -> Iterator[Stage]:
        stage = Stage(self, name, total)
        try:
            yield stage
        finally:
            seconds = time.perf_counter() - stage.started
            self.timings.append((name, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))
            if self.bar:
                counted = f"{stage.done:,}/{stage.total:,}  " if stage.total else ""
                self.stream.write(f"\r\033[K  {name:<22} {counted}{seconds:.1f} s\n")
                self.stream.flush()

    def draw(self, stage: Stage, now: float) -> None:
        if not stage.total:
            return
        share = min(1.0, stage.done / stage.total)
        filled = int(share * _BAR_WIDTH)
        elapsed = now - stage.started
        left = elapsed * (stage.total - stage.done) / stage.done if stage.done else 0.0
        self.stream.write(f"\r\033[K  {stage.name:<22} [{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] "
                          f"{stage.done:,}/{stage.total:,}  {left:.0f} s left")
        self.stream.flush()
