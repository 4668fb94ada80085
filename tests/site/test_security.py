"""Nothing injected: hostile article text, loaded page by page in headless Chromium."""
from __future__ import annotations

from builder.build.pipeline import BuildOptions, build
from builder.cli import main

from ..browser import browser, serve
from ..conftest import ROOT

PWN = "window.__pwned=1"
HOSTILE_SEED = f"""Judul </script><script>{PWN}</script> Berbahaya
JAKARTA - Teks berita dengan <script>{PWN}</script> dan <img src=x onerror="{PWN}"> di dalamnya, cukup panjang.
Paragraf dengan [tautan](javascript:{PWN}) dan <a href="javascript:{PWN}">tautan lain</a> serta <svg onload="{PWN}"></svg>.
"Ini </script><script>{PWN}</script> bukan kutipan biasa dari siapa pun," kata Xi Jinping di Astana.
"""
HOSTILE_CONTENT = f"""---
title: "Judul <img src=x onerror='{PWN}'> & </script>"
date: 2022-01-01
publisher: "<b onmouseover='{PWN}'>Penerbit</b>"
summary: "Ringkasan </script><script>{PWN}</script>"
---

Editor menempelkan HTML mentah: <script>{PWN}</script> <iframe src="javascript:{PWN}"></iframe>
<img src=x onerror="{PWN}"> <a href="javascript:{PWN}">klik</a> <div style="background:url(javascript:{PWN})">x</div>

[tautan](javascript:{PWN}) dan [data](data:text/html,<script>{PWN}</script>)

"Kutipan </script><script>{PWN}</script> yang panjang sekali," kata Xi Jinping.
"""


def test_hostile_text_never_runs_and_is_still_shown(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    content = tmp_path / "content"
    assert main(["ingest", "--seeds", str(tmp_path / "seeds"), "--content", str(content), "-q"]) == 0
    (content / "articles" / "editor.md").write_text(HOSTILE_CONTENT, encoding="utf-8")
    registry = (ROOT / "content" / "entities.yaml").read_text(encoding="utf-8")
    xi = "  description: Presiden Republik Rakyat Tiongkok sejak 2013"
    assert xi in registry
    (content / "entities.yaml").write_text(registry.replace(xi, f"  description: <img src=x onerror='{PWN}'> Presiden"),
                                           encoding="utf-8")  # the tooltip's text is hostile too
    site = tmp_path / "site"
    build(BuildOptions(content=content, output=site, config=ROOT / "site.yaml", base_url="/repo/"))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 60
    loaded = 0
    with serve(site, "/repo/") as base, browser() as chromium:
        page = chromium.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for rel in pages:
            page.goto(base + rel.removesuffix("index.html"))
            assert page.evaluate("window.__pwned") is None, f"script ran on {rel}"
            loaded += 1
        assert not dialogs
        page.goto(base + "articles/editor/")
        assert page.inner_text("h1") == "Judul <img src=x onerror='window.__pwned=1'> & </script>"
        assert "Penerbit" in page.inner_text(".article-meta")
        ingested = next(p for p in pages if p.startswith("articles/judul-"))
        page.goto(base + ingested.removesuffix("index.html"))
        assert "</script><script>window.__pwned=1</script>" in page.inner_text("h1")
        body = page.inner_text(".article-body")
        assert "<script>window.__pwned=1</script>" in body, "ingested text shows the tags as text"
        tip = page.locator("#tip-xi-jinping")
        tip.wait_for(state="attached")
        assert f"<img src=x onerror='{PWN}'> Presiden" in tip.text_content(), "the tooltip shows it as text"
        # try the links as a reader would
        for link in page.locator(".article-body a").all():
            href = link.get_attribute("href") or ""
            assert not href.lower().startswith(("javascript:", "data:")), href
        assert page.evaluate("window.__pwned") is None
    assert loaded == len(pages)


def test_pages_carry_a_content_security_policy(tmp_path):
    build(BuildOptions(content=ROOT / "content", output=tmp_path / "site", config=ROOT / "site.yaml"))
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "http-equiv=\"Content-Security-Policy\"" in html
    assert "script-src 'self'" in html and "object-src 'none'" in html
