"""Errors the user can act on: each names the file (and line) and what to do.

The CLI turns a BuilderError into a one-line message and a non-zero exit;
anything else escaping is a bug in the builder, not in the user's input.
"""
from __future__ import annotations

import difflib
import reprlib
from dataclasses import dataclass
from pathlib import Path

# No message is longer than this: a value quoted in it is cut (see brief),
# and the whole message too, so that no input can make an error unreadable.
MAX_MESSAGE = 1000


def closest(word: str, choices) -> str | None:
    """The known name a typo most likely meant, for 'did you mean' hints."""
    found = difflib.get_close_matches(word, sorted(choices), n=1)
    return found[0] if found else None


class _Brief(reprlib.Repr):
    """reprlib, with numbers too large to print (over Python's 4,300
    digits) described instead of raising ValueError."""

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 256:
            return f"<a number of about {int(x.bit_length() * 0.30103)} digits>"
        return super().repr_int(x, level)


_BRIEF = _Brief()
_BRIEF.maxlevel, _BRIEF.maxstring, _BRIEF.maxother, _BRIEF.maxlong = 2, 80, 80, 40
_BRIEF.maxlist = _BRIEF.maxtuple = _BRIEF.maxdict = _BRIEF.maxset = 6


def brief(value: object) -> str:
    """A value as a message quotes it: like repr, but a line at most, however
    large or deeply nested the value (a YAML alias bomb, a list 10,000 deep)."""
    return _BRIEF.repr(value)


def too_large(size: int, limit: int) -> str:
    """The message for a file over a size limit, in MB with a decimal, so
    that 5.7 MB over a 5 MB limit does not read '5 MB (limit 5 MB)'."""
    return f"file is {size / 2**20:.1f} MB, over the limit of {limit / 2**20:.0f} MB"


def _capped(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 20] + f" … [{len(message):,} characters]"


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
        self.message = _capped(message)
        super().__init__(f"{self.where}: {self.message}")

    def __reduce__(self):  # so that a worker process can raise it to the build
        return (type(self), (self.where.path, self.where.line, self.message))


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
