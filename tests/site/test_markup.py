"""Markdown conversion: the pattern gate skips only searches that cannot match."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.site.markup import new_markdown, required_text, scan_only_where_patterns_can_match

ABBREVIATIONS = {"PBB": "Perserikatan Bangsa-Bangsa", "SCO": "Organisasi Kerja Sama Shanghai"}


def test_required_text_names_what_every_match_contains():
    assert required_text(re.compile(r"(?<!\.)\.{3}(?!\.)")) == ("...",)
    assert required_text(re.compile(r"\[\^([^\]]*)\]")) == ("[^",)
    assert required_text(re.compile(r"\*|_")) == ("*", "_")
    assert required_text(re.compile(r"(?:\s|--)'(?=\w)")) == ("'",)
    assert required_text(re.compile(r"x?y")) == ("y",)
    assert required_text(re.compile(r"(?=a)\w+")) == ("a",)  # what a lookahead reads is in the text too
    assert required_text(re.compile(r"ab+c")) == ("ab",)


def test_required_text_is_empty_when_no_fixed_text_is_needed():
    assert required_text(re.compile(r"\s+")) == ()
    assert required_text(re.compile(r"a|\w")) == ()  # one branch needs nothing fixed
    assert required_text(re.compile(r"x*")) == ()
    assert required_text(re.compile(r"(?i)q")) == ()  # 'Q' matches too
    assert required_text(re.compile(r"(?i:ab)")) == ()


# Copy with every character an inline pattern of ours reacts to: brackets,
# quotes, dashes, dots, emphasis, backticks, backslashes, entities, tags,
# footnote references, abbreviations, line breaks.
PIECES = ["kata", "Xi", "PBB", "SCO", "'", '"', "''", '""', "'90s", "--", "---", "...", "....", "*", "**", "_", "__",
          "`", "``", "\\", "\\\\", "[", "]", "(", ")", "![", "[^1]", "[^1]:", "[a](http://x.id)", "<", ">",
          "<http://x.id>", "<a@b.id>", "&amp;", "&#8212;", "&", "#", "-", "1.", "  \n", "\n", "\n\n", " ", "\t",
          "–", "—", "“", "”", "s", "1990", "\u00a0", "<b>"]
markdown_copy = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=60).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_copy)
@example("Dia berkata: \"Kami -- dan mereka --- setuju...\" lalu 'pergi'. **Tegas** _sekali_ `kode` [^1]\n\n[^1]: Catatan")
def test_gated_patterns_give_the_same_html(text):
    plain = new_markdown(ABBREVIATIONS, "id")
    gated = new_markdown(ABBREVIATIONS, "id")
    scan_only_where_patterns_can_match(gated)
    assert gated.convert(text) == plain.convert(text)
