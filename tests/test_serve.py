"""`serve`: a real preview server on 127.0.0.1 that rebuilds on change."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import ROOT, article


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")


def wait_for(predicate, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.fixture
def server(make_site):
    root = make_site({
        "site.yaml": "title: Arsip Uji\nbase_url: /some-repo/\n",
        "content/articles/a.md": article("Judul Awal"),
    })
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--port", str(port), "--content", str(root / "content"),
         "--output", str(root / "site"), "--config", str(root / "site.yaml")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: get(base + "/some-repo/")[0] == 200)
        yield root, base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serves_under_the_base_path_and_rebuilds_on_change(server):
    root, base = server
    status, home = get(base + "/some-repo/")
    assert status == 200 and "Judul Awal" in home
    assert "/__reload.js" in home, "the reload hook is injected when serving"
    assert "__reload" not in (root / "site" / "index.html").read_text(), "...but never written to site/"
    version = get(base + "/__reload")[1]
    (root / "content" / "articles" / "a.md").write_text(article("Judul Baru"), encoding="utf-8")
    wait_for(lambda: get(base + "/__reload")[1] != version)
    assert "Judul Baru" in get(base + "/some-repo/articles/a/")[1]


def test_a_broken_edit_keeps_serving_the_last_good_site(server):
    root, base = server
    (root / "content" / "articles" / "a.md").write_text("---\ntitle: A\ndate: kemarin\n---\n", encoding="utf-8")
    time.sleep(1.5)
    status, page = get(base + "/some-repo/articles/a/")
    assert status == 200 and "Judul Awal" in page


def test_unknown_paths_get_404(server):
    _, base = server
    assert get(base + "/some-repo/tidak-ada/")[0] == 404
