"""Quotes and their speakers, against a hand-labelled list."""
from __future__ import annotations

import yaml

from builder.annotate.mentions import annotate
from builder.models import Article

from ..conftest import FIXTURES
from ..seeds import MATCHER, seed_article

LABELS = yaml.safe_load((FIXTURES / "quotes.yaml").read_text(encoding="utf-8"))


def test_quote_extraction_against_the_hand_labelled_list(capsys):
    extracted = labelled = correct = 0
    for stem, expected in LABELS.items():
        quotes = annotate(seed_article(stem), MATCHER).quotes
        extracted += len(quotes)
        labelled += len(expected)
        for label in expected:
            hits = [q for q in quotes if q.text.startswith(label["starts"])]
            correct += any(q.speaker == label["speaker"] for q in hits)
    precision, recall = correct / extracted, correct / labelled
    with capsys.disabled():
        print(f"\nquotes: {extracted} extracted, {labelled} labelled, {correct} right "
              f"(text and speaker): precision {precision:.2f}, recall {recall:.2f}")
    assert labelled == 21
    assert precision >= 0.9 and recall >= 0.9


def test_no_speaker_is_guessed():
    text = 'Para pejabat bertemu di Astana. "Kami akan bekerja sama lebih erat lagi," kata seorang pejabat.'
    item = Article(slug="x", title="t", date=None, date_source=None, publisher=None, dateline=None,
                   language="id", summary="", body=text, src_path="x")
    quotes = annotate(item, MATCHER).quotes
    assert len(quotes) == 1 and quotes[0].speaker is None


def test_scare_quotes_and_terms_are_not_quotes():
    quotes = [q.text for q in annotate(seed_article("003"), MATCHER).quotes]
    assert quotes == []  # "30 tahun emas", "tiga kekuatan jahat", a document title


def _quotes(text: str, language: str) -> list[tuple[str, str | None]]:
    item = Article(slug="x", title="t", date=None, date_source=None, publisher=None, dateline=None,
                   language=language, summary="", body=text, src_path="x")
    return [(q.text, q.speaker) for q in annotate(item, MATCHER).quotes]


def test_english_cues_name_the_speaker_after_before_and_by_pronoun():
    text = ('Xi Jinping arrived in Astana on Tuesday. "We will build the corridor together," Xi said.\n\n'
            'Tokayev told reporters that the talks went well. "Our friendship is older than any treaty," he said.\n\n'
            '"The region deserves peace and trade," according to Wang Yi.\n\n'
            'Wang Yi told the ministers: "Nobody should treat Central Asia as a chessboard."\n\n'
            '"We have always trusted Tokayev," he said. "The corridor will open next year," he added.')
    assert _quotes(text, "en") == [
        ("We will build the corridor together", "xi-jinping"),
        ("Our friendship is older than any treaty", "kassym-jomart-tokayev"),  # 'he': the last named, Tokayev
        ("The region deserves peace and trade", "wang-yi"),
        ("Nobody should treat Central Asia as a chessboard.", "wang-yi"),
        ("We have always trusted Tokayev", "wang-yi"),
        ("The corridor will open next year", "wang-yi"),  # still Wang: a name quoted is not a speaker
    ]


def test_menurut_attributes_a_quote_and_menurutnya_refers_back():
    text = ('"Kerja sama ini menguntungkan kedua negara," menurut Wang Yi.\n\n'
            '"Jalur kereta baru akan dibuka tahun depan," menurutnya.')
    assert _quotes(text, "id") == [("Kerja sama ini menguntungkan kedua negara", "wang-yi"),
                                   ("Jalur kereta baru akan dibuka tahun depan", "wang-yi")]
