"""Annotated news-archive generator: raw articles in, a static website out."""

__version__ = "0.1.0"
