"""Property-based tests: arbitrary input never raises anything but our own
errors, and ingest is stable on its own output."""
from __future__ import annotations

import re

import markdown
from hypothesis import assume, HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.annotate.matcher import Matcher
from builder.annotate.mentions import annotate
from builder.content.articles import read_article
from builder.content.frontmatter import split_front_matter
from builder.content.registry import load_registry
from builder.errors import BuilderError, ContentError, SeedError
from builder.ingest.draft import draft_from_bytes, escape_markdown
from builder.ingest.rows import date_row
from builder.models import Article

from .conftest import ROOT

MATCHER = Matcher(load_registry(ROOT / "content" / "entities.yaml"))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like news copy: names from the registry, Indonesian words,
# punctuation, quotes, dashes, digits, odd spaces and line breaks.
WORDS = ["Xi", "Jinping", "Xi'an", "Tokayev", "AS", "as", "Nur-Sultan", "Tiongkok-Kazakhstan", "kata", "tambahnya",
         "mengatakan", "bahwa", "dan", "yang", "JAKARTA", "-", "–", "—", "RIAU24.COM", "(ANTARA)", "Senin",
         "(16/6/2025)", "12", "Januari", "2022", "\"", "'", "“", "”", ".", ",", "***", "1.", "2.", "#", "*", "_",
         "<b>", "</script>", "[^1]", "Baca", "juga:", "Komentar", "\u00a0", "\t", "\n", "\n\n", "    "]
news_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=8), max_size=80).map(" ".join)
# Shaped like copied articles: a headline, then lines of news words.
news_line = st.lists(st.sampled_from(WORDS[:-5]) | st.sampled_from(["Presiden", "berkata", "kerja", "sama", "di"]),
                     min_size=1, max_size=30).map(" ".join)
news_article = st.lists(news_line, min_size=2, max_size=12).map("\n".join)


@FAST
@given(st.binary(max_size=2000))
def test_ingest_of_any_bytes_raises_only_seed_errors(raw):
    try:
        draft_from_bytes(raw, "x.txt")
    except SeedError:
        pass


@FAST
@given(news_text | news_article)
def test_ingest_of_any_text_raises_only_seed_errors(text):
    try:
        draft = draft_from_bytes(text.encode("utf-8"), "x.txt")
    except SeedError:
        return
    assert draft.title.strip() and draft.body.endswith("\n")


@FAST
@given(st.text(max_size=400) | news_text.map(lambda t: "---\n" + t + "\n---\n" + t))
def test_front_matter_of_any_text_raises_only_content_errors(text):
    try:
        split_front_matter(text, "x.md")
    except ContentError:
        pass


@FAST
@given(st.text(max_size=300))
def test_reading_any_article_file_raises_only_our_errors(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("c")
    (folder / "articles").mkdir()
    path = folder / "articles" / "a.md"
    path.write_text("---\ntitle: A\n" + text + "\n---\nIsi.\n", encoding="utf-8", errors="surrogatepass") \
        if "\ud800" not in text else path.write_bytes(b"---\ntitle: A\n---\n")
    try:
        read_article(path, folder)
    except BuilderError:
        pass


@FAST
@given(news_text)
def test_matching_and_quotes_never_raise_and_offsets_are_exact(text):
    item = Article(slug="x", title=text[:60] or "t", date=None, date_source=None, publisher=None, dateline=None,
                   language="id", summary="", body=text, src_path="x")
    annotation = annotate(item, MATCHER)
    last_end = -1
    for mention in annotation.mentions:
        source = text if mention.field == "body" else item.title
        assert source[mention.start:mention.end] == mention.text
        if mention.field == "body":
            assert mention.start >= last_end
            last_end = mention.end
    for quote in annotation.quotes:
        assert quote.text.strip() and 0 <= quote.start <= quote.end <= len(text)


def plain_text(title: str, body: str, dateline: str | None = None) -> str:
    """A draft turned back into plain text, as a person would copy it: the
    dateline ingest took off the lead goes back in front of it."""
    lines = []
    for line in body.split("\n"):
        line = re.sub(r"^## ", "", line)
        line = re.sub(r"\\(.)", r"\1", line).replace("&lt;", "<").replace("&gt;", ">")
        lines.append(line)
    if dateline and lines:
        lines[0] = f"{dateline} - {lines[0]}"
    return title + "\n" + "\n".join(lines)


# The same 600 texts on every run (derandomize): a make test that passes
# passes again. Longer runs of random texts (8,000 at a time) find further
# unstable round trips; each one fixed becomes an @example below.
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(news_article)
@example("Xi\nBaca juga: Xi Xi Xi\nXi\nXi Xi Xi Xi Xi")  # found by hypothesis: furniture between repeated headlines
@example("Xi - Xi Xi Xi Xi Xi Xi Xi . Xi\nXi")  # found by hypothesis: a lead whose first sentence ends " ."
@example("Xi Xi Xi Xi Xi ***\nXi -\nXi Xi Xi Xi Xi ***")  # found by hypothesis: a separator after the headline
@example("Xi\nXi - Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi\nXi - Xi Xi Xi Xi Xi 1.")  # found: a second dateline below
@example("Xi\nRIAU24.COM - Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi Xi\nXi Xi Xi Xi Xi Xi Xi Xi")  # found: a publisher lead
@example("Xi - ***\nXi")  # found by hypothesis: a dash before a separator after the headline
@example("Xi *** ***\nXi")  # found by hypothesis: two separators after the headline
@example("juga: ***\nXi")  # found by hypothesis: a colon before the separator
@example("Presiden ***\nPresiden\nXi")  # found by hypothesis: a headline printed again, the first time with a separator
@example("Xi\nBaca — Xi Xi Xi Xi Xi Xi Xi Xi Xi (16/6/2025)\nXi")  # found: a related link after an em dash
def test_ingest_is_stable_on_its_own_output(text):
    try:
        first = draft_from_bytes(text.encode("utf-8"), "x.txt")
    except SeedError:
        return
    # A date line under a line makes that line read as a headline; once ingest
    # has taken the date line out, the same line reads as text: not comparable.
    # A provisional title copies the lead's opening, so the copy reads as a
    # headline above the lead: the text that comes back is not the one read.
    assume(first.title_source == "headline")
    assume(not any("(a date line)" in item for item in first.removed) and not date_row(first.title))
    # A lead that opened with the publisher alone ("RIAU24.COM - ...") loses it
    # to the front matter, so the text that comes back is not the one read either.
    assume(not (first.publisher and any(line.startswith(f"{first.publisher} - ") for line in text.splitlines())))
    second = draft_from_bytes(plain_text(first.title, first.body, first.dateline).encode("utf-8"), "x.txt")
    assert second.title == first.title
    assert second.body == first.body


@FAST
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=120))
@example("&ap;")  # found by hypothesis: an entity name in the text must not become the character
@example("AT&T &amp; co; &#8217;")
@example("---")  # found by hypothesis: a line of dashes must not become a rule
@example("-- -")
def test_escaped_text_renders_as_itself(text):
    line = " ".join(text.split())
    if not line:
        return
    html = markdown.markdown(escape_markdown(line))
    rendered = re.sub(r"<[^>]+>", "", html)
    import html as html_lib

    assert " ".join(html_lib.unescape(rendered).split()) == line
