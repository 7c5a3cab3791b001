"""search.text: the one normalization, used at index and at query time."""

from __future__ import annotations

from knowflow.search.text import MAX_QUERY_TERMS, query_terms, stem, terms


def test_terms_are_stems_without_stop_words():
    assert terms("How do I rotate the Kubernetes certificates?") == [
        "rotat",
        "kubernet",
        "certif",
    ]
    # Inflections meet at one stem: what lets a paraphrase find the original.
    assert terms("rotating rotated rotation") == ["rotat", "rotat", "rotat"]


def test_markdown_and_html_become_the_words_a_reader_sees():
    text = (
        "**Deploying** [the guide](https://wiki.example.com/deploy-guide) <b>now</b> &amp; "
        "`kubectl apply` <!-- hidden --> see https://example.org/x?y=z"
    )
    # Link targets and bare URLs are gone ("https", "com" would match everything that links).
    assert terms(text) == ["deploy", "guid", "kubectl", "appli", "see"]


def test_accents_case_and_width_fold_away():
    assert terms("Café RÉSUMÉ") == terms("cafe resume")
    assert terms("ｆｕｌｌｗｉｄｔｈ") == terms("fullwidth")


def test_underscores_split_words_as_the_engines_do():
    assert terms("snake_case") == ["snake", "case"]


def test_only_stop_words_or_symbols_give_nothing():
    assert terms("") == []
    assert terms("what is it that you do?") == []
    assert terms('OR NOT "* ( ) : ^ - + AND') == []


def test_tokens_too_long_to_mean_anything_are_dropped():
    assert terms("a" * 65 + " postgres") == ["postgr"]
    assert terms("b" * 64) == [stem("b" * 64)]


def test_query_terms_title_first_then_body_by_frequency():
    got = query_terms(
        "Rotate Kubernetes certificates",
        "ingress ingress ingress renewal renewal certificate expire",
    )
    assert got == ["rotat", "kubernet", "certif", "ingress", "renew", "expir"]


def test_query_terms_are_bounded():
    words = " ".join(f"word{i}" for i in range(200))
    assert len(query_terms(words, words)) == MAX_QUERY_TERMS
    # Only the start of a long body is read.
    assert query_terms("", "x " * 2_000 + "needle") == ["x"]


def test_stems_are_cached():
    stem.cache_clear()
    terms("certificates certificates certificates")
    info = stem.cache_info()
    assert info.misses == 1 and info.hits == 2
