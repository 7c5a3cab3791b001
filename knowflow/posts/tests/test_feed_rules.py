"""The home feed's hand-written source queries against the same rules written with the ORM.

A small organization with random follows, mutes, audiences, replies, topics and mentions; every
person's feed, paged through, must be exactly the posts the ORM version selects, in order."""

import datetime as dt
import random

import pytest
from django.db.models import Q
from django.utils import timezone

from knowflow.core.testing import make_department, make_person
from knowflow.help import actions as help_actions
from knowflow.network.actions import follow_department, follow_person, follow_topic
from knowflow.org.queries import department_ancestor_ids
from knowflow.posts import actions, queries
from knowflow.posts.models import Audience, Post
from knowflow.posts.queries import (
    _not_muted_q,
    active_mutes,
    can_see_post,
    count_new_posts,
    home_feed,
    posts_visible_to,
)
from knowflow.topics.queries import find_topic

TAGS = ["ops", "go", "pkm", "design"]


def expected_feed(viewer, *, show="all"):
    """The feed's rules in the ORM: sources, visibility and mutes."""
    follows = viewer.follows.all()
    people = [f.user_id for f in follows if f.user_id]
    topics = [f.topic_id for f in follows if f.topic_id]
    departments = [f.department_id for f in follows if f.department_id]
    root = Q(root__isnull=True)
    root_or_answer = root | Q(kind="answer")
    sources = Q(pk__in=[])
    if show in ("all", "questions", "people"):
        sources |= root_or_answer & Q(author_id__in=people)
    if show in ("all", "questions", "topics"):
        sources |= root_or_answer & Q(post_topics__topic_id__in=topics)
    if show in ("all", "questions", "departments"):
        sources |= root & Q(author_department_id__in=departments)
        sources |= root & Q(
            audience=Audience.DEPARTMENT, department_id__in=department_ancestor_ids(viewer)
        )
    if show in ("all", "questions", "mentions"):
        sources |= Q(mentions__user=viewer)
    if show in ("all", "questions"):
        sources |= Q(root_author=viewer) & ~Q(author=viewer)
        sources |= root & Q(author=viewer)
    qs = posts_visible_to(viewer).filter(_not_muted_q(active_mutes(viewer))).filter(sources)
    if show == "questions":
        qs = qs.filter(asks_question=True)
    return list(qs.distinct().order_by("-created_at", "-id").values_list("pk", flat=True))


def paged(viewer, *, show="all", limit=4):
    seen, cursor = [], None
    while True:
        page = home_feed(viewer, cursor=cursor, limit=limit, show=show)
        seen += [p.pk for p in page.posts]
        if not page.next_cursor:
            return seen
        cursor = page.next_cursor


# With a list limit of 0, every id list reaches PostgreSQL through the sub-select that hides
# long lists from its planner (posts.queries._in).
@pytest.mark.parametrize(("seed", "list_limit"), [(1, 10), (2, 0)])
def test_feed_matches_the_rules(seed, list_limit, engineering, sales, monkeypatch):
    monkeypatch.setattr(queries, "PLANNER_LIST_LIMIT", list_limit)
    rng = random.Random(seed)
    platform = make_department("Platform", parent=engineering)
    departments = [engineering, sales, platform]
    people = [
        make_person(f"Person {i}", email=f"p{i}@example.com", department=departments[i % 3])
        for i in range(7)
    ]
    for person in people:
        for other in rng.sample(people, 3):
            if other != person:
                follow_person(person, person=other)
        follow_department(person, department=rng.choice(departments))
    now = timezone.now()
    posts: list[Post] = []
    for i in range(70):
        author = rng.choice(people)
        when = now - dt.timedelta(minutes=rng.choice([0, 1, 30, 600, 3000, 60_000, 900_000]))
        tags = " ".join(f"#{t}" for t in rng.sample(TAGS, rng.randint(0, 2)))
        mention = f"@p{rng.randrange(7)}" if rng.random() < 0.3 else ""
        question = "Any ideas?" if rng.random() < 0.3 else "Done."
        body = f"Post {i} {tags} {mention} {question}"
        visible_roots = [p for p in posts if p.root_id is None and can_see_post(author, p)]
        if visible_roots and rng.random() < 0.3:
            parent = rng.choice(visible_roots)
            when = max(when, parent.created_at)
            posts.append(actions.create_post(author, body=body, parent=parent, created_at=when))
        elif rng.random() < 0.4:
            dept = rng.choice(departments)
            posts.append(
                actions.create_post(
                    author, body=body, audience="department", department=dept, created_at=when
                )
            )
        else:
            posts.append(actions.create_post(author, body=body, created_at=when))
    # Questions (some for a department), answers (they reach followers of their author and
    # of the question's topics) and comments (they stay in the thread).
    questions = []
    for i in range(8):
        asker = rng.choice(people)
        dept = rng.choice(departments) if rng.random() < 0.3 else None
        questions.append(
            help_actions.ask_question(
                asker,
                title=f"Question {i}?",
                body=f"Details {i}",
                topics=rng.sample(TAGS, rng.randint(0, 2)),
                audience="department" if dept else "everyone",
                department=dept,
            )
        )
    for i in range(16):
        question = rng.choice(questions)
        person = rng.choice(people)
        if not can_see_post(person, question.post):
            continue
        answer = help_actions.answer_question(person, question, body=f"Answer {i}")
        if rng.random() < 0.5:
            commenter = rng.choice([p for p in people if can_see_post(p, answer)])
            help_actions.comment_on(commenter, answer, body=f"Comment {i}")
    for person in people:
        follow_topic(person, topic=find_topic(rng.choice(TAGS)))
    # Mutes of every kind, and a deleted post.
    actions.mute(people[0], person=people[1])
    actions.mute(people[2], topic=find_topic("ops"))
    actions.mute(people[3], topic=find_topic("go"), days=7)
    actions.mute(people[4], thread=next(p for p in posts if p.root_id is None))
    doomed = posts[5]
    actions.delete_post(doomed.author, doomed)

    for person in people:
        for show in ("all", "people", "topics", "departments", "mentions", "questions"):
            assert paged(person, show=show) == expected_feed(person, show=show), (person, show)
        everything = expected_feed(person)
        if everything:
            last = Post.objects.get(pk=everything[-1])
            assert count_new_posts(person, since=(last.created_at, last.pk)) == min(
                len(everything) - 1, 100
            )
