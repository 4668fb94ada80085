"""The preview's costs on a built archive, as a reader of `make serve` meets them:
- idle: the CPU the preview server (and any process it started) uses over
  a minute in which nothing is edited, as a share of one core;
- an edit: the seconds from saving one article to the open page hearing of
  the new build (the reload hook's answer), and to that page served with
  the edit in it. Median of three edits, each to another article.

    python bench/preview.py FOLDER      (a folder with content/, site.yaml and a built site/)
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.processes import process_tree  # noqa: E402

OUR_PYTHON = ROOT / ".venv" / "bin" / "python"
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and of its children, living or waited for (/proc)."""
    total = 0.0
    for task in process_tree(pid):
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(v) for v in fields[11:15]) / TICKS  # utime, stime, cutime, cstime
    return total


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.read().decode("utf-8")


def measure(folder: Path, idle_seconds: float = 60, edits: int = 3) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(OUR_PYTHON), "-m", "builder", "serve", "--content", "content", "--config",
                               "site.yaml", "--output", "site", "--port", str(port)], cwd=folder,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        root = _wait_for(base, server)
        time.sleep(3)  # the first build's pool winds down
        before, started = cpu_seconds(server.pid), time.monotonic()
        time.sleep(idle_seconds)
        idle = (cpu_seconds(server.pid) - before) / (time.monotonic() - started)
        heard, shown = [], []
        articles = sorted((folder / "content" / "articles").glob("*.md"))
        for n, article in enumerate(articles[len(articles) // 3:][:edits]):
            version = _get(f"{base}/__reload")
            marker = f"Penanda pratinjau nomor {n} {time.time_ns()}."
            page = f"{root}articles/{article.stem}/"
            saved = time.monotonic()
            article.write_text(article.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
            while _get(f"{base}/__reload?since={version}") == version:  # held until a newer build (or 25 s)
                pass
            heard.append(time.monotonic() - saved)
            while marker not in _get(base + page):
                time.sleep(0.02)
            shown.append(time.monotonic() - saved)
            time.sleep(1)
        return {"idle_core_share": idle, "edit_heard_s": statistics.median(heard),
                "edit_shown_s": statistics.median(shown), "edit_shown_runs_s": shown}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(base: str, server: subprocess.Popen) -> str:
    """The site's root path, once the preview answers (after its first build)."""
    while True:
        if server.poll() is not None:
            raise SystemExit(f"the preview stopped: {server.stderr.read() if server.stderr else ''}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as answer:
                return urllib.parse.urlparse(answer.geturl()).path
        except OSError:
            time.sleep(0.5)


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 60), indent=1))
