"""core.names: folding, words and the matching rules, without a database."""

from knowflow.core.names import build_name_index, fold, max_edits, name_words, query_words


def test_fold_drops_case_accents_and_apostrophes():
    assert fold("José GARCÍA") == "jose garcia"
    assert fold("Søren Łukasz Æsir") == "soren lukasz aesir"
    assert name_words("Seán O'Neil-Smith") == ["sean", "oneil", "smith"]
    assert name_words("@priya.sharma") == ["priya", "sharma"]


def test_query_words_are_bounded_and_never_fail():
    assert query_words("") == []
    assert query_words("!!! ... ###") == []
    assert query_words("🙂 \x00 \u200b") == []
    assert query_words("pri\x00ya") == ["pri", "ya"]
    assert len(query_words("word " * 2000)) == 6
    assert query_words("x" * 10_000) == []  # one 10,000-letter "word" is not a name
    assert query_words(None) == []  # type: ignore[arg-type]


def test_edit_allowance_grows_with_length():
    assert [max_edits(n) for n in (3, 4, 7, 8, 12)] == [0, 1, 1, 2, 2]


def _names(index, text):
    return [(index.names[h.position], h.kind, h.edits) for h in index.search(query_words(text))]


def test_ranking_exact_then_prefix_then_fuzzy_then_order():
    index = build_name_index(
        [(1, "Ana Lima"), (2, "Anabel Costa"), (3, "Anna Berg"), (4, "Anne Dahl")],
        keep_names=True,
    )
    assert _names(index, "ana") == [
        ("Ana Lima", "exact", 0),
        ("Anabel Costa", "prefix", 0),
    ]  # three letters: no typo tolerance ("ann", "anna" are other names)
    assert _names(index, "anna") == [
        ("Anna Berg", "exact", 0),
        ("Ana Lima", "fuzzy", 1),
        ("Anne Dahl", "fuzzy", 1),
    ]


def test_the_last_word_may_be_a_prefix_the_others_not():
    index = build_name_index([(1, "Priya Sharma"), (2, "Priyanka Shah")], keep_names=True)
    assert _names(index, "priya sh") == [("Priya Sharma", "prefix", 0)]
    assert _names(index, "sharma priya") == [("Priya Sharma", "exact", 0)]
    assert _names(index, "pri sharma") == []


def test_transposition_is_one_edit_and_long_words_allow_two():
    index = build_name_index([(1, "Christopher Fernandez")], keep_names=True)
    assert _names(index, "Crhistopher") == [("Christopher Fernandez", "fuzzy", 1)]
    assert _names(index, "Fernndz") == [("Christopher Fernandez", "fuzzy", 2)]
    assert _names(index, "Frnndz") == []
