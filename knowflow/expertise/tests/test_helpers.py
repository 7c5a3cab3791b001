"""suggest_helpers(): who is likely to answer, from evidence the viewer may see, as of a moment."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from knowflow.core.testing import make_person
from knowflow.expertise.queries import suggest_helpers
from knowflow.help.actions import accept_answer, answer_question, ask_question
from knowflow.people.actions import set_profile_topics
from knowflow.topics.models import Topic


def ids(helpers) -> list[int]:
    return [h.user_id for h in helpers]


def topic(slug: str) -> int:
    return Topic.objects.get(slug=slug).pk


def test_people_who_answered_on_the_topic_come_first_with_their_evidence(
    alice, bob, charlie, engineering
):
    dana = make_person("Dana Diaz", department=engineering)
    asked = ask_question(alice, title="Vacuum settings for a busy table", topics=["PostgreSQL"])
    answer = answer_question(bob, asked, body="Lower the scale factor for that table.")
    accept_answer(alice, answer)
    other = ask_question(alice, title="Where is the expense form?", topics=["Expenses"])
    answer_question(charlie, other, body="On the intranet, under Finance.")
    got = suggest_helpers(
        dana,
        title="Autovacuum never finishes",
        topic_ids=[topic("postgresql")],
        exclude=[dana.pk],
    )
    assert ids(got)[0] == bob.pk
    first = got[0]
    assert (first.topic_answers, first.topic_accepted) == (1, 1)
    assert first.evidence == [answer.pk]
    # Worked out in SQL as days before now: exact to well under a second (shown as a month).
    assert abs(first.last_evidence_at - answer.created_at) < timedelta(seconds=1)
    # Charlie answered lately, on another topic: still a candidate, after Bob.
    assert ids(got) == [bob.pk, charlie.pk]


def test_the_asker_and_inactive_people_are_never_suggested(alice, bob, charlie):
    asked = ask_question(charlie, title="Vacuum settings for a busy table", topics=["PostgreSQL"])
    answer_question(alice, asked, body="Lower the scale factor.")
    answer_question(bob, asked, body="Or vacuum it by hand at night.")
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    got = suggest_helpers(
        alice, title="Autovacuum", topic_ids=[topic("postgresql")], exclude=[alice.pk]
    )
    assert ids(got) == []


def test_evidence_the_viewer_cannot_see_is_neither_used_nor_shown(alice, bob, charlie, engineering):
    asked = ask_question(
        alice,
        title="Vacuum settings for the billing cluster",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
    )
    answer = answer_question(bob, asked, body="Lower the scale factor for that table.")
    # Charlie (Sales) cannot see the question: Bob's answer is no evidence for him.
    assert suggest_helpers(charlie, title="Vacuum settings", topic_ids=[topic("postgresql")]) == []
    dana = make_person("Dana Diaz", department=engineering)
    got = suggest_helpers(dana, title="Vacuum settings", topic_ids=[topic("postgresql")])
    assert ids(got) == [bob.pk] and got[0].evidence == [answer.pk]


def test_a_later_answer_cannot_change_an_earlier_ranking(alice, bob, charlie, engineering):
    dana = make_person("Dana Diaz", department=engineering)
    start = timezone.now() - timedelta(days=10)
    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"], created_at=start)
    answer_question(bob, asked, body="Lower the scale factor.", created_at=start + timedelta(1))
    moment = start + timedelta(days=2)
    query = dict(title="Autovacuum settings", topic_ids=[topic("postgresql")], as_of=moment)
    before = [(h.user_id, h.score, h.evidence) for h in suggest_helpers(dana, **query)]
    later = answer_question(charlie, asked, body="Partition the table.")
    accept_answer(alice, later)
    # A later question more like the draft, answered by Charlie, changes nothing either.
    closer = ask_question(alice, title="Autovacuum settings, again", topics=["PostgreSQL"])
    answer_question(charlie, closer, body="See the other thread.")
    after = [(h.user_id, h.score, h.evidence) for h in suggest_helpers(dana, **query)]
    assert before == after and [b[0] for b in before] == [bob.pk]
    # As of now, Charlie's accepted answer counts.
    assert charlie.pk in ids(suggest_helpers(dana, **{**query, "as_of": None}))


def test_declared_topics_count_less_than_answers(alice, bob, charlie):
    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    set_profile_topics(charlie, kind="skill", names=["PostgreSQL"])
    got = suggest_helpers(alice, title="Autovacuum", topic_ids=[topic("postgresql")])
    assert ids(got) == [bob.pk, charlie.pk]
    assert got[1].declared == [topic("postgresql")] and got[1].evidence == []


def test_declared_topics_the_viewer_may_not_see_do_not_count(alice, bob, charlie):
    from knowflow.people.actions import set_visibility

    set_profile_topics(bob, kind="skill", names=["PostgreSQL"])
    set_profile_topics(bob, kind="ask_me_about", names=["Kafka"])
    set_visibility(bob, choices={"skills": "only_me", "ask_me_about": "department"})
    postgres, kafka = topic("postgresql"), topic("kafka")
    assert suggest_helpers(charlie, title="", topic_ids=[postgres, kafka]) == []
    # Alice is in Bob's department: she sees what he asks to be asked about, not his skills.
    got = suggest_helpers(alice, title="", topic_ids=[postgres, kafka])
    assert ids(got) == [bob.pk] and got[0].declared == [kafka]


def test_questions_i_could_answer(alice, bob, charlie, engineering):
    from knowflow.expertise.models import Invitation
    from knowflow.expertise.queries import questions_i_could_answer

    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    accept_answer(alice, answer_question(bob, asked, body="Lower the scale factor."))
    fresh = ask_question(charlie, title="Autovacuum never finishes", topics=["PostgreSQL"])
    hidden = ask_question(
        alice,
        title="Billing cluster vacuum",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
    )
    other = ask_question(charlie, title="Where is the expense form?", topics=["Expenses"])
    answered = ask_question(charlie, title="Replication lag", topics=["PostgreSQL"])
    answer_question(bob, answered, body="Check the network.")
    mine = ask_question(bob, title="My own PostgreSQL question", topics=["PostgreSQL"])
    got = [c.question.pk for c in questions_i_could_answer(bob)]
    assert set(got) == {fresh.pk, hidden.pk} and other.pk not in got and mine.pk not in got
    first = questions_i_could_answer(bob)[0]
    assert "#postgresql" in first.reason and not first.invited
    # Invited questions come first, whatever their topic; Charlie cannot see the hidden one.
    Invitation.objects.create(question=other, person=bob, reason="", created_at=timezone.now())
    assert questions_i_could_answer(bob)[0].question.pk == other.pk
    assert questions_i_could_answer(bob)[0].invited
    assert hidden.pk not in [c.question.pk for c in questions_i_could_answer(charlie)]


def test_a_question_is_not_similar_to_itself(alice, bob, charlie):
    """Its own answers would otherwise make the people who answered it look best, and its
    own closeness would shrink every other similar question's weight."""
    earlier = ask_question(alice, title="Autovacuum settings for busy tables")
    answer_question(bob, earlier, body="Lower the scale factor.")
    question = ask_question(alice, title="Autovacuum settings for busy tables, again")
    answer_question(charlie, question, body="See the other thread.")
    got = suggest_helpers(
        alice, title=question.post.title, exclude=[alice.pk], question_id=question.pk
    )
    assert (got[0].user_id, got[0].similar_answered) == (bob.pk, 1)
    assert charlie.pk not in [h.user_id for h in got if h.similar_answered]


