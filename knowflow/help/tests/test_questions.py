"""Asking, answering, commenting, accepting, voting and duplicates, through actions and pages."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client

from knowflow.core.testing import make_person
from knowflow.help import actions
from knowflow.help.models import AnswerVote, Question, QuestionStatus
from knowflow.help.queries import question_list
from knowflow.network.actions import follow_topic
from knowflow.notifications.models import Notification
from knowflow.org.actions import update_organization
from knowflow.posts import actions as posts_actions
from knowflow.posts.models import Post, PostKind, PostRevision
from knowflow.posts.queries import home_feed
from knowflow.topics.queries import find_topic


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def ask(user, title="How do we rotate the staging certificates?", **kw):
    return actions.ask_question(user, title=title, **kw)


# --- Asking ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "Fine title", "topics": "a, b, c, d, e, f"}, "topics"),
        ({"title": "Fine title", "goal": "g" * 5001}, "goal"),
        ({"title": "Fine title", "body": "b" * 30_001}, "body"),
    ],
)
def test_bad_questions_are_field_errors_and_write_nothing(alice_client, data, field):
    r = alice_client.post("/help/ask/", {"audience": "everyone", **data})
    assert r.status_code == 400
    assert 'class="field-error"' in r.content.decode()
    assert r.context["form"].errors.get(field)
    assert not Question.objects.exists() and not Post.objects.exists()


def test_ask_on_the_page_then_the_question_is_listed_and_in_topic_followers_feeds(
    alice_client, alice, bob
):
    r = alice_client.post(
        "/help/ask/",
        {
            "title": "  How do we   rotate the staging certificates? ",
            "body": "The cron job failed last night.",
            "goal": "Renew before Friday",
            "topics": "ops, #Security",
            "audience": "everyone",
        },
    )
    question = Question.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/help/questions/{question.pk}/"
    post = question.post
    assert (
        post.kind == PostKind.QUESTION
        and post.title == "How do we rotate the staging certificates?"
    )
    assert (
        "What I'm trying to do" in post.body
        and question.details == "The cron job failed last night."
    )
    assert {t.slug for t in Topic_of(post)} == {"ops", "security"}
    page = alice_client.get(r["Location"]).content.decode()
    assert "How do we rotate the staging certificates?" in page and "Unanswered" in page
    listed = alice_client.get("/help/?view=unanswered").content.decode()
    assert "How do we rotate the staging certificates?" in listed
    follow_topic(bob, topic=find_topic("security"))
    assert post.pk in [p.pk for p in home_feed(bob).posts]
    # The post's own page sends people to the question's page.
    assert alice_client.get(f"/posts/{post.pk}/")["Location"] == f"/help/questions/{post.pk}/"


def Topic_of(post):
    return [pt.topic for pt in post.post_topics.select_related("topic")]


def test_department_questions_stay_in_the_department(alice, bob, charlie, engineering):
    question = ask(alice, audience="department", department=engineering)
    assert client_for(bob).get(f"/help/questions/{question.pk}/").status_code == 200
    assert client_for(charlie).get(f"/help/questions/{question.pk}/").status_code == 404
    assert question_list(charlie)[0] == []
    assert question_list(bob)[0] == [question]
    # Nor can an outsider answer, comment on or vote in it.
    with pytest.raises(PermissionDenied):
        actions.answer_question(charlie, question, body="I know!")
    answer = actions.answer_question(bob, question, body="Ask Ops.")
    charlie_client = client_for(charlie)
    assert charlie_client.post(f"/help/answers/{answer.pk}/vote/").status_code == 404
    assert (
        charlie_client.post(f"/help/posts/{answer.pk}/comment/", {"body": "hm"}).status_code == 404
    )


# --- Answers, comments, acceptance --------------------------------------------------------------


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run an action as if its transaction committed (notifications are sent on commit)."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def test_answers_comments_and_acceptance_with_notifications(alice, bob, charlie, committed):
    question = ask(alice)
    answer = committed(
        actions.answer_question, bob, question, body="Run `certbot renew` on the bastion."
    )
    question.refresh_from_db()
    assert question.answer_count == 1 and question.status == QuestionStatus.ANSWERED
    assert Notification.objects.filter(recipient=alice, kind="answer").count() == 1
    committed(actions.comment_on, charlie, answer, body="Which bastion?")
    assert Notification.objects.filter(recipient=bob, kind="comment").count() == 1
    committed(actions.comment_on, bob, question.post, body="Is it the wildcard one?")
    assert Notification.objects.filter(recipient=alice, kind="comment").count() == 1
    # Only the asker (or a moderator) accepts.
    with pytest.raises(PermissionDenied):
        actions.accept_answer(charlie, answer)
    assert client_for(charlie).post(f"/help/answers/{answer.pk}/accept/").status_code == 403
    r = committed(client_for(alice).post, f"/help/answers/{answer.pk}/accept/")
    assert r.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED and question.accepted_answer_id == answer.pk
    assert Notification.objects.filter(recipient=bob, kind="accepted_answer").count() == 1
    # Changing the accepted answer, then deleting it, then withdrawing.
    other = actions.answer_question(charlie, question, body="Or use the renewal pipeline.")
    actions.accept_answer(alice, other)
    question.refresh_from_db()
    assert question.accepted_answer_id == other.pk and question.answer_count == 2
    posts_actions.delete_post(charlie, other)
    question.refresh_from_db()
    assert question.accepted_answer_id is None and question.answer_count == 1
    assert question.status == QuestionStatus.ANSWERED
    actions.accept_answer(alice, answer)
    actions.unaccept_answer(alice, question)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    # The page shows answers and comments.
    page = client_for(charlie).get(f"/help/questions/{question.pk}/").content.decode()
    assert (
        "certbot renew" in page and "Which bastion?" in page and "Is it the wildcard one?" in page
    )


def test_comments_only_on_questions_and_answers(alice, bob):
    question = ask(alice)
    answer = actions.answer_question(bob, question, body="Yes.")
    comment = actions.comment_on(alice, answer, body="Thanks")
    with pytest.raises(ValidationError):
        actions.comment_on(bob, comment, body="A comment on a comment")
    r = client_for(bob).post(f"/help/posts/{answer.pk}/comment/", {"body": ""})
    assert r.status_code == 400 and 'class="field-error"' in r.content.decode()


def test_moderators_accept_and_mark_duplicates(alice, bob, charlie):
    question = ask(alice)
    answer = actions.answer_question(bob, question, body="Yes.")
    with pytest.raises(PermissionDenied):
        actions.accept_answer(charlie, answer)
    charlie.groups.add(Group.objects.get(name="Moderators"))
    charlie = type(charlie).objects.get(pk=charlie.pk)  # permissions are read once per object
    actions.accept_answer(charlie, answer)
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.ACCEPTED


# --- Votes -----------------------------------------------------------------------------------


def test_votes_once_per_person_not_on_own_answers(alice, bob, charlie):
    question = ask(alice)
    answer = actions.answer_question(bob, question, body="Yes.")
    assert actions.vote_answer(alice, answer) is True
    assert actions.vote_answer(alice, answer) is False
    assert actions.vote_answer(charlie, answer) is True
    with pytest.raises(ValidationError):
        actions.vote_answer(bob, answer)
    with pytest.raises(ValidationError):
        actions.vote_answer(alice, question.post)  # a question is not an answer
    answer.refresh_from_db()
    assert answer.vote_count == 2 and AnswerVote.objects.count() == 2
    assert actions.unvote_answer(alice, answer) is True
    assert actions.unvote_answer(alice, answer) is False
    answer.refresh_from_db()
    assert answer.vote_count == 1
    r = client_for(charlie).post(f"/help/answers/{answer.pk}/vote/", {"action": "remove"})
    assert r.status_code == 302
    answer.refresh_from_db()
    assert answer.vote_count == 0


# --- Duplicates --------------------------------------------------------------------------------


def test_duplicates_link_both_ways_and_resolve_chains(alice, bob):
    original = ask(alice, title="How do I get VPN access?")
    copy = ask(bob, title="Getting on the VPN from home")
    third = ask(bob, title="VPN access for contractors")
    with pytest.raises(ValidationError):
        actions.mark_duplicate(bob, copy, original=copy)
    with pytest.raises(PermissionDenied):
        actions.mark_duplicate(alice, copy, original=original)  # not hers to close
    actions.mark_duplicate(bob, copy, original=original)
    actions.mark_duplicate(bob, third, original=copy)  # resolved to the first original
    third.refresh_from_db()
    assert third.duplicate_of_id == original.pk and third.status == QuestionStatus.DUPLICATE
    page = client_for(bob).get(f"/help/questions/{original.pk}/").content.decode()
    assert "Getting on the VPN from home" in page and "VPN access for contractors" in page
    page = client_for(alice).get(f"/help/questions/{copy.pk}/").content.decode()
    assert "How do I get VPN access?" in page
    with pytest.raises(ValidationError):
        actions.answer_question(alice, copy, body="Answers go to the original")
    # Marking on the page: by link or number; nonsense is a field error.
    r = client_for(alice).post(f"/help/questions/{original.pk}/duplicate/", {"original": "abc"})
    assert r.status_code == 400 and 'class="field-error"' in r.content.decode()
    actions.unmark_duplicate(bob, copy)
    copy.refresh_from_db()
    assert copy.status == QuestionStatus.OPEN and copy.duplicate_of_id is None


# --- Anonymous questions ------------------------------------------------------------------------


def test_anonymous_questions_hide_the_asker_from_everyone_but_asker_and_moderators(
    alice, bob, charlie, committed
):
    with pytest.raises(ValidationError) as exc:
        ask(alice, anonymous=True)
    assert "anonymous" in exc.value.message_dict
    update_organization(allow_anonymous_questions=True)
    question = ask(alice, title="Is it OK to ask for a raise mid-year?", anonymous=True)
    post = question.post
    assert post.author_id != alice.pk and not post.author.is_active
    page = client_for(bob).get(f"/help/questions/{question.pk}/").content.decode()
    assert "Alice Archer" not in page and f"/people/{alice.pk}/" not in page
    assert "Anonymous colleague" in page
    page = client_for(alice).get(f"/help/questions/{question.pk}/").content.decode()
    assert "Asked anonymously by Alice Archer" in page
    listed = client_for(bob).get("/help/").content.decode()
    assert "Is it OK to ask for a raise mid-year?" in listed and "Alice Archer" not in listed
    charlie.groups.add(Group.objects.get(name="Moderators"))
    page = client_for(charlie).get(f"/help/questions/{question.pk}/").content.decode()
    assert "Alice Archer" in page
    # The asker still manages it and hears of answers.
    answer = committed(actions.answer_question, bob, question, body="Yes, at the review.")
    assert Notification.objects.filter(recipient=alice, kind="answer").exists()
    actions.accept_answer(alice, answer)
    assert question_list(alice, view="mine")[0] == [question]
    # Anonymous questions are asked of everyone.
    with pytest.raises(ValidationError):
        ask(alice, anonymous=True, audience="department", department=alice.profile.department)


# --- Editing -----------------------------------------------------------------------------------


def test_editing_keeps_history_and_replaces_topics(alice, bob):
    question = ask(alice, topics=["ops"])
    with pytest.raises(PermissionDenied):
        actions.edit_question(bob, question, title="Hijacked")
    r = client_for(alice).post(
        f"/help/questions/{question.pk}/edit/",
        {
            "title": "Rotating staging certificates",
            "body": "Now with details",
            "topics": "security",
        },
    )
    assert r.status_code == 302
    post = Post.objects.get(pk=question.pk)
    assert post.title == "Rotating staging certificates" and post.edited_at
    revision = PostRevision.objects.get(post=post)
    assert revision.title == "How do we rotate the staging certificates?"
    assert [t.slug for t in Topic_of(post)] == ["security"]
    # The generic post editor sends questions to theirs.
    assert client_for(alice).get(f"/posts/{post.pk}/edit/")["Location"] == (
        f"/help/questions/{post.pk}/edit/"
    )
    assert client_for(bob).get(f"/help/questions/{question.pk}/edit/").status_code == 403


# --- Lists -------------------------------------------------------------------------------------


def test_lists_views_filters_and_paging(alice, bob, charlie, engineering):
    from knowflow.people import actions as people_actions

    people_actions.set_profile_topics(charlie, kind="skill", names=["kubernetes"])
    mine = [ask(alice, title=f"Kubernetes question {i}", topics=["kubernetes"]) for i in range(3)]
    other = ask(bob, title="Where is the style guide?", topics=["writing"])
    answered = ask(bob, title="Kubernetes upgrade window?", topics=["kubernetes"])
    actions.answer_question(alice, answered, body="Tuesdays.")
    ids = lambda rows: [q.pk for q in rows]  # noqa: E731
    assert ids(question_list(charlie, view="for_me")[0]) == [answered.pk, *ids(reversed(mine))]
    assert ids(question_list(alice, view="mine")[0]) == ids(reversed(mine))
    assert answered.pk not in ids(question_list(alice, view="unanswered")[0])
    assert ids(question_list(alice, topic=find_topic("writing"))[0]) == [other.pk]
    assert len(question_list(alice, department=engineering)[0]) == 5
    seen, cursor = [], None
    while True:
        page, cursor = question_list(alice, cursor=cursor, limit=2)
        seen += ids(page)
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5
    c = client_for(alice)
    r = c.get("/help/?topic=no-such-topic")
    assert r.status_code == 400 and "There is no topic" in r.content.decode()
    assert c.get("/help/?view=bogus").status_code == 400
    assert c.get("/help/?department=nowhere").status_code == 404
    assert c.get("/help/?before=garbage").status_code == 200


def test_question_page_query_count_does_not_grow_with_answers(
    alice, bob, charlie, django_assert_max_num_queries
):
    question = ask(alice)
    c = client_for(charlie)
    c.get(f"/help/questions/{question.pk}/")
    for i in range(6):
        answer = actions.answer_question(bob, question, body=f"Answer {i}")
        actions.comment_on(alice, answer, body=f"Comment {i}")
    with django_assert_max_num_queries(25):
        assert c.get(f"/help/questions/{question.pk}/").status_code == 200


def make_moderator():
    user = make_person("Mo Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_answers_reach_followers_of_author_and_topics_comments_do_not(alice, bob, charlie):
    from knowflow.network.actions import follow_person

    question = ask(alice, topics=["ops"])
    follow_topic(charlie, topic=find_topic("ops"))
    answer = actions.answer_question(bob, question, body="Use the runbook.")
    comment = actions.comment_on(alice, answer, body="Which one?")
    feed = [p.pk for p in home_feed(charlie).posts]
    assert question.pk in feed and answer.pk in feed and comment.pk not in feed
    dana = make_person("Dana Diaz")
    follow_person(dana, person=bob)
    assert [p.pk for p in home_feed(dana).posts] == [answer.pk]
    # The question's card in a feed says it is answered, and how many answers it has.
    page = client_for(charlie).get("/").content.decode()
    assert "Answered" in page and "1 answer" in page
    # Answers follow their question's topics when it is edited.
    actions.edit_question(alice, question, title=question.post.title, topics=["security"])
    assert [t.slug for t in Topic_of(Post.objects.get(pk=answer.pk))] == ["security"]
    assert answer.pk not in [p.pk for p in home_feed(charlie).posts]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once: SQLite serializes them (its in-memory test database locks "
    "tables across threads instead)",
)
def test_concurrent_votes_count_once(alice, bob, charlie):
    import threading

    question = ask(alice)
    answer = actions.answer_question(bob, question, body="Yes.")
    results, barrier = [], threading.Barrier(2)

    def vote():
        try:
            barrier.wait()
            results.append(actions.vote_answer(charlie, answer))
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answer.refresh_from_db()
    assert sorted(results) == [False, True]
    assert answer.vote_count == 1 and AnswerVote.objects.filter(answer=answer).count() == 1


def test_askers_and_moderators_delete_questions_even_anonymous_ones(alice, bob):
    update_organization(allow_anonymous_questions=True)
    question = ask(alice, anonymous=True)
    assert client_for(bob).post(f"/posts/{question.pk}/delete/").status_code == 404
    r = client_for(alice).post(f"/posts/{question.pk}/delete/")
    assert r.status_code == 302 and r["Location"] == "/help/"
    assert Post.objects.get(pk=question.pk).is_deleted
    assert client_for(alice).get(f"/help/questions/{question.pk}/").status_code == 404
    assert question_list(alice, view="mine")[0] == []
    moderated = ask(bob)
    moderator = make_moderator()
    posts_actions.delete_post(moderator, moderated.post)
    assert Post.objects.get(pk=moderated.pk).is_deleted


def test_pages_need_a_sign_in_and_the_ask_page_asks_while_typing(client, alice):
    assert client.get("/help/")["Location"].startswith("/accounts/login/")
    assert client.get("/help/ask/")["Location"].startswith("/accounts/login/")
    page = client_for(alice).get("/help/ask/").content.decode()
    assert 'hx-post="/help/similar/"' in page and 'id="similar"' in page
    assert "anonymous" not in page.lower()  # not allowed here until the admin allows it
    update_organization(allow_anonymous_questions=True)
    assert 'name="anonymous"' in client_for(alice).get("/help/ask/").content.decode()


# --- Found in review: anonymity in the thread, deleting, odd input ---------------------------


def test_the_anonymous_asker_stays_anonymous_in_their_own_thread(alice, bob, committed):
    update_organization(allow_anonymous_questions=True)
    question = ask(alice, title="Can I work from abroad for a month?", anonymous=True)
    answer = committed(actions.answer_question, bob, question, body="Ask HR, it depends.")
    comment = committed(actions.comment_on, alice, answer, body="Thanks, which form is it?")
    own = committed(actions.answer_question, alice, question, body="Found it: form A12.")
    committed(actions.accept_answer, alice, answer)
    placeholder = question.post.author_id
    assert comment.author_id == placeholder and own.author_id == placeholder
    for note in Notification.objects.filter(recipient=bob):
        assert note.actor_id in (None, placeholder), note.kind
        assert "Alice" not in note.summary
    page = client_for(bob).get(f"/help/questions/{question.pk}/").content.decode()
    assert "Alice Archer" not in page and f"/people/{alice.pk}/" not in page
    # Nobody can be invited onto the placeholder's address.
    from knowflow.accounts.actions import invite_person

    with pytest.raises(ValidationError):
        invite_person(email="anonymous@knowflow.invalid", invited_by=None)


def test_deleting_a_question_takes_its_thread_and_reopens_its_duplicates(alice, bob, charlie):
    question = ask(alice, body="Some details", goal="A goal")
    answer = actions.answer_question(bob, question, body="An answer")
    comment = actions.comment_on(charlie, answer, body="A comment")
    copy = ask(charlie, title="The same thing again")
    actions.mark_duplicate(charlie, copy, original=question)
    # Answers are other people's work: the asker can no longer delete it, a moderator can.
    with pytest.raises(PermissionDenied):
        posts_actions.delete_post(alice, question.post)
    posts_actions.delete_post(make_moderator(), question.post)
    assert all(Post.objects.get(pk=pk).is_deleted for pk in (question.pk, answer.pk, comment.pk))
    question.refresh_from_db()
    assert question.details == question.goal == "" and question.answer_count == 0
    copy.refresh_from_db()
    assert copy.status == QuestionStatus.OPEN and copy.duplicate_of_id is None
    c = client_for(bob)
    assert c.post(f"/help/answers/{answer.pk}/vote/").status_code == 404


def test_odd_input_on_the_question_page_is_a_field_error(alice, bob):
    question = ask(alice)
    r = client_for(alice).post(f"/help/questions/{question.pk}/duplicate/", {"original": "²"})
    assert r.status_code == 400
    # Plain replies do not go into Q&A threads (answers and comments do).
    with pytest.raises(ValidationError):
        posts_actions.create_post(bob, body="A plain reply", parent=question.post)


def test_editing_keeps_hashtag_topics_on_answers_and_out_of_the_topics_field(alice, bob):
    question = ask(alice, body="Our #ops runbook is missing a step", topics=["security"])
    answer = actions.answer_question(bob, question, body="Add it.")
    assert {t.slug for t in Topic_of(answer)} == {"ops", "security"}
    page = client_for(alice).get(f"/help/questions/{question.pk}/edit/")
    assert page.context["form"].initial["topics"] == "security"
    actions.edit_question(
        alice, question, title=question.post.title, body="Our #ops runbook", topics=["writing"]
    )
    assert {t.slug for t in Topic_of(Post.objects.get(pk=answer.pk))} == {"ops", "writing"}


def test_withdrawing_acceptance_from_a_stale_form_changes_nothing(alice, bob, charlie):
    question = ask(alice)
    first = actions.answer_question(bob, question, body="One")
    second = actions.answer_question(charlie, question, body="Two")
    actions.accept_answer(alice, second)
    client_for(alice).post(f"/help/answers/{first.pk}/accept/", {"action": "remove"})
    assert Question.objects.get(pk=question.pk).accepted_answer_id == second.pk


def test_deleting_the_account_of_an_accepted_answers_author(alice, bob):
    question = ask(alice)
    answer = actions.answer_question(bob, question, body="One")
    actions.accept_answer(alice, answer)
    bob.delete()
    question.refresh_from_db()
    assert question.accepted_answer_id is None and question.status == QuestionStatus.ANSWERED
