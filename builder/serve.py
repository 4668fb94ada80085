"""Local preview: serve site/ on 127.0.0.1, rebuild when inputs change, and
reload open pages. For previewing only; GitHub Pages serves the real site.

Changes are noticed by the system (inotify, through watchfiles), not by
walking the archive, so an idle preview costs nothing; a burst of changes
(an editor saving several files) makes one rebuild. A failed rebuild, for
whatever reason, is reported and the previous site stays served. The server
answers only requests for its own address (a page on another site cannot
reach it through DNS rebinding) and serves only files inside the site.
The reload hook is injected into HTML as it is served, never written to
site/.
"""
from __future__ import annotations

import http.server
import logging
import os
import threading
import traceback
import urllib.parse
from pathlib import Path

from .build.pipeline import BuildOptions, Remembered, build
from .errors import BuilderError, BuildFailed
from .site.theme import builtin_themes

log = logging.getLogger(__name__)

RELOAD_PATH = "/__reload"
_RELOAD_SCRIPT = b'<script src="' + RELOAD_PATH.encode() + b'.js"></script>'
_RELOAD_JS = b"""(function () {
  var seen = null;
  function wait() {
    fetch("%s?since=" + (seen === null ? "" : seen), {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (version) {
        if (seen !== null && version !== seen) { location.reload(); return; }
        seen = version; wait();
      }).catch(function () { setTimeout(wait, 2000); });
  }
  wait();
})();
""" % RELOAD_PATH.encode()
# How long the reload hook holds a request that asks for a newer build than
# there is (a long poll: the page hears of a rebuild the moment it is done).
RELOAD_WAIT_SECONDS = 25
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


class _State:
    """The current build number, bumped after each successful rebuild (a
    request can wait for the next one), and what one build keeps in memory
    for the next."""

    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Condition()
        self.remembered = Remembered()

    def bump(self) -> None:
        with self.lock:
            self.version += 1
            self.lock.notify_all()

    def version_after(self, seen: str, seconds: float) -> int:
        """The version, once it is other than `seen` (or `seconds` have passed)."""
        with self.lock:
            self.lock.wait_for(lambda: str(self.version) != seen, timeout=seconds)
            return self.version


def rebuild(options: BuildOptions, remembered: Remembered) -> bool:
    """Build; on any failure say so and keep the previous site. True when built."""
    try:
        report = build(options, remembered=remembered)
    except BuildFailed as failed:
        for error in failed.errors:
            log.error("error: %s", error)
        log.error("build failed; still serving the previous site")
        return False
    except BuilderError as err:
        log.error("error: %s; still serving the previous site", err)
        return False
    except Exception as err:  # noqa: BLE001 - a bug must not stop the preview: it says so and goes on
        where = traceback.extract_tb(err.__traceback__)[-1]
        log.error("error: the build stopped on an unexpected %s (%s, at %s:%d), a bug in the builder; still "
                  "serving the previous site. Run `news-archive build` to see the whole traceback",
                  type(err).__name__, err, Path(where.filename).name, where.lineno)
        return False
    log.info("rebuilt: %d pages in %.2f s", report.pages, report.seconds)
    return True


def watched(options: BuildOptions) -> tuple[list[Path], Path]:
    """(folders watched with everything in them, the settings file): the
    content, the archive's themes and template and static overrides, and
    the built-in themes. The settings file
    is watched through its folder, alone: editors replace a file when they
    save it, which ends a watch on the file itself."""
    root = options.config.parent
    folders = [options.content, root / "themes", root / "templates", root / "static", builtin_themes()]
    return [f for f in folders if f.is_dir()], options.config


