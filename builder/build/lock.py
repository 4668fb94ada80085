"""One build at a time for an archive. Two at once (the preview running
while `make site` is typed in another terminal) would write the same site
folder and the same records of it in the cache, each removing the files
the other wrote. A build holds an advisory lock (flock) on build.lock in
its cache folder until it ends; a second build waits for it, saying so.
The system lets go of the lock when the process ends, even killed."""
from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)


@contextlib.contextmanager
def one_build_at_a_time(cache: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows has no flock: builds there are not kept apart
        yield
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        handle = os.open(cache / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:  # the cache cannot be written: the build says so when it opens it
        yield
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning("another build of this archive is running (its cache %s is in use); waiting for it to "
                        "finish", cache)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # and the lock with it
