"""expertise.tallies: the sums a ranking reads now are what the posts say, after every kind of
change, and rank as the posts do (the replay's path, as of a moment)."""

from __future__ import annotations

import math
from datetime import timedelta
from io import StringIO

import pytest
from django.utils import timezone

from knowflow.core.testing import make_person
from knowflow.expertise import tallies
from knowflow.expertise.models import TopicEvidence
from knowflow.expertise.queries import suggest_helpers
from knowflow.help.actions import (
    ImportedAnswer,
    accept_answer,
    answer_question,
    ask_question,
    edit_question,
    import_answer_votes,
    import_answers,
    unaccept_answer,
    unvote_answer,
    vote_answer,
)
from knowflow.posts.actions import create_post, delete_post, thank_author
from knowflow.topics.actions import merge_topics
from knowflow.topics.models import Topic


def stored() -> list[tuple]:
    return sorted(
        (
            *(r.topic_id, r.person_id, r.scope, r.answers, r.posts, r.upvotes, r.accepted),
            *(r.thanks, float(f"{r.weight:.9g}"), r.latest_at),
        )
        for r in TopicEvidence.objects.all()
    )


def assert_as_the_posts_say() -> None:
    """The rows kept as changes came in are the rows computed from nothing."""
    kept = stored()
    tallies.rebuild()
    assert kept == stored()


def ranked(viewer, topic_ids, *, as_of=None) -> dict[int, tuple]:
    got = suggest_helpers(
        viewer, title="", topic_ids=topic_ids, exclude=[viewer.pk], as_of=as_of, limit=50
    )
    return {
        h.user_id: (
            round(h.knowledge, 6),
            sorted(
                (f.topic_id, f.answers, f.posts, f.upvotes, f.accepted, f.thanks)
                for f in h.on_topics
            ),
            h.last_evidence_at.replace(microsecond=0) if h.last_evidence_at else None,
        )
        for h in got
        if h.knowledge
    }


def assert_ranks_as_the_posts(viewers, topic_ids) -> None:
    """Now (the sums) and as of this moment (the posts) give the same people, weights and
    per-topic facts, for each viewer (each sees other departments' evidence or not)."""
    for viewer in viewers:
        now = timezone.now()
        assert ranked(viewer, topic_ids) == ranked(viewer, topic_ids, as_of=now), viewer


def topic_ids(*slugs: str) -> list[int]:
    return list(Topic.objects.filter(slug__in=slugs).values_list("pk", flat=True))


@pytest.fixture
def dana(engineering):
    return make_person("Dana Diaz", department=engineering)


def test_every_change_leaves_the_sums_as_the_posts_say(
    alice, bob, charlie, dana, engineering, admin_user
):
    viewers = [alice, charlie, dana]  # engineering, sales, engineering
    then = timezone.now() - timedelta(days=40)
    q1 = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"], created_at=then)
    q2 = ask_question(
        charlie, title="Replicas lag", topics=["PostgreSQL", "Replication"], created_at=then
    )
    inside = ask_question(
        dana,
        title="Our cluster's backups",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
        created_at=then,
    )
    a1 = answer_question(bob, q1, body="Lower the scale factor.", created_at=then)
    a2 = answer_question(bob, q2, body="Check the WAL sender.", created_at=then)
    a3 = answer_question(dana, q2, body="Look at the network first.")
    a4 = answer_question(bob, inside, body="pgBackRest, nightly.")  # engineering only
    post = create_post(charlie, body="How we tuned #postgresql for reports")
    pg = topic_ids("postgresql", "replication")
    assert TopicEvidence.objects.filter(scope=engineering.pk).exists()
    assert_as_the_posts_say()
    assert_ranks_as_the_posts(viewers, pg)

    # Votes, acceptance given, moved and taken back, thanks.
    vote_answer(alice, a1)
    vote_answer(dana, a1)
    unvote_answer(dana, a1)
    accept_answer(charlie, a2)
    accept_answer(charlie, a3)  # moved from Bob's answer to Dana's
    accept_answer(alice, a1)
    unaccept_answer(alice, q1)
    accept_answer(alice, a1)
    thank_author(alice, post)
    thank_author(charlie, a1)
    assert_as_the_posts_say()
    assert_ranks_as_the_posts(viewers, pg)

    # The question's topics change (its answers carry them), an answer and a post go.
    edit_question(alice, q1, title="Vacuum settings", topics=["Vacuum", "Replication"])
    delete_post(dana, a3)
    delete_post(charlie, post)
    assert_as_the_posts_say()
    assert_ranks_as_the_posts(viewers, topic_ids("postgresql", "replication", "vacuum"))

    # Topics merged: the sums move with the posts.
    merge_topics(Topic.objects.get(slug="vacuum"), into=Topic.objects.get(slug="postgresql"))
    assert_as_the_posts_say()
    assert_ranks_as_the_posts(viewers, topic_ids("postgresql", "replication"))

    # A deleted question takes its answers (and their evidence) with it.
    delete_post(admin_user, inside.post)  # (a question with answers: a moderator)
    assert not TopicEvidence.objects.filter(scope=engineering.pk).exists()
    a4.refresh_from_db()
    assert a4.is_deleted  # gone with it
    assert_as_the_posts_say()
    assert_ranks_as_the_posts(viewers, topic_ids("postgresql", "replication"))


