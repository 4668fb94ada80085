"""site.yaml -> SiteConfig: every key checked when loaded, not when used.

A typo in a key is an error (with a suggestion), because a silently ignored
`base_ulr` is exactly the kind of mistake that breaks a published site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from .content.files import read_utf8
from .content.frontmatter import load_yaml_mapping
from .errors import ConfigError, brief, closest

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Arsip Berita"
    description: str = "Arsip berita beranotasi."
    base_url: str = "/"  # a path ('/repo/') or a full URL ('https://user.github.io/repo/')
    language: str = "id"  # interface language: labels, dates
    theme: str = "default"
    extra: dict = field(default_factory=dict)  # the site's own values, for its templates: {{ site.extra.x }}
    source: str = "site.yaml"  # where it was read from, for messages

    @property
    def base_path(self) -> str:
        """The URL path every internal link starts with: '/' or '/repo/'."""
        path = urlsplit(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    @property
    def origin(self) -> str:
        """'https://user.github.io' when base_url is a full URL, else ''."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


_TYPES = {"title": str, "description": str, "base_url": str, "language": str, "theme": str, "extra": dict}


def normalise_base_url(value: str) -> str:
    """Accept '/repo', 'repo/', 'https://host/repo'; return with one trailing '/'."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme and parts.scheme not in ("http", "https"):
        raise ValueError(f"expected http(s) URL or a path such as /repo/, got {brief(value)}")
    if parts.scheme and not parts.netloc:
        raise ValueError(f"URL without a host: {brief(value)}")
    if parts.query or parts.fragment:
        raise ValueError(f"base URL cannot have ?query or #fragment: {brief(value)}")
    path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    if not re.fullmatch(r"/([A-Za-z0-9._~-]+/)*", path):
        raise ValueError(f"path may hold only letters, digits and . _ ~ -: {brief(value)}")
    return f"{parts.scheme}://{parts.netloc}{path}" if parts.scheme else path


def load_config(path: Path, base_url: str | None = None, required: bool = False) -> SiteConfig:
    """Read site.yaml; a missing file gives the defaults unless required.

    base_url, when given (from --base-url), wins over the file.
    """
    config = SiteConfig(source=str(path))
    if path.exists():
        values, lines = load_yaml_mapping(read_utf8(path, ConfigError), path, error=ConfigError)
        changes = {}
        for key, value in values.items():
            line = lines.get(str(key))
            if key not in _TYPES:
                close = closest(str(key), _TYPES)
                hint = f"; did you mean '{close}'?" if close else ""
                raise ConfigError(path, line, f"unknown key '{key}'{hint} Known keys: {', '.join(_TYPES)}")
            if key == "extra":
                if not isinstance(value, dict):
                    raise ConfigError(path, line, f"extra: expected a mapping of your own names to values, got "
                                      f"{brief(value)}")
                changes[key] = {str(name): item for name, item in value.items()}
                continue
            if not isinstance(value, _TYPES[key]) or not str(value).strip():
                raise ConfigError(path, line, f"{key}: expected non-empty text, got {brief(value)}")
            if key == "language" and value not in LANGUAGES:
                raise ConfigError(path, line, f"language: expected one of {', '.join(LANGUAGES)}, got {brief(value)}")
            if key == "base_url":
                try:
                    value = normalise_base_url(value)
                except ValueError as err:
                    raise ConfigError(path, line, f"base_url: {err}") from None
            changes[key] = value.strip()
        config = replace(config, **changes)
    elif required:
        raise ConfigError(path, None, "config file not found; create it or leave out --config to use the defaults")
    if base_url is not None:
        try:
            config = replace(config, base_url=normalise_base_url(base_url))
        except ValueError as err:
            raise ConfigError("--base-url", None, str(err)) from None
    return config
