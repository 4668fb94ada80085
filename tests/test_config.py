"""site.yaml: checked when loaded, with the key named in every message."""
from __future__ import annotations

import pytest

from builder.config import load_config
from builder.errors import ConfigError


def write(tmp_path, text):
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_when_missing(tmp_path):
    config = load_config(tmp_path / "site.yaml")
    assert config.language == "id" and config.base_path == "/"


@pytest.mark.parametrize("base_url, path, origin", [
    ("/", "/", ""),
    ("/some-repo", "/some-repo/", ""),
    ("some-repo/", "/some-repo/", ""),
    ("https://user.github.io/some-repo", "/some-repo/", "https://user.github.io"),
    ("https://example.org/", "/", "https://example.org"),
])
def test_base_url_forms(tmp_path, base_url, path, origin):
    config = load_config(write(tmp_path, f"title: T\nbase_url: {base_url}\n"))
    assert (config.base_path, config.origin) == (path, origin)


def test_command_line_base_url_wins(tmp_path):
    config = load_config(write(tmp_path, "base_url: /a/\n"), base_url="/b/")
    assert config.base_path == "/b/"


@pytest.mark.parametrize("text, line, words", [
    ("title: T\nbase_ulr: /x/\n", 2, "unknown key 'base_ulr'; did you mean 'base_url'?"),
    ("language: fr\n", 1, "language: expected one of id, en"),
    ("title: 12\n", 1, "title: expected non-empty text"),
    ("base_url: ftp://x/\n", 1, "base_url:"),
    ("title: [\n", 2, "YAML error"),
])
def test_bad_config_names_file_line_and_key(tmp_path, text, line, words):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert str(info.value).startswith(f"{tmp_path / 'site.yaml'}:{line}: ")
    assert words in str(info.value)