def test_imports_add_to_the_sums_as_the_posts_say(alice, bob, charlie, dana):
    old = timezone.now() - timedelta(days=400)
    questions = [
        ask_question(alice, title=f"Question {n}", topics=["Kafka"], created_at=old)
        for n in range(4)
    ]
    answer_question(bob, questions[0], body="Already here.", created_at=old)
    for question in questions:
        question.post.refresh_from_db()
    posts = import_answers(
        [
            ImportedAnswer(
                question=q,
                author_id=author.pk,
                body="Imported.",
                created_at=old + timedelta(days=n),
                accepted=n % 2 == 0,
                accepted_at=old + timedelta(days=n + 1),
            )
            for n, (q, author) in enumerate(zip(questions, [bob, bob, charlie, dana], strict=True))
        ]
    )
    import_answer_votes({posts[0].pk: 3, posts[2].pk: 1})
    # (Not ranked against the posts as of a moment: imported votes have no date, so a past
    # moment counts none of them.)
    assert_as_the_posts_say()
    # A second import adds to the rows there are.
    more = ask_question(alice, title="Question 5", topics=["Kafka"], created_at=old)
    import_answers([ImportedAnswer(question=more, author_id=bob.pk, body="More.", created_at=old)])
    assert_as_the_posts_say()
    bob_row = TopicEvidence.objects.get(person=bob, topic__slug="kafka")
    assert (bob_row.answers, bob_row.accepted, bob_row.upvotes) == (4, 1, 3)


def test_the_stored_weight_decays_as_time_passes(alice, bob):
    """A row is written once; read later, it weighs what its items weigh then."""
    then = timezone.now() - timedelta(days=10)
    q = ask_question(alice, title="Broker settings", topics=["Kafka"], created_at=then)
    answer_question(bob, q, body="Raise the retention.", created_at=then)
    row = TopicEvidence.objects.get(person=bob)
    for days in (10, 375, 2000):
        at = then + timedelta(days=days)
        expected = math.exp(-days / 365)
        assert math.isclose(row.weight * tallies.decay_factor(at), expected, rel_tol=1e-6)


def test_private_evidence_is_summed_apart_and_read_only_where_it_may_be_seen(
    alice, bob, charlie, engineering
):
    q = ask_question(
        alice,
        title="The payroll export",
        topics=["Payroll"],
        audience="department",
        department=engineering,
    )
    answer_question(bob, q, body="Run it on Fridays.")
    assert list(TopicEvidence.objects.values_list("scope", flat=True)) == [engineering.pk]
    payroll = topic_ids("payroll")
    assert [h.user_id for h in suggest_helpers(alice, title="", topic_ids=payroll)] == [bob.pk]
    # Charlie (sales) ranks nobody: Bob's answer is not for him, nor its weight.
    assert [h for h in suggest_helpers(charlie, title="", topic_ids=payroll) if h.knowledge] == []


def test_rebuild_gives_the_rows_from_nothing(alice, bob):
    q = ask_question(alice, title="Broker settings", topics=["Kafka", "Ops"])
    answer_question(bob, q, body="Raise the retention.")
    kept = stored()
    TopicEvidence.objects.all().delete()
    assert tallies.rebuild() == 2
    assert stored() == kept


def test_the_command_checks_and_computes_the_sums_again(alice, bob):
    from django.core.management import CommandError, call_command

    q = ask_question(alice, title="Broker settings", topics=["Kafka"])
    answer_question(bob, q, body="Raise the retention.")
    out = StringIO()
    call_command("expertise_tallies", "--check", stdout=out)
    assert "agree" in out.getvalue()
    TopicEvidence.objects.update(answers=7)  # as after a restore of an older copy
    with pytest.raises(CommandError, match="1 rows of evidence differ"):
        call_command("expertise_tallies", "--check", stdout=out)
    assert TopicEvidence.objects.get().answers == 7  # a check writes nothing
    call_command("expertise_tallies", stdout=out)
    assert TopicEvidence.objects.get().answers == 1


def test_an_account_deleted_outright_leaves_the_sums_as_the_posts_say(
    alice, bob, charlie, django_capture_on_commit_callbacks
):
    """The admin deletes Alice's account: her question goes with her answers' threads (Bob's
    answer on it) and the thanks she gave Charlie; their sums follow once it is committed."""
    q = ask_question(alice, title="Broker settings", topics=["Kafka"])
    answer_question(bob, q, body="Raise the retention.")
    other = ask_question(charlie, title="Consumer lag", topics=["Kafka"])
    mine = answer_question(charlie, other, body="Add partitions.")
    thank_author(alice, mine)
    assert TopicEvidence.objects.get(person=charlie).thanks == 1
    with django_capture_on_commit_callbacks(execute=True):
        alice.delete()
    assert not TopicEvidence.objects.filter(person=bob).exists()
    assert TopicEvidence.objects.get(person=charlie).thanks == 0
    assert_as_the_posts_say()
