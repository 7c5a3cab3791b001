"""Evidence on topics, summed as it is written: one TopicEvidence row per person, topic and
audience, so that ranking likely helpers reads a row per person instead of every answer and
post on the question's topics (thousands on a busy topic: docs/benchmarks.md, "Router speed").

A row is never adjusted by a difference: whenever something it sums changes (an answer or a
post written, edited to other topics, deleted; a vote; an acceptance given, moved or taken
back; thanks; topics merged; an import), the actions call `evidence_changed` in the same
transaction, and the rows of the people and topics concerned are computed again from the
posts. So a row is always what the posts say, whatever order changes come in, and
`rebuild()` (the `knowflow expertise-tallies` command) gives the same rows from nothing.

Age: a row's weight is the sum of each item's weight grown by e^(days since EPOCH /
KNOWLEDGE_DAYS); read at a moment, it is multiplied by e^(-days from EPOCH to then /
KNOWLEDGE_DAYS), which is each item decayed by its own age (queries._decay), without
rewriting rows as time passes. (Doubles hold the growth for some seven centuries.)

Only the present is summed: a ranking as of a past moment (the routing benchmark's replay)
reads the posts (queries._topic_sums), and a test holds the two equal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import connection, transaction

from knowflow.posts.models import Audience, PostKind

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# Refreshed per statement: ids in an IN list stay well under SQLite's variable limit.
CHUNK = 500


def _days_since_epoch_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"((EXTRACT(EPOCH FROM {column}) - {EPOCH.timestamp():.0f}) / 86400.0)"
    return f"(julianday({column}) - julianday('{EPOCH:%Y-%m-%d}'))"


def decay_factor(now: datetime) -> float:
    """What a stored weight is multiplied by to be the sum decayed as of `now`."""
    from .queries import KNOWLEDGE_DAYS

    days = (now - EPOCH).total_seconds() / 86400
    return math.exp(-days / KNOWLEDGE_DAYS)


def _sums_sql(where: str, *, add: bool = False) -> str:
    """INSERT ... SELECT of the rows of the answers and posts (PostTopic x Post) matching
    `where` (on pt, the post's topic row, and x, the post), grouped by topic, person and
    audience. Parameters: _weights(), then those of `where`. `add`: added to the rows there
    are (for posts that are new: nothing of theirs is in them yet)."""
    from knowflow.help.models import Question
    from knowflow.posts.models import Post, PostTopic, Thanks

    from .models import TopicEvidence

    q = connection.ops.quote_name
    table = q(TopicEvidence._meta.db_table)
    post, post_topic = q(Post._meta.db_table), q(PostTopic._meta.db_table)
    question, thanks = q(Question._meta.db_table), q(Thanks._meta.db_table)
    grown = _days_since_epoch_sql("{}")
    # Values fixed by the code (kinds, audiences) are written in: the statement is the same
    # for every call.
    answer, post_kind = PostKind.ANSWER.value, PostKind.POST.value
    everyone = Audience.EVERYONE.value
    return f"""
        INSERT INTO {table} (topic_id, person_id, scope, answers, posts, upvotes, accepted,
            thanks, weight, latest_at)
        SELECT topic_id, author_id, scope,
            SUM(CASE WHEN kind = '{answer}' THEN 1 ELSE 0 END),
            SUM(CASE WHEN kind = '{post_kind}' THEN 1 ELSE 0 END),
            SUM(CASE WHEN kind = '{answer}' THEN vote_count ELSE 0 END),
            SUM(acc), SUM(thanks_n),
            SUM(CASE WHEN kind = '{answer}' THEN %s + %s * vote_count + %s * acc ELSE %s END
                * EXP(grown / %s) + %s * COALESCE(thanks_w, 0)),
            MAX(created_at)
        FROM (
            SELECT pt.topic_id, x.author_id, x.kind, x.vote_count, x.created_at,
                CASE WHEN x.audience = '{everyone}' THEN 0 ELSE x.department_id END AS scope,
                {grown.format("x.created_at")} AS grown,
                COALESCE((SELECT 1 FROM {question} a WHERE a.post_id = x.parent_id
                    AND a.accepted_answer_id = x.id AND a.accepted_at IS NOT NULL), 0) AS acc,
                (SELECT COUNT(*) FROM {thanks} t WHERE t.post_id = x.id) AS thanks_n,
                (SELECT SUM(EXP({grown.format("t.created_at")} / %s)) FROM {thanks} t
                    WHERE t.post_id = x.id) AS thanks_w
            FROM {post_topic} pt JOIN {post} x ON x.id = pt.post_id
            WHERE x.kind IN ('{answer}', '{post_kind}') AND x.deleted_at IS NULL
                AND (x.audience = '{everyone}' OR x.department_id IS NOT NULL)
                AND {where}
        ) items
        WHERE 1 = 1
        GROUP BY topic_id, author_id, scope{_adding(table) if add else ""}"""  # noqa: S608 (names from the models, values as parameters)


def _adding(table: str) -> str:
    """The upsert clause that adds new posts' sums to the rows there are. (The WHERE before
    GROUP BY in _sums_sql keeps SQLite from reading ON CONFLICT as part of a join.)"""
    later = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    summed = ["answers", "posts", "upvotes", "accepted", "thanks", "weight"]
    sets = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in summed)
    return f"""
        ON CONFLICT (topic_id, scope, person_id) DO UPDATE SET {sets},
            latest_at = {later}({table}.latest_at, excluded.latest_at)"""


def _weights() -> list[float]:
    """The parameters of _sums_sql before `where`'s, in the order of its placeholders."""
    from .queries import (
        ACCEPTED_WEIGHT,
        ANSWER_WEIGHT,
        KNOWLEDGE_DAYS,
        POST_WEIGHT,
        THANKS_WEIGHT,
        UPVOTE_WEIGHT,
    )

    item = [ANSWER_WEIGHT, UPVOTE_WEIGHT, ACCEPTED_WEIGHT, POST_WEIGHT, KNOWLEDGE_DAYS]
    return [*item, THANKS_WEIGHT, KNOWLEDGE_DAYS]  # the last: the thanks' decay


