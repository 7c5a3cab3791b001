"""The search page's engine: syntax, every kind of post, filters, counts and visibility."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from knowflow.core.testing import make_department, make_person
from knowflow.help.actions import answer_question, ask_question, comment_on
from knowflow.posts.actions import create_post, delete_post, edit_post
from knowflow.posts.models import Audience
from knowflow.posts.queries import can_see_post
from knowflow.search.queries import RESULT_CAP, SearchFilters, search
from knowflow.search.snippets import snippet
from knowflow.search.syntax import MAX_QUERY_CHARS, parse
from knowflow.topics.models import Topic


def found(viewer, query: str, **filters) -> list[int]:
    return [r.post.pk for r in search(viewer, parse(query), SearchFilters(**filters)).results]


# --- syntax ---------------------------------------------------------------------------------


def test_the_syntax_people_know():
    q = parse('"rolling upgrades" kubernetes -helm #Kubernetes @priya.shah')
    assert q.phrases == (("roll", "upgrad"),) and q.words == ("kubernet",)
    assert q.excluded == ("helm",) and q.topics == ("kubernetes",) and q.people == ("priya.shah",)
    assert set(q.highlight) == {"rolling", "upgrades", "kubernetes"}


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced phrase',
        '"',
        "- -- # @",
        "C++ c# .net",
        "日本語 テスト",
        "emoji 🚀 rocket",
        "a\x00b",
        "x" * 10_000,
        "OR NOT AND * ^ :",
        "(((",
    ],
)
def test_anything_typed_parses(text):
    q = parse(text)
    assert len(q.text) <= MAX_QUERY_CHARS


def test_what_cannot_be_searched_is_said():
    assert parse("the and of").notes and parse("the and of").is_empty
    assert parse("-helm").is_empty and parse("-helm").notes  # only leaving words out
    assert parse("x" * 10_000).notes  # cut, and nothing usable left
    assert not parse("kubernetes").notes


# --- matching -------------------------------------------------------------------------------


@pytest.fixture
def corpus(alice, bob, charlie):
    question = ask_question(
        alice,
        title="How do we roll out Kubernetes upgrades without downtime?",
        body="Our cluster runs version 1.28.",
        topics=["kubernetes"],
    )
    answer = answer_question(
        bob, question, body="We drain nodes one at a time: a rolling upgrade with helm charts."
    )
    comment = comment_on(charlie, answer, body="Draining worked for our cluster too.")
    post = create_post(bob, body="Wrote up how our #kubernetes upgrade went: smooth, no downtime.")
    other = create_post(charlie, body="Quarterly sales kickoff is on Monday.")
    return {
        "question": question.post,
        "answer": answer,
        "comment": comment,
        "post": post,
        "other": other,
    }


def test_every_kind_of_post_is_found(corpus, bob):
    hits = found(bob, "upgrade")
    assert set(hits) == {corpus["question"].pk, corpus["answer"].pk, corpus["post"].pk}
    # "drain" and "draining" stem alike
    assert set(found(bob, "draining")) == {corpus["answer"].pk, corpus["comment"].pk}
    assert found(bob, "worked") == [corpus["comment"].pk]
    assert found(bob, "zebra") == []


def test_phrases_exclusions_topics_and_people(corpus, bob):
    assert found(bob, '"rolling upgrade"') == [corpus["answer"].pk]
    assert found(bob, '"upgrade rolling"') == []  # the words, but not in that order
    assert corpus["answer"].pk not in found(bob, "upgrade -helm")
    # Answers carry their question's topics.
    tagged = {corpus["question"].pk, corpus["answer"].pk, corpus["post"].pk}
    assert set(found(bob, "upgrade #kubernetes")) == tagged
    assert set(found(bob, "#kubernetes")) >= {corpus["question"].pk, corpus["post"].pk}
    alice_handle = "@" + corpus["question"].author.email.split("@")[0]
    assert found(bob, f"upgrade {alice_handle}") == [corpus["question"].pk]
    assert found(bob, "#no-such-topic") == [] and found(bob, "upgrade @nobody") == []


def test_filters_counts_and_sorting(corpus, bob):
    page = search(bob, parse("upgrade"))
    assert page.total == 3 and not page.capped
    assert page.facets == {"question": 1, "answer": 1, "post": 1}
    assert found(bob, "upgrade", kind="answer") == [corpus["answer"].pk]
    kube = Topic.objects.get(slug="kubernetes")
    assert set(found(bob, "upgrade", topic=kube)) == {
        corpus["question"].pk,
        corpus["answer"].pk,
        corpus["post"].pk,
    }
    assert found(bob, "upgrade", authors=(corpus["post"].author_id,), kind="post") == [
        corpus["post"].pk
    ]
    assert found(bob, "upgrade", answered=True) == [corpus["question"].pk]
    assert found(bob, "upgrade", answered=False) == []
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert found(bob, "upgrade", since=tomorrow) == []
    assert len(found(bob, "upgrade", until=tomorrow)) == 3
    newest = found(bob, "upgrade", sort="newest")
    assert newest == [corpus["post"].pk, corpus["answer"].pk, corpus["question"].pk]
    results = search(bob, parse("upgrades")).results
    question = next(r for r in results if r.kind == "question")
    assert "<mark>upgrades</mark>" in question.title and question.answer_count == 1
    answer = next(r for r in results if r.kind == "answer")
    assert answer.title == question.title  # an answer is named by its question
    assert "<mark>upgrade</mark>" in answer.snippet and answer.url.endswith(
        f"#post-{answer.post.pk}"
    )


def test_department_filter_covers_teams_under_it(alice, bob, charlie, engineering):
    platform = make_department("Platform", parent=engineering)
    dana = make_person("Dana Diaz", department=platform)
    by_dana = create_post(dana, body="Capacity planning notes for the platform")
    by_charlie = create_post(charlie, body="Capacity planning for the sales team")
    assert found(bob, "capacity", department=engineering) == [by_dana.pk]
    assert set(found(bob, "capacity")) == {by_dana.pk, by_charlie.pk}


def test_edits_and_deletions_show_at_once(alice, bob):
    post = create_post(alice, body="Notes about the staging database")
    assert found(bob, "staging") == [post.pk]
    edit_post(alice, post, body="Notes about the production database")
    assert found(bob, "staging") == [] and found(bob, "production") == [post.pk]
    delete_post(alice, post)
    assert found(bob, "production") == []


def test_a_common_word_is_searched_among_the_newest_posts(alice, bob, monkeypatch):
    from knowflow.search import queries
    from knowflow.search.actions import refresh_term_stats

    monkeypatch.setattr(queries, "POSTINGS_BUDGET", 5)
    monkeypatch.setattr(queries, "WINDOW_BUDGET", 4)
    posts = [create_post(alice, body=f"Deploy note {i}") for i in range(12)]
    refresh_term_stats()
    page = search(bob, parse("deploy"))
    assert page.window is not None and page.notes
    assert set(r.post.pk for r in page.results) <= {p.pk for p in posts[-page.window :]}
    assert page.results and page.results[0].post.pk in {p.pk for p in posts[-page.window :]}


def _common_words_window(monkeypatch, on_commit) -> None:
    """Term statistics as of now (the cached ones forgotten, as on commit), and a postings
    budget so small that every word is over it."""
    from knowflow.search import queries
    from knowflow.search.actions import refresh_term_stats

    with on_commit(execute=True):
        refresh_term_stats()
    monkeypatch.setattr(queries, "POSTINGS_BUDGET", 5)
    monkeypatch.setattr(queries, "WINDOW_BUDGET", 4)


def test_a_phrase_of_common_words_is_searched_among_the_newest_posts(
    alice, bob, monkeypatch, django_capture_on_commit_callbacks
):
    """Over the budget, a phrase is searched as words are, among the newest posts (and the page
    says so), and stays a phrase there: its words apart or the other way round do not match."""
    older = create_post(alice, body="Release notes for the spring version")
    for i in range(12):  # both words in every post, never as the phrase
        create_post(alice, body=f"Notes on release {i}: notes taken, then the release train")
    reversed_ = create_post(alice, body="Notes first, release later")
    newest = create_post(alice, body="Release notes, take two")
    assert found(bob, '"release notes"') == [newest.pk, older.pk]  # everything searched
    _common_words_window(monkeypatch, django_capture_on_commit_callbacks)
    page = search(bob, parse('"release notes"'))
    assert page.window is not None and page.window < 14  # the older one is not in the window
    assert any(str(page.window) in note for note in page.notes)
    assert [r.post.pk for r in page.results] == [newest.pk]
    assert reversed_.pk not in found(bob, '"release notes"', sort="newest")


def test_a_window_is_ranked_by_relevance(
    alice, bob, monkeypatch, django_capture_on_commit_callbacks
):
    """In a window, the word in the title comes first, then three times in the body, then once
    in a short body, then once in a long one: the order of the whole index's ranking."""
    for i in range(12):
        create_post(alice, body=f"Rollout log {i}")
    once_long = create_post(
        alice,
        body="A rollout, then a long account of the cluster, the pager, the dashboards, "
        "the runbooks and the weekend",
    )
    thrice = create_post(alice, body="Rollout, rollout and rollout again")
    in_title = ask_question(alice, title="Rollout checklist?", body="What to check first?").post
    once_short = create_post(alice, body="Rollout done")
    everything = found(bob, "rollout")
    _common_words_window(monkeypatch, django_capture_on_commit_callbacks)
    page = search(bob, parse("rollout"))
    assert page.window == 4
    ranked = [r.post.pk for r in page.results]
    assert ranked == [in_title.pk, thrice.pk, once_short.pk, once_long.pk]
    assert ranked == [pk for pk in everything if pk in ranked]