def test_who_knows_lists_only_people_with_evidence_about_it(alice, bob, charlie):
    from knowflow.expertise.queries import experts

    asked = ask_question(alice, title="Vacuum settings", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    other = ask_question(alice, title="Where is the expense form?", topics=["Expenses"])
    answer_question(charlie, other, body="On the intranet.")  # busy lately, not on PostgreSQL
    postgres = Topic.objects.get(slug="postgresql")
    _topics, found = experts(alice, topic=postgres)
    assert [e.person.pk for e in found] == [bob.pk]


def test_posts_on_the_topic_and_thanks_for_them_count(alice, bob, charlie, engineering):
    from knowflow.posts.actions import create_post, thank_author

    post = create_post(bob, body="How we tuned autovacuum on the orders table #PostgreSQL")
    thank_author(charlie, post, message="Saved my week")
    dana = make_person("Dana Diaz", department=engineering)
    got = suggest_helpers(dana, title="", topic_ids=[topic("postgresql")])
    assert ids(got) == [bob.pk]
    assert (got[0].topic_posts, got[0].thanked, got[0].evidence) == (1, 1, [post.pk])
    from knowflow.expertise.queries import explain

    (shown,) = explain(dana, got, list(Topic.objects.filter(slug="postgresql")))
    assert shown.reason.startswith("1 post on #postgresql, last in ")
    assert shown.reason.endswith("; thanked 1 time for them")
    assert shown.evidence == [
        ("How we tuned autovacuum on the orders table #PostgreSQL", f"/posts/{post.pk}/")
    ]


def test_the_sums_worked_out_in_sql_weigh_votes_acceptance_topics_and_age(
    alice, bob, charlie, engineering
):
    """What the database sums per person is what the weights say, now and as of a moment:
    an answer on two of the question's topics, accepted, with two up-votes, 100 days old."""
    import math

    from knowflow.expertise import queries
    from knowflow.help.actions import vote_answer

    dana = make_person("Dana Diaz", department=engineering)
    then = timezone.now() - timedelta(days=100)
    asked = ask_question(
        alice,
        title="Vacuum settings",
        topics=["PostgreSQL", "Vacuum"],
        created_at=then - timedelta(hours=1),
    )
    answer = answer_question(bob, asked, body="Lower the scale factor.", created_at=then)
    accept_answer(alice, answer)
    vote_answer(charlie, answer)
    vote_answer(dana, answer)
    weight = queries.ANSWER_WEIGHT + 2 * queries.UPVOTE_WEIGHT + queries.ACCEPTED_WEIGHT
    expected = 2 * weight * math.exp(-100 / queries.KNOWLEDGE_DAYS)  # once per topic
    pair = [topic("postgresql"), topic("vacuum")]
    for as_of in (None, timezone.now()):
        (got,) = suggest_helpers(dana, title="", topic_ids=pair, exclude=[dana.pk], as_of=as_of)
        assert got.user_id == bob.pk
        facts = sorted((f.topic_id, f.answers, f.accepted, f.upvotes) for f in got.on_topics)
        assert facts == sorted((t, 1, 1, 2) for t in pair)  # on each topic, once
        assert (got.topic_answers, got.topic_accepted, got.upvotes) == (2, 2, 4)  # summed
        assert math.isclose(got.knowledge, expected, rel_tol=1e-6), (as_of, got.knowledge)
        assert got.evidence == [answer.pk]
        assert abs(got.last_evidence_at - answer.created_at) < timedelta(seconds=1)


def test_shared_evidence_lists_never_cross_from_one_audience_to_another(
    alice, bob, charlie, engineering
):
    """The best answers shown as evidence are kept a few minutes for everyone who sees the
    same departments; someone outside them must not get the list that holds a department's
    answer, even right after an insider asked for it."""
    private = ask_question(
        alice,
        title="Vacuum settings for the billing cluster",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
    )
    inside = answer_question(bob, private, body="Lower the scale factor for that table.")
    public = ask_question(alice, title="Vacuum in general", topics=["PostgreSQL"])
    outside = answer_question(bob, public, body="Autovacuum defaults are fine for most tables.")
    dana = make_person("Dana Diaz", department=engineering)
    query = dict(title="Vacuum settings", topic_ids=[topic("postgresql")])
    insider = suggest_helpers(dana, **query)
    assert ids(insider) == [bob.pk] and set(insider[0].evidence) == {inside.pk, outside.pk}
    outsider = suggest_helpers(charlie, **query)
    assert ids(outsider) == [bob.pk] and outsider[0].evidence == [outside.pk]
    # A second insider reads the same list (no new answer since, so nothing differs).
    erin = make_person("Erin Eze", department=engineering)
    assert set(suggest_helpers(erin, **query)[0].evidence) == {inside.pk, outside.pk}
