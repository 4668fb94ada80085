"""Helpers for browser tests: Debian's Chromium driven by Playwright, and a
real HTTP server on 127.0.0.1 serving a built site under a base path."""
from __future__ import annotations

import contextlib
import http.server
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def serve(site: Path, base: str = "/"):
    """Serve `site` at http://127.0.0.1:<port><base>; yields the base URL."""
    root = site.resolve()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

        def translate_path(self, path: str) -> str:
            if not path.startswith(base):
                return str(root / "__outside_base__")
            return super().translate_path("/" + path[len(base):])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


def axe_violations(page) -> tuple[list[dict], int]:
    """axe-core run on the page as it is: its serious and critical
    violations, and how many violations it found in all. The page's
    context needs bypass_csp=True, for the script to go in."""
    axe = (Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
    page.add_script_tag(content=axe)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")], len(result["violations"])
