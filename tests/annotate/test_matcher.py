"""Finding mentions: checked against counts read off the seeds by hand."""
from __future__ import annotations

import pytest

from builder.annotate.matcher import Matcher
from builder.annotate.mentions import annotate
from builder.models import Article, Entity

from ..seeds import MATCHER, REGISTRY, body_counts, seed_article


def test_tokayev_in_003():
    # "Presiden Kazakhstan Tokayev di Istana", "Presiden Tokayev bertemu", "Tokayev mengatakan"
    assert body_counts("003")["kassym-jomart-tokayev"] == 3


def test_xian_is_a_city_not_xi_in_003():
    counts = body_counts("003")
    assert counts["xian"] == 1
    # Xi Jinping is named five times, always in full; "Xi'an" is not one of them
    assert counts["xi-jinping"] == 5
    texts = [m.text for m in annotate(seed_article("003"), MATCHER).mentions if m.entity == "xi-jinping"]
    assert "Xi'an" not in texts and "Xi" not in texts


def test_as_is_the_united_states_in_004_and_as_is_not():
    mentions = [m for m in annotate(seed_article("004"), MATCHER).mentions if m.entity == "amerika-serikat"]
    # "dari AS dan blok NATO", "NATO dan AS tentang", "Luar Negeri AS untuk", "dominasi AS atas",
    # "Rusia dengan AS merosot", "AS, Kanada, Australia"
    assert [m.text for m in mentions] == ["AS"] * 6
    lowercase = Article(slug="x", title="t", date=None, date_source=None, publisher=None, dateline=None,
                        language="id", summary="", body="Sama seperti as roda, Astana bukan AS.", src_path="x")
    assert [m.entity for m in annotate(lowercase, MATCHER).mentions] == ["astana", "amerika-serikat"]


def test_nur_sultan_resolves_to_astana_in_000():
    mentions = [m for m in annotate(seed_article("000"), MATCHER).mentions if m.entity == "astana"]
    assert [m.text for m in mentions] == ["Nur-Sultan", "Nur-Sultan"]


def test_hyphenated_pairs_count_for_both():
    found = MATCHER.find("hubungan Tiongkok-Kazakhstan dan KTT China-Asia Tengah serta Kazakhstan-Tiongkok")
    assert [m.entity for m in found] == ["tiongkok", "kazakhstan", "ktt-tiongkok-asia-tengah", "kazakhstan", "tiongkok"]


def test_an_english_possessive_names_the_entity_and_an_apostrophe_inside_a_name_does_not():
    found = MATCHER.find("Kazakhstan's envoy met China’s minister in Xi'an; Xi's aides waited.")
    assert [(m.entity, m.text) for m in found] == [
        ("kazakhstan", "Kazakhstan"), ("tiongkok", "China"), ("xian", "Xi'an")]  # 'Xi' alone is a short name


def test_longest_alias_wins_and_short_names_need_a_full_mention_first():
    found = MATCHER.find("Xi tiba. Presiden Xi Jinping bertemu Organisasi Kerjasama Shanghai. Xi berpidato di Xi'an.")
    assert [(m.entity, m.text) for m in found] == [
        ("xi-jinping", "Xi Jinping"), ("sco", "Organisasi Kerjasama Shanghai"),
        ("xi-jinping", "Xi"), ("xian", "Xi'an")]


def test_title_short_name_resolves_through_the_body():
    annotation = annotate(seed_article("004"), MATCHER)
    title = [m for m in annotation.mentions if m.field == "title"]
    assert [(m.entity, m.text) for m in title] == [("kremlin", "Kremlin"), ("xi-jinping", "Xi"),
                                                   ("vladimir-putin", "Putin"), ("barat", "Barat")]


def test_entities_are_frozen_records():
    assert isinstance(REGISTRY[0], Entity)
    with pytest.raises(AttributeError):
        REGISTRY[0].name = "x"  # type: ignore[misc]


def test_names_in_chinese_and_russian_are_found_inside_running_text():
    entities = (Entity(id="kassym-jomart-tokayev", name="Kassym-Jomart Tokayev", type="person",
                       aliases=("托卡耶夫", "Токаев"), short=(), description=""),
                Entity(id="astana", name="Astana", type="place", aliases=("阿斯塔纳", "Астане"), short=(),
                       description=""))
    matcher = Matcher(entities)
    # Chinese writes no spaces: the names are found among the characters around them.
    found = matcher.find("国家主席3日在阿斯塔纳同哈萨克斯坦总统托卡耶夫举行会谈。")
    assert [(m.entity, m.text) for m in found] == [("astana", "阿斯塔纳"), ("kassym-jomart-tokayev", "托卡耶夫")]
    # Cyrillic words are whole words, as Latin ones are: "Токаевым" is not "Токаев".
    found = matcher.find("Токаев провёл встречу в Астане; с Токаевым согласились.")
    assert [(m.entity, m.text) for m in found] == [("kassym-jomart-tokayev", "Токаев"), ("astana", "Астане")]
