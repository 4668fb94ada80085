"""Reading content/articles: every value checked, hostile files refused, all problems reported at once."""
from __future__ import annotations

import os

from builder.content.articles import read_articles


def test_keys_of_the_archives_own_reach_templates_and_typos_are_warned_about(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: A\npublsher: X\nrubrik: Ekonomi\n---\nIsi.\n",
                                                encoding="utf-8")
    articles, warnings, errors = read_articles(tmp_path)
    assert not errors and len(articles) == 1
    assert warnings == [f"{tmp_path}/articles/a.md:3: unknown front-matter key 'publsher' (did you mean "
                        "'publisher'?); the builder does not read it, templates see it as article.extra"]
    assert articles[0].publisher is None
    assert articles[0].extra == {"publsher": "X", "rubrik": "Ekonomi"}


def test_missing_title_and_bad_choice_are_errors(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ndate: null\ndate_source: guessed\n---\nIsi.\n", encoding="utf-8")
    _, _, errors = read_articles(tmp_path)
    text = sorted(str(e) for e in errors)
    assert text[0].startswith(f"{tmp_path}/articles/a.md:1: title: required")
    assert text[1].startswith(f"{tmp_path}/articles/a.md:3: date_source: expected one of stated, inferred, editor")


def test_duplicate_slugs_are_an_error(tmp_path):
    (tmp_path / "articles").mkdir()
    for name in ("a", "b"):
        (tmp_path / "articles" / f"{name}.md").write_text("---\ntitle: X\nslug: sama\n---\n", encoding="utf-8")
    _, _, errors = read_articles(tmp_path)
    assert len(errors) == 1 and f"slug 'sama' is also used by {tmp_path}/articles/a.md" in str(errors[0])


def test_deep_or_exploding_front_matter_gives_short_messages(tmp_path):
    (tmp_path / "articles").mkdir()
    bomb = ["x0: &x0 [a, a, a, a, a, a, a, a, a]"] + [f"x{n}: &x{n} [{', '.join([f'*x{n - 1}'] * 9)}]" for n in range(1, 9)]
    (tmp_path / "articles" / "bomb.md").write_text("---\n" + "\n".join(bomb) + "\ntitle: *x8\n---\nIsi.\n", encoding="utf-8")
    (tmp_path / "articles" / "deep.md").write_text("---\ntitle: " + "[" * 10000 + "]" * 10000 + "\n---\nIsi.\n",
                                                   encoding="utf-8")
    articles, warnings, errors = read_articles(tmp_path)
    messages = sorted(str(e) for e in errors)
    assert len(messages) == 2 and not articles
    assert messages[0].startswith(f"{tmp_path}/articles/bomb.md:11: title: expected text, got list")
    assert messages[1] == f"{tmp_path}/articles/deep.md:2: YAML nested more than 64 levels deep; flatten the lists and mappings"
    assert all(len(m) < 600 for m in messages + warnings)


def test_links_out_of_the_content_folder_and_special_files_are_refused(tmp_path):
    """A link to a file elsewhere would publish it; /dev/zero would be read
    until memory runs out; a named pipe would hang the build."""
    outside = tmp_path / "rahasia.txt"
    outside.write_text("---\ntitle: Rahasia\n---\nkata sandi\n", encoding="utf-8")
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "baik.md").write_text("---\ntitle: Baik\n---\nIsi.\n", encoding="utf-8")
    (content / "articles" / "salinan.md").symlink_to(content / "articles" / "baik.md")  # inside: fine
    (content / "articles" / "bocor.md").symlink_to(outside)
    (content / "articles" / "nol.md").symlink_to("/dev/zero")
    os.mkfifo(content / "articles" / "pipa.md")
    articles, warnings, errors = read_articles(content)
    assert sorted(a.src_path for a in articles) == ["articles/baik.md", "articles/salinan.md"]
    messages = sorted(str(e) for e in errors)
    assert messages == [
        f"{content}/articles/bocor.md: a link to {outside}, outside {content}; copy the file into {content} instead",
        f"{content}/articles/nol.md: a link to /dev/zero, outside {content}; copy the file into {content} instead",
        f"{content}/articles/pipa.md: not a regular file (a folder, device or named pipe); remove it",
    ]


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    (tmp_path / "articles").mkdir()
    with open(tmp_path / "articles" / "besar.md", "wb") as handle:
        handle.truncate(int(5.7 * 2**20))  # sparse: nothing is written
    articles, _, errors = read_articles(tmp_path)
    assert [str(e) for e in errors] == [f"{tmp_path}/articles/besar.md: file is 5.7 MB, over the limit of 5 MB; "
                                        "split it or shorten it"]


def test_a_slug_used_twice_is_an_error_at_its_line(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: A\n---\nIsi.\n", encoding="utf-8")
    (tmp_path / "articles" / "b.md").write_text("---\ntitle: B\ndate: 2022-01-01\nslug: a\n---\nIsi.\n",
                                                encoding="utf-8")
    _, _, errors = read_articles(tmp_path)
    assert [str(e) for e in errors] == [f"{tmp_path}/articles/b.md:4: slug 'a' is also used by {tmp_path}/articles/"
                                        "a.md; give one of them another slug"]


def test_direction_controls_and_nul_characters_in_an_article_are_warned_about(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: \"Judul \u202eabc\"\n---\nIsi\x00 berita.\n",
                                                encoding="utf-8")
    articles, warnings, errors = read_articles(tmp_path)
    assert not errors and len(articles) == 1
    assert any(w.startswith(f"{tmp_path}/articles/a.md:2: a character that reverses") for w in warnings), warnings
    assert any(w.startswith(f"{tmp_path}/articles/a.md:4: a NUL character") for w in warnings), warnings


def test_a_footnote_referred_to_but_never_given_is_warned_about_once(tmp_path):
    """python-markdown leaves a reference to a missing footnote as written
    ("[^2]" on the page): the editor is told where, once per footnote."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(
        "---\ntitle: A\n---\nAstana[^1] dan Nur-Sultan[^nama lama].\n\nLagi[^nama lama], dan [^1] lagi.\n\n"
        "[^1]: Ibu kota Kazakhstan.\n", encoding="utf-8")
    articles, warnings, errors = read_articles(tmp_path)
    assert not errors and len(articles) == 1
    assert warnings == [f"{tmp_path}/articles/a.md:4: footnote [^nama lama] is referred to but never given, so the "
                        "page shows it as written; add a line '[^nama lama]: ...' after the text, or remove the "
                        "reference"]