def _insert(where: str, params: list, *, add: bool = False) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_sums_sql(where, add=add), [*_weights(), *params])


def _placeholders(n: int) -> str:
    return ", ".join(["%s"] * n)


def _refresh(people: list[int], topics: list[int]) -> None:
    """Compute again the rows of these people on these topics."""
    from .models import TopicEvidence

    TopicEvidence.objects.filter(person_id__in=people, topic_id__in=topics).delete()
    where = (
        f"x.author_id IN ({_placeholders(len(people))})"
        f" AND pt.topic_id IN ({_placeholders(len(topics))})"
    )
    _insert(where, [*people, *topics])


def evidence_changed(people: Iterable[int], topics: Iterable[int]) -> None:
    """The answers or posts of `people` on `topics` changed (or their votes, acceptance,
    thanks, audience): compute their rows again, in this transaction. Each person's rows are
    locked first (their account's row, on PostgreSQL), so that two transactions changing one
    person's evidence at once cannot both compute from a view without the other's change."""
    from knowflow.accounts.models import User

    people = sorted({int(p) for p in people if p is not None})
    topics = sorted({int(t) for t in topics if t is not None})
    if not people or not topics:
        return
    with transaction.atomic():
        for start in range(0, len(people), CHUNK):
            chunk = people[start : start + CHUNK]
            if connection.vendor == "postgresql":
                list(
                    User.objects.select_for_update()
                    .filter(pk__in=chunk)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
            for topic_start in range(0, len(topics), CHUNK):
                _refresh(chunk, topics[topic_start : topic_start + CHUNK])


def posts_changed(post_ids: Iterable[int], *, topics: Iterable[int] = ()) -> None:
    """These posts' evidence changed (a vote, an acceptance, thanks, a deletion): their
    authors' rows on the posts' topics (and `topics`: those they had before a change) are
    computed again."""
    from knowflow.posts.models import Post, PostTopic

    ids = sorted({int(pk) for pk in post_ids if pk is not None})
    if not ids:
        return
    people: set[int] = set()
    found: set[int] = set(topics)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        people.update(
            Post.objects.filter(pk__in=chunk, kind__in=[PostKind.ANSWER, PostKind.POST])
            .order_by()
            .values_list("author_id", flat=True)
        )
        found.update(PostTopic.objects.filter(post_id__in=chunk).values_list("topic_id", flat=True))
    evidence_changed(people, found)


def posts_added(post_ids: Iterable[int]) -> None:
    """These posts are new (an import): their sums are added to their authors' rows, without
    reading the rest of the authors' posts (an import adds thousands at a time, by people
    with thousands more). Each row is added to in one statement, so imports at once add up."""
    ids = sorted({int(pk) for pk in post_ids if pk is not None})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            _insert(f"x.id IN ({_placeholders(len(chunk))})", chunk, add=True)


def topics_changed(topic_ids: Iterable[int]) -> None:
    """Everyone's rows on these topics, computed again (topics merged)."""
    from .models import TopicEvidence

    topics = sorted({int(t) for t in topic_ids})
    if not topics:
        return
    with transaction.atomic():
        TopicEvidence.objects.filter(topic_id__in=topics).delete()
        _insert(f"pt.topic_id IN ({_placeholders(len(topics))})", topics)


def rebuild() -> int:
    """Every row computed again from the posts (after a restore, a bulk load that went
    around the actions, or to check them): the number of rows."""
    from .models import TopicEvidence

    with transaction.atomic():
        TopicEvidence.objects.all().delete()
        _insert("1 = 1", [])
        return TopicEvidence.objects.count()


def _snapshot() -> dict[tuple, tuple]:
    """{(topic, person, scope): the rest}, weights to 9 significant digits (sums added up as
    posts came and summed at once differ in the last bits)."""
    from .models import TopicEvidence

    return {
        (topic, person, scope): (*counts, float(f"{weight:.9g}"), latest_at)
        for topic, person, scope, *counts, weight, latest_at in TopicEvidence.objects.values_list(
            "topic_id",
            "person_id",
            "scope",
            "answers",
            "posts",
            "upvotes",
            "accepted",
            "thanks",
            "weight",
            "latest_at",
        )
    }


def check() -> int:
    """How many rows differ from what the posts say (missing, wrong or not due); nothing is
    written."""
    with transaction.atomic():
        kept = _snapshot()
        rebuild()
        computed = _snapshot()
        transaction.set_rollback(True)
    return sum(1 for key in kept.keys() | computed.keys() if kept.get(key) != computed.get(key))