def test_a_windows_ranking_is_fts5s_bm25(
    alice, bob, monkeypatch, django_capture_on_commit_callbacks
):
    """SQLite ranks a window in the statement (FTS5's bm25() would first count the documents
    of the whole index that have each word): the scores are bm25's, repeated words, the
    title's weight and several words included (the term statistics are exact here, and the
    average length is of every document, as bm25's)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL ranks a window with ts_rank, as everything")
    filler = ("kkkk", "llll", "mmmm", "nnnn", "oooo", "qqqq", "rrrr", "ssss", "uuuu", "vvvv")
    bodies = [
        *[f"test main wall mast {n}" for n in filler],
        *[f"ship code test main {n}" for n in ("aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff")],
        "ship wall mast test gggg",
        "ship wall mast test hhhh hull keel deck sail rope",  # longer
        *[f"code wall mast test {n}" for n in ("iiii", "jjjj", "pppp")],
        "code test main wall mast",
        "ship main test wall mast",
        "ship ship ship ship main",
        "ship code ship code ship",
    ]
    for body in bodies:
        create_post(alice, body=body)
    ask_question(alice, title="Ship code?", body="mast wall test")
    # 26 posts, "ship" and "code" in 12 each: common (in more than 10), in less than half
    # (bm25's idf is more than its floor).
    for query in ("ship", "ship code"):
        everything = {r.post.pk: r.score for r in search(bob, parse(query)).results}
        with monkeypatch.context() as patch:
            _common_words_window(patch, django_capture_on_commit_callbacks)
            page = search(bob, parse(query))
        assert page.window is not None and len(page.results) > 1
        for result in page.results:
            assert result.score == pytest.approx(everything[result.post.pk], rel=1e-9), query


def test_paging_never_repeats(alice, bob, monkeypatch):
    from knowflow.search import queries

    monkeypatch.setattr(queries, "PER_PAGE", 3)
    posts = [create_post(alice, body=f"Retro notes, sprint {i}") for i in range(8)]
    pages = [search(bob, parse("retro"), page=n) for n in (1, 2, 3)]
    seen = [r.post.pk for p in pages for r in p.results]
    assert sorted(seen) == sorted(p.pk for p in posts) and len(set(seen)) == 8
    assert pages[0].has_next and pages[1].has_next and not pages[2].has_next


def test_the_result_cap(alice, bob, monkeypatch):
    from knowflow.search import queries

    monkeypatch.setattr(queries, "RESULT_CAP", 4)
    for i in range(6):
        create_post(alice, body=f"Standup notes {i}")
    page = search(bob, parse("standup"))
    assert page.capped and page.total == 4 and RESULT_CAP > 4


# --- visibility -----------------------------------------------------------------------------


def test_nobody_finds_what_they_may_not_see(alice, bob, charlie, engineering, sales):
    """Every persona, every private kind of item, every filter: results and counts hold only
    posts the viewer may see."""
    secret = "moonshot"
    private = {
        "dept post": create_post(
            alice, body=f"{secret} plan", audience=Audience.DEPARTMENT, department=engineering
        ),
        "dept question": ask_question(
            alice,
            title=f"{secret} budget?",
            audience=Audience.DEPARTMENT,
            department=engineering,
        ).post,
    }
    dept_question = ask_question(
        bob, title=f"{secret} staffing?", audience=Audience.DEPARTMENT, department=engineering
    )
    private["dept answer"] = answer_question(alice, dept_question, body=f"{secret} staffing: two")
    private["dept comment"] = comment_on(bob, private["dept answer"], body=f"{secret} thanks")
    deleted = create_post(alice, body=f"{secret} draft")
    delete_post(alice, deleted)
    public = create_post(charlie, body=f"{secret} in sales")
    viewers = [alice, bob, charlie, make_person("Erin Ek", department=sales)]
    queries = [secret, f'"{secret} plan"', f"{secret} -sales", f"#{secret}", f"{secret} sort"]
    kinds = ["", "post", "question", "answer", "comment"]
    for viewer, query, kind in itertools.product(viewers, queries, kinds):
        page = search(viewer, parse(query), SearchFilters(kind=kind))
        for result in page.results:
            assert can_see_post(viewer, result.post), (viewer, query, result.post)
        visible_private = [p for p in private.values() if can_see_post(viewer, p)]
        if query == secret and not kind:
            expected = {p.pk for p in visible_private} | {dept_question.pk, public.pk}
            expected = {pk for pk in expected if can_see_post(viewer, _post(pk))}
            assert {r.post.pk for r in page.results} == expected
            assert sum(page.facets.values()) == len(expected)
        assert deleted.pk not in {r.post.pk for r in page.results}
    assert found(charlie, secret) == [public.pk]
    assert search(charlie, parse(secret)).facets == {"post": 1}


def _post(pk):
    from knowflow.posts.models import Post

    return Post.objects.get(pk=pk)


def test_snippets_escape_and_highlight():
    html = snippet("Use <script>alert(1)</script> **upgrades** carefully", {"upgrad"})
    assert "<script>" not in html and "<mark>upgrades</mark>" in html
    long = "word " * 100 + "needle here " + "word " * 100
    html = snippet(long, {"needl"})
    assert html.startswith("… ") and "<mark>needle</mark>" in html and html.endswith(" …")


def test_a_kind_is_not_lost_behind_the_cap(alice, bob, monkeypatch):
    from knowflow.search import queries

    monkeypatch.setattr(queries, "RESULT_CAP", 3)
    question = ask_question(alice, title="Standup notes: who keeps them?")
    for i in range(5):
        create_post(alice, body=f"Standup notes {i}")
    page = search(bob, parse("standup"), SearchFilters(kind="question"))
    assert [r.post.pk for r in page.results] == [question.pk]
    assert page.facets  # counted over every kind, within the cap


def test_newest_first_goes_by_the_posts_dates_not_the_index_order(alice, bob, monkeypatch):
    import datetime as dt

    from knowflow.search import queries

    monkeypatch.setattr(queries, "RESULT_CAP", 1)
    monkeypatch.setattr(queries, "SEARCH_ROUNDS", (2, 20, None))
    newest = create_post(alice, body="Quarterly planning notes")
    # Older posts indexed after it (as an import of old posts would be): higher document ids.
    for days in (30, 60):
        create_post(
            alice,
            body="Quarterly planning notes, older",
            created_at=timezone.now() - dt.timedelta(days=days),
        )
    page = search(bob, parse("quarterly"), SearchFilters(sort="newest"))
    assert page.results[0].post.pk == newest.pk
