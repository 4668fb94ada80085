"""Local preview: serve site/ on 127.0.0.1, rebuild when inputs change, and
reload open pages. For previewing only; GitHub Pages serves the real site.

The reload hook is injected into HTML as it is served, never written to site/.
"""
from __future__ import annotations

import http.server
import logging
import threading
from dataclasses import replace
from pathlib import Path

from .errors import BuilderError, BuildFailed
from .pipeline import BuildOptions, build

log = logging.getLogger(__name__)

RELOAD_PATH = "/__reload"
_RELOAD_SCRIPT = (
    "<script src=\"" + RELOAD_PATH + ".js\"></script>"
)
_RELOAD_JS = b"""(function () {
  var seen = null;
  function poll() {
    fetch("%s?since=" + (seen || ""), {cache: "no-store"}).then(function (r) { return r.text(); })
      .then(function (version) {
        if (seen !== null && version !== seen) { location.reload(); return; }
        seen = version; setTimeout(poll, 700);
      }).catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
""" % RELOAD_PATH.encode()


class _State:
    """The current build number, bumped after each successful rebuild."""

    def __init__(self) -> None:
        self.version = 0
        self.lock = threading.Lock()


def _watched_files(options: BuildOptions) -> dict[Path, float]:
    roots = [options.content, options.config, options.config.parent / "themes",
             Path(__file__).resolve().parent.parent / "themes"]
    stamps: dict[Path, float] = {}
    for root in roots:
        paths = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
        for path in paths:
            try:
                stamps[path] = path.stat().st_mtime
            except OSError:
                pass
    return stamps


def _rebuild(options: BuildOptions) -> bool:
    try:
        report = build(options)
    except BuildFailed as failed:
        for error in failed.errors:
            log.error("error: %s", error)
        log.error("build failed; still serving the previous site")
        return False
    except BuilderError as err:
        log.error("error: %s; still serving the previous site", err)
        return False
    log.info("rebuilt: %d pages in %.2f s", report.pages, report.seconds)
    return True


def _watch(options: BuildOptions, state: _State, stop: threading.Event) -> None:
    stamps = _watched_files(options)
    while not stop.wait(0.5):
        current = _watched_files(options)
        if current != stamps:
            stamps = current
            if _rebuild(options):
                with state.lock:
                    state.version += 1


def make_handler(options: BuildOptions, state: _State, base_path: str):
    root = options.output.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            log.debug("%s - %s", self.address_string(), format % args)

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?", 1)[0]
            if path == RELOAD_PATH:
                return self._send(200, "text/plain", str(state.version).encode())
            if path == RELOAD_PATH + ".js":
                return self._send(200, "text/javascript", _RELOAD_JS)
            if not path.startswith(base_path):
                if path == "/":
                    self.send_response(302)
                    self.send_header("Location", base_path)
                    self.end_headers()
                    return None
                return self._not_found()
            self.path = "/" + self.path[len(base_path):]
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file():
                html = target.read_text(encoding="utf-8").replace("</body>", _RELOAD_SCRIPT + "</body>", 1)
                return self._send(200, "text/html; charset=utf-8", html.encode())
            if not target.exists():
                return self._not_found()
            return super().do_GET()

        def _not_found(self) -> None:
            page = root / "404.html"
            body = page.read_bytes() if page.exists() else b"Not found"
            self._send(404, "text/html; charset=utf-8", body)

        def _send(self, code: int, kind: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build once, then serve and rebuild on change until interrupted."""
    report = build(options)
    from .config import load_config

    base_path = load_config(options.config, base_url=options.base_url).base_path
    log.info("built %d pages; serving http://%s:%d%s (Ctrl+C to stop)", report.pages, host, port, base_path)
    state = _State()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(replace(options), state, stop), daemon=True)
    watcher.start()
    server = http.server.ThreadingHTTPServer((host, port), make_handler(options, state, base_path))
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
