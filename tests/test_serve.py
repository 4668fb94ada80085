"""`serve`: a real preview server on 127.0.0.1 that rebuilds on change."""
from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from .conftest import ROOT, article


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
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


def test_the_reload_hook_answers_a_waiting_page_when_the_rebuild_is_done(server):
    """A page asks for a build newer than the one it shows, and the answer
    comes when there is one (a long poll): not before, and without the
    page asking again and again."""
    root, base = server
    version = get(base + "/__reload")[1]
    answered = []
    waiting = threading.Thread(target=lambda: answered.append(get(f"{base}/__reload?since={version}", timeout=40)))
    waiting.start()
    time.sleep(1.5)
    assert not answered, "nothing changed, so the request is still held"
    (root / "content" / "articles" / "a.md").write_text(article("Judul Baru"), encoding="utf-8")
    waiting.join(timeout=40)
    assert answered and answered[0][0] == 200 and answered[0][1] != version
    assert "Judul Baru" in get(base + "/some-repo/articles/a/")[1], "the answer comes once the new site is served"
    assert get(f"{base}/__reload?since={version}")[1] == answered[0][1], "a page behind the current build hears at once"


def test_an_open_page_reloads_itself_after_an_edit(server):
    """In Chromium: the page open in the browser shows the edit without the
    reader doing anything."""
    from playwright.sync_api import expect

    from .browser import browser

    root, base = server
    with browser() as chromium:
        page = chromium.new_page()
        page.goto(base + "/some-repo/articles/a/")
        assert "Judul Awal" in page.inner_text("h1")
        page.wait_for_timeout(500)  # the hook has asked for the next build
        (root / "content" / "articles" / "a.md").write_text(article("Judul Baru"), encoding="utf-8")
        expect(page.locator("h1")).to_contain_text("Judul Baru", timeout=30000)


def test_a_broken_edit_keeps_serving_the_last_good_site(server):
    root, base = server
    (root / "content" / "articles" / "a.md").write_text("---\ntitle: A\ndate: kemarin\n---\n", encoding="utf-8")
    time.sleep(1.5)
    status, page = get(base + "/some-repo/articles/a/")
    assert status == 200 and "Judul Awal" in page


def test_unknown_paths_get_404(server):
    _, base = server
    assert get(base + "/some-repo/tidak-ada/")[0] == 404


def request(url: str, method: str = "GET", host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, method=method, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_a_link_out_of_the_site_is_not_followed(server):
    root, base = server
    (root / "site" / "rahasia.txt").symlink_to("/etc/passwd")
    (root / "site" / "luar").symlink_to(root / "content")
    assert get(base + "/some-repo/rahasia.txt")[0] == 404
    status, page = get(base + "/some-repo/luar/articles/a.md")
    assert status == 404 and "Judul Awal" not in page


def test_another_host_name_is_refused(server):
    """DNS rebinding: a page of evil.example that resolves its name to
    127.0.0.1 sends requests with its own Host; they are not answered."""
    _, base = server
    port = base.rsplit(":", 1)[1]
    assert request(base + "/some-repo/", host=f"evil.example:{port}")[0] == 421
    assert request(base + "/some-repo/", host=f"localhost:{port}")[0] == 200


def test_head_answers_as_get_does(server):
    _, base = server
    for path in ("/some-repo/", "/some-repo/tidak-ada/", "/some-repo/static/style.css", "/__reload"):
        got, head = request(base + path), request(base + path, "HEAD")
        assert head[0] == got[0] and head[2] == b"", path
        assert head[1]["Content-Length"] == got[1]["Content-Length"] == str(len(got[2])), path


def test_a_page_that_is_not_utf8_is_served(server):
    root, base = server
    (root / "site" / "lama.html").write_bytes("<html><body>Caf\xe9</body></html>".encode("latin-1"))
    status, _, data = request(base + "/some-repo/lama.html")
    assert status == 200 and data == b'<html><body>Caf\xe9<script src="/__reload.js"></script></body></html>'


def test_an_unexpected_error_in_a_rebuild_is_reported_and_the_preview_goes_on(make_site, monkeypatch, caplog):
    """Not only a BuilderError: whatever stops a rebuild is said, and the
    next change is rebuilt."""
    import threading

    import builder.serve
    from builder.build.pipeline import BuildOptions, build

    root = make_site({"content/articles/a.md": article("Judul Awal")})
    options = BuildOptions(content=root / "content", output=root / "site", config=root / "site.yaml",
                           cache=root / "cache")
    calls = []

    def flaky(opts, **kept):
        calls.append(opts)
        if len(calls) == 1:
            raise KeyError("sesuatu")
        return build(opts, **kept)

    monkeypatch.setattr(builder.serve, "build", flaky)
    state, watcher = builder.serve._State(), builder.serve.Watcher(options)
    loop = threading.Thread(target=builder.serve._rebuild_on_change, args=(options, state, watcher), daemon=True)
    caplog.set_level("INFO")
    loop.start()
    try:
        time.sleep(0.5)
        (root / "content" / "articles" / "a.md").write_text(article("Judul Kedua"), encoding="utf-8")
        wait_for(lambda: "unexpected KeyError" in caplog.text)
        assert "still serving the previous site" in caplog.text and state.version == 0
        (root / "content" / "articles" / "a.md").write_text(article("Judul Ketiga"), encoding="utf-8")
        wait_for(lambda: state.version == 1)
        assert "Judul Ketiga" in (root / "site" / "articles" / "a" / "index.html").read_text(encoding="utf-8")
    finally:
        watcher.stop()
        loop.join(timeout=5)


def test_verbose_output_shows_each_request_and_quiet_output_does_not(make_site):
    root = make_site({"content/articles/a.md": article("Judul Awal")})
    logs = {}
    for flag in ("-v", "-q"):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "builder", "serve", flag, "--port", str(port), "--content", str(root / "content"),
             "--output", str(root / "site"), "--config", str(root / "site.yaml")],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            wait_for(lambda: get(f"http://127.0.0.1:{port}/about/")[0] == 200)
        finally:
            process.terminate()
            logs[flag] = process.communicate(timeout=10)[0]
    assert '"GET /about/ HTTP/1.1" 200' in logs["-v"]
    assert "GET /about/" not in logs["-q"] and "serving" not in logs["-q"]
