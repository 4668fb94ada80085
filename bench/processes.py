"""The process tree the benchmark measures: a process and every process it
started, read from /proc (a process that ends meanwhile is left out)."""
from __future__ import annotations

from pathlib import Path


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants living now."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found
