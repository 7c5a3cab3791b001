"""find_people: typo-tolerant name search, its visibility, its cache, and where people type names."""

import pytest

from knowflow.accounts.actions import set_account_active, update_account
from knowflow.core.testing import make_person
from knowflow.help.actions import anonymous_author
from knowflow.people.queries import complete_people, find_people


@pytest.fixture
def crowd(engineering, sales):
    return {
        name: make_person(name, department=engineering if i % 2 else sales)
        for i, name in enumerate(
            [
                "Priya Sharma",
                "Priyanka Shah",
                "José García",
                "Thomas Müller",
                "Tom Marsh",
                "Seán O'Neil",
                "Christopher Fernandez",
            ]
        )
    }


def found(viewer, text, **kwargs):
    return [(m.name, m.kind, m.edits) for m in find_people(viewer, text, **kwargs)]


def test_exact_prefix_and_fuzzy(alice, crowd):
    assert found(alice, "Priya") == [
        ("Priya Sharma", "exact", 0),
        ("Priyanka Shah", "prefix", 0),
    ]
    assert found(alice, "pri") == [("Priya Sharma", "prefix", 0), ("Priyanka Shah", "prefix", 0)]
    assert found(alice, "Pirya") == [("Priya Sharma", "fuzzy", 1)]
    assert found(alice, "Tomas") == [("Thomas Müller", "fuzzy", 1)]
    assert found(alice, "Fernnadez") == [("Christopher Fernandez", "fuzzy", 1)]
    assert found(alice, "Fernndz") == [("Christopher Fernandez", "fuzzy", 2)]


def test_case_and_accents_do_not_matter(alice, crowd):
    assert found(alice, "jose") == [("José García", "exact", 0)]
    assert found(alice, "JOSÉ GARCIA") == [("José García", "exact", 0)]
    assert found(alice, "mueller") == [("Thomas Müller", "fuzzy", 1)]
    assert found(alice, "sean oneil") == [("Seán O'Neil", "exact", 0)]


def test_multi_word_needs_every_word(alice, crowd):
    assert found(alice, "priya sh") == [("Priya Sharma", "prefix", 0)]
    assert found(alice, "garcia jose") == [("José García", "exact", 0)]
    assert found(alice, "priya fernandez") == []
    assert found(alice, "@priya.sharma") == [("Priya Sharma", "exact", 0)]


def test_ranking_and_limit(alice, crowd):
    # "Tom" exactly, then the starts of words, then nothing fuzzy (three letters).
    assert [m.name for m in find_people(alice, "tom")] == ["Tom Marsh"]
    assert [m.name for m in find_people(alice, "thom")] == ["Thomas Müller", "Tom Marsh"]
    scores = [m.score for m in find_people(alice, "thom")]
    assert scores == sorted(scores, reverse=True)
    assert [m.name for m in find_people(alice, "s", limit=2)] == ["Priya Sharma", "Priyanka Shah"]
    assert find_people(alice, "priya", limit=0) == []


def test_inactive_people_and_placeholders_are_never_found(alice, crowd):
    anonymous_author()
    set_account_active(crowd["Tom Marsh"], active=False)
    assert found(alice, "anonymous colleague") == []
    assert found(alice, "anonymous") == []
    assert [m.name for m in find_people(alice, "tom")] == []
    assert [m.name for m in find_people(alice, "thom")] == ["Thomas Müller"]


def test_imported_people_are_found_as_in_the_directory_and_stand_ins_are_not(alice, crowd):
    import datetime as dt

    from knowflow.accounts.actions import IMPORTED_DOMAIN, ImportedPerson, create_imported_people

    assert found(alice, "tom")  # the index is built before the import
    when = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    create_imported_people(
        [
            ImportedPerson(email=f"u1{IMPORTED_DOMAIN}", full_name="Tomasz Nowak", joined_at=when),
            ImportedPerson(
                email=f"u2{IMPORTED_DOMAIN}",
                full_name="Zylber Deleted",
                joined_at=when,
                active=False,
            ),
        ]
    )
    assert [m.name for m in find_people(alice, "zylber")] == []
    assert [m.name for m in find_people(alice, "nowak")] == ["Tomasz Nowak"]


def test_a_stale_index_never_shows_someone_hidden(alice, crowd):
    from django.contrib.auth import get_user_model

    assert found(alice, "tom")
    # Another process deactivates Tom: this process still holds the index that lists him,
    # and the fetch through people_visible_to leaves him out all the same.
    get_user_model().objects.filter(pk=crowd["Tom Marsh"].pk).update(is_active=False)
    assert found(alice, "tom") == []


@pytest.mark.parametrize(
    "text",
    ["", "   ", "@", "!!!?.,;", "x" * 10_000, "priya " * 2_000, "🙂🎉", "\x00", "pri\x00ya", "ß"],
)
def test_bad_input_finds_nothing_or_something_never_fails(alice, crowd, text):
    result = find_people(alice, text)
    assert isinstance(result, list)
    complete_people(alice, text=text)


def test_a_rename_is_found_at_once(alice, crowd):
    assert found(alice, "priya")
    update_account(crowd["Priya Sharma"], full_name="Priya Raman", timezone_name="")
    assert found(alice, "raman") == [("Priya Raman", "exact", 0)]
    assert found(alice, "sharma") == []
    newcomer = make_person("Zoë Quinn")
    assert [m.user for m in find_people(alice, "zoe")] == [newcomer]


def test_directory_offers_close_names_when_the_text_finds_no_one(
    alice_client, crowd, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        html = alice_client.get("/people/", {"q": "Pirya"}).content.decode()
    assert "Did you mean" in html and "Priya Sharma" in html
    html = alice_client.get("/people/", {"q": "Priya"}).content.decode()
    assert "Did you mean" not in html and "Priyanka Shah" in html
    html = alice_client.get("/people/", {"q": "zzqqxx"}).content.decode()
    assert "Did you mean" not in html and "No one matches these filters" in html


def test_directory_suggestions_meet_the_other_filters(alice_client, crowd, sales):
    # Priya Sharma is in Sales (even position), Priyanka Shah in Engineering.
    html = alice_client.get("/people/", {"q": "Pirya", "department": sales.slug}).content.decode()
    assert "Priya Sharma" in html
    html = alice_client.get(
        "/people/", {"q": "Priyankaa", "department": sales.slug}
    ).content.decode()
    assert "Priyanka Shah" not in html and "Did you mean" not in html


@pytest.mark.parametrize("text", ["🙂", "x" * 10_000, "!!!", "@@@", "José"])
def test_directory_never_fails_on_odd_text(alice_client, crowd, text):
    assert alice_client.get("/people/", {"q": text}).status_code == 200


def test_mention_suggestions_tolerate_typos(alice_client, crowd):
    html = alice_client.get("/posts/suggest/", {"body": "thanks @Pirya"}).content.decode()
    assert 'data-complete="@priya.sharma"' in html
    html = alice_client.get("/posts/suggest/", {"body": "thanks @jose"}).content.decode()
    assert "José García" in html
    # The handle itself, which the name does not resemble, still completes.
    html = alice_client.get("/posts/suggest/", {"body": "cc @christopher.fe"}).content.decode()
    assert 'data-complete="@christopher.fernandez"' in html