class Watcher:
    """Sets `changed` after each burst of changes to the inputs; `stop()` ends it."""

    def __init__(self, options: BuildOptions):
        self.changed = threading.Event()
        self.stopping = threading.Event()
        folders, config = watched(options)
        self._threads = [threading.Thread(target=self._watch, args=(folders, True, None), daemon=True),
                         threading.Thread(target=self._watch, args=([config.parent], False, config.name),
                                          daemon=True)]
        for thread in self._threads:
            thread.start()

    def _watch(self, paths: list[Path], recursive: bool, only: str | None) -> None:
        from watchfiles import watch

        if not paths:
            return
        for changes in watch(*paths, recursive=recursive, stop_event=self.stopping, debounce=400, step=100,
                             rust_timeout=1000, raise_interrupt=False):
            if only is None or any(Path(path).name == only for _, path in changes):
                self.changed.set()

    def stop(self) -> None:
        self.stopping.set()
        self.changed.set()


def _rebuild_on_change(options: BuildOptions, state: _State, watcher: Watcher) -> None:
    while True:
        watcher.changed.wait()
        if watcher.stopping.is_set():
            return
        watcher.changed.clear()
        if rebuild(options, state.remembered):
            state.bump()


def make_handler(options: BuildOptions, state: _State, base_path: str, allowed_hosts: set[str] | None):
    """The request handler. `allowed_hosts`: the Host headers answered (None: any)."""
    root = Path(os.path.abspath(options.output))  # a link to the current site folder: resolved per request

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:  # noqa: A002
            log.debug("%s - %s", self.address_string(), format % args)

        def do_GET(self) -> None:  # noqa: N802
            self._answer(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            if allowed_hosts is not None and self.headers.get("Host", "").lower() not in allowed_hosts:
                return self._send(421, "text/plain; charset=utf-8", b"This preview answers only requests for "
                                  b"its own address (see the address it printed).\n", body)
            path, _, query = self.path.split("#", 1)[0].partition("?")
            if path == RELOAD_PATH:  # ?since=N: answered when there is a build newer than N
                seen = urllib.parse.parse_qs(query).get("since", [""])[0]
                version = state.version_after(seen, RELOAD_WAIT_SECONDS) if seen else state.version
                return self._send(200, "text/plain", str(version).encode(), body)
            if path == RELOAD_PATH + ".js":
                return self._send(200, "text/javascript", _RELOAD_JS, body)
            if not path.startswith(base_path):
                if path == "/":
                    self.send_response(302)
                    self.send_header("Location", base_path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return self._not_found(body)
            site = Path(os.path.realpath(root))
            self.directory = str(site)
            target = Path(os.path.realpath(self.translate_path("/" + path[len(base_path):])))
            if target != site and not target.is_relative_to(site):
                return self._not_found(body)  # a link that leads out of the site
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                target = target / "index.html"
            if not target.is_file():
                return self._not_found(body)
            data = target.read_bytes()
            kind = self.guess_type(str(target))
            if target.suffix == ".html":
                data = data.replace(b"</body>", _RELOAD_SCRIPT + b"</body>", 1)
                kind = "text/html; charset=utf-8"
            return self._send(200, kind, data, body)

        def _not_found(self, body: bool) -> None:
            page = Path(os.path.realpath(root)) / "404.html"
            data = page.read_bytes() if page.is_file() else b"Not found"
            self._send(404, "text/html; charset=utf-8", data, body)

        def _send(self, code: int, kind: str, data: bytes, body: bool = True) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """The Host headers a preview bound to host answers: its own names on
    loopback; any, if the user bound it to every interface on purpose."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host, *_LOOPBACK_NAMES} if host in ("127.0.0.1", "localhost", "::1") else {host}
    return {f"{name}:{port}" for name in names} | ({host} if port == 80 else set())


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build once, then serve and rebuild on change until interrupted."""
    state = _State()
    report = build(options, remembered=state.remembered)
    from .config import load_config

    base_path = load_config(options.config, base_url=options.base_url).base_path
    server = http.server.ThreadingHTTPServer((host, port), make_handler(options, state, base_path,
                                                                        allowed_hosts(host, port)))
    watcher = Watcher(options)
    threading.Thread(target=_rebuild_on_change, args=(options, state, watcher), daemon=True).start()
    shown = f"[{host}]" if ":" in host else host
    log.info("built %d pages; serving http://%s:%d%s (Ctrl+C to stop)", report.pages, shown, port, base_path)
    try:
        server.serve_forever()
    finally:
        watcher.stop()
        server.server_close()
