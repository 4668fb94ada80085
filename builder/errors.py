"""Errors the user can act on: each names the file (and line) and what to do.

The CLI turns a BuilderError into a one-line message and a non-zero exit;
anything else escaping is a bug in the builder, not in the user's input.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path


def closest(word: str, choices) -> str | None:
    """The known name a typo most likely meant, for 'did you mean' hints."""
    found = difflib.get_close_matches(word, sorted(choices), n=1)
    return found[0] if found else None


class BuilderError(Exception):
    """Base of every error caused by the user's input or environment."""


@dataclass
class Located:
    """A place in an input file; line is 1-based, or None when unknown."""

    path: Path | str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else f"{self.path}"


class InputError(BuilderError):
    """Something wrong in one input file, reported as `path:line: message`."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.where = Located(path, line)
        self.message = message
        super().__init__(f"{self.where}: {message}")


class ConfigError(InputError):
    """site.yaml is missing a value, has a wrong one, or an unknown key."""


class ContentError(InputError):
    """A content file (article or registry) cannot be used as written."""


class SeedError(InputError):
    """A raw seed article cannot be imported."""


class ThemeError(InputError):
    """A template is missing or fails to compile or render."""


class BuildFailed(BuilderError):
    """Several input errors, collected so the user sees all of them at once."""

    def __init__(self, errors: list[BuilderError]):
        self.errors = errors
        noun = "error" if len(errors) == 1 else "errors"
        super().__init__(f"{len(errors)} {noun}; nothing was written")
