"""Front matter and YAML as people write them: values, lines, and the messages for broken or hostile input."""
from __future__ import annotations

import datetime as dt

import pytest

from builder.content.frontmatter import parse_date, split_front_matter
from builder.errors import ContentError


def test_front_matter_keeps_line_numbers():
    front = split_front_matter("---\ntitle: A\n\ndate: 2022-01-12\n---\n\nIsi.\n", "a.md")
    assert front.values["date"] == "2022-01-12"  # dates are ours to parse, not YAML's
    assert front.key_lines == {"title": 2, "date": 4}
    assert front.body == "Isi.\n" and front.body_line == 7


@pytest.mark.parametrize("text, line, words", [
    ("title: A\n---\n", 1, "starting with '---'"),
    ("---\ntitle: A\n", 1, "never closed"),
    ("---\ntitle: A\n  b: [\n---\n", 3, "YAML error"),
])
def test_broken_front_matter_names_the_line(text, line, words):
    with pytest.raises(ContentError) as info:
        split_front_matter(text, "x.md")
    assert str(info.value).startswith(f"x.md:{line}: ") and words in str(info.value)


@pytest.mark.parametrize("value, expected", [
    ("2022-01-12", dt.date(2022, 1, 12)),
    ("2024-07-03T20:17:40", dt.datetime(2024, 7, 3, 20, 17, 40)),
    ("2025-06-16T10:30:00+07:00", dt.datetime(2025, 6, 16, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))),
    (None, None),
])
def test_dates(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["kemarin", "2024-13-01", "14/9/22", 20220914])
def test_bad_dates_raise(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize("front, line, words", [
    ("title: A\ndate: " + "9" * 5000, 3, "a number too long to read"),
    ("title: !!python/object:os.system x", 2, "!!python/object are not allowed"),
    ("? [a, b]\n: c\ntitle: A", 2, "a key must be a name"),
])
def test_hostile_front_matter_gets_a_message_with_its_line(front, line, words):
    with pytest.raises(ContentError) as info:
        split_front_matter(f"---\n{front}\n---\nIsi.\n", "x.md")
    assert str(info.value).startswith(f"x.md:{line}: ") and words in str(info.value), str(info.value)


def test_nesting_deep_enough_to_crash_the_yaml_library_is_refused():
    """libyaml nests by recursion in C: 100,000 levels ended the process."""
    with pytest.raises(ContentError) as info:
        split_front_matter("---\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n---\nIsi.\n", "x.md")
    assert str(info.value) == "x.md:2: YAML nested more than 64 levels deep; flatten the lists and mappings"
