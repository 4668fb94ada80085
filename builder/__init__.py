"""Annotated news-archive generator: raw articles in, a static website out."""

__version__ = "0.2.0"
