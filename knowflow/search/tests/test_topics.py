"""suggest_topics(): existing topics a draft question is about."""

from __future__ import annotations

from knowflow.core.memo import forget
from knowflow.help.actions import ask_question
from knowflow.search.queries import TOPIC_USES_KEY, similar, suggest_topics, topic_uses
from knowflow.topics.actions import add_synonym, create_topic
from knowflow.topics.models import Topic


def slugs(topics) -> list[str]:
    return [t.slug for t in topics]


def test_hashtags_that_name_topics_are_suggested(alice):
    create_topic(name="Kubernetes")
    got = suggest_topics(
        alice, title="Ingress is down", body="Since the upgrade #kubernetes #nosuch"
    )
    assert slugs(got) == ["kubernetes"]
    # Suggesting never creates a topic.
    assert not Topic.objects.filter(slug="nosuch").exists()


def test_topic_names_and_synonyms_written_in_the_text(alice):
    ml = create_topic(name="Machine Learning")
    k8s = create_topic(name="Kubernetes")
    add_synonym(k8s, name="k8s")
    create_topic(name="Negotiation")
    budget = create_topic(name="Budget")
    got = suggest_topics(
        alice, title="Serving machine-learning models on k8s", body="The machine learned nothing."
    )
    assert set(slugs(got)) == {ml.slug, k8s.slug}
    # The title counts double: a name only in the body ranks below names in the title.
    got = suggest_topics(alice, title="Kubernetes cost", body="our budget")
    assert slugs(got) == ["kubernetes", budget.slug]


def test_topics_of_similar_questions(alice, bob):
    ask_question(alice, title="Vacuum settings for a busy orders table", topics=["PostgreSQL"])
    got = suggest_topics(bob, title="Autovacuum on the orders table is too slow")
    assert slugs(got) == ["postgresql"]


def test_topics_of_questions_the_viewer_cannot_see_are_not_suggested(
    alice, bob, charlie, engineering
):
    ask_question(
        alice,
        title="Vacuum settings for a busy orders table",
        topics=["Project Falcon"],
        audience="department",
        department=engineering,
    )
    assert slugs(suggest_topics(bob, title="vacuum orders table")) == ["project-falcon"]
    assert suggest_topics(charlie, title="vacuum orders table") == []


def test_hits_can_be_passed_in_and_limits_hold(alice, bob, django_assert_max_num_queries):
    ask_question(alice, title="Vacuum settings for a busy orders table", topics=["PostgreSQL"])
    for name in ("Orders", "Tables", "Settings"):
        create_topic(name=name)
    hits = similar(bob, title="vacuum settings orders table")
    suggest_topics(bob, title="warm the topic lexicon and uses: orders")
    with django_assert_max_num_queries(2):  # the hits' topics, then the topics
        got = suggest_topics(bob, title="vacuum settings orders table", similar_hits=hits, limit=2)
    assert len(got) == 2
    assert suggest_topics(bob, title="", body="") == []
    assert suggest_topics(bob, title='OR NOT "*', body="a" * 10_000) == []


def test_a_topic_partly_named_ranks_above_one_not_named(alice, bob):
    ask_question(
        alice, title="Vacuum settings for a busy orders table", topics=["PostgreSQL", "Orders API"]
    )
    # Both are the similar question's topics; the draft says "orders", half of "Orders API".
    got = suggest_topics(bob, title="Autovacuum of the orders table")
    assert slugs(got) == ["orders-api", "postgresql"]


def test_often_used_topics_are_candidates_and_count(alice, bob):
    for title in ("Page loads take seconds", "Batch job runs all night", "Build is slow"):
        ask_question(alice, title=title, topics=["Performance"])
    ask_question(alice, title="Vacuum settings for a busy orders table", topics=["PostgreSQL"])
    got = suggest_topics(bob, title="Autovacuum of the orders table")
    assert slugs(got) == ["postgresql", "performance"]
    # Nothing to go on: nothing suggested, however popular a topic is.
    assert suggest_topics(bob, title="zzz qqq") == []


def test_uses_count_only_questions_for_everyone(alice, engineering):
    ask_question(alice, title="Vacuum settings for a busy orders table", topics=["PostgreSQL"])
    ask_question(
        alice,
        title="Falcon's launch date",
        topics=["Project Falcon", "PostgreSQL"],
        audience="department",
        department=engineering,
    )
    forget(TOPIC_USES_KEY)
    postgresql = Topic.objects.get(slug="postgresql")
    assert topic_uses() == {postgresql.pk: 1}
