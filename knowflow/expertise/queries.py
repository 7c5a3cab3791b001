"""Who knows what: likely helpers for a question, each with the evidence that makes them one.

Everything is read from what people did (answers, accepted answers, votes, declared topics),
through the viewer's access: evidence the viewer may not see is neither used nor shown for
them. Nothing is stored per person: an estimate is worked out when asked for, as of a moment
(`as_of`, now by default), so it never runs ahead of what existed then (the routing benchmark
replays history with it; docs/subsystems/expertise.md).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from knowflow.accounts.models import User
from knowflow.help.models import AnswerVote, Question, QuestionStatus
from knowflow.people.models import ProfileTopic, TopicKind
from knowflow.people.queries import hiding_fields
from knowflow.posts.models import Audience, Post, PostKind, Thanks
from knowflow.posts.queries import visible_q

from .models import Endorsement, NotSuggested
from .paths import PathFinder

# Recent evidence counts more than old: each item weighs exp(-age / tau). Being active lately
# decides much of who answers next (a week); what someone knows fades slowly (a year). These
# and the weights below were chosen on the Stack Exchange replays (docs/benchmarks.md,
# "Routing"): a week for activity beat one, three and six months.
ACTIVITY_DAYS = 7
KNOWLEDGE_DAYS = 365
# Answers older than this many activity time constants no longer count as activity.
ACTIVITY_HORIZON = 6
ANSWER_WEIGHT = 1.0  # an answer on one of the question's topics
ACCEPTED_WEIGHT = 2.0  # more when the asker accepted it
UPVOTE_WEIGHT = 0.25  # a colleague's vote for it
ENDORSEMENT_WEIGHT = 1.0  # a colleague vouching for them on one of the topics
POST_WEIGHT = 0.5  # a post (not an answer) on one of the topics
THANKS_WEIGHT = 0.5  # thanks received for a post or answer on them
# Declared on one's profile ("skills", "ask me about"): counts less than evidence shown.
DECLARED_WEIGHT = 0.5
SIMILAR_QUESTIONS = 10  # answers to the questions most like this one count too
SIMILAR_WEIGHT = 0.5
EXPERIENCE_WEIGHT = 0.5  # times log(1 + answers in all)
EXPERIENCE_POOL = 100  # ... for this many front runners (at least 3 x the limit)
EVIDENCE_SHOWN = 3  # the answers shown as "why" for each person


@dataclass(frozen=True)
class TopicFacts:
    """Someone's answers and posts on one of the question's topics (that the viewer may see)."""

    topic_id: int
    answers: int
    posts: int
    upvotes: int  # on those answers
    accepted: int  # of those answers
    thanks: int  # received for those answers and posts
    weight: float  # as evidence, decayed
    latest_at: datetime  # the latest of those answers and posts


@dataclass
class Helper:
    """Someone likely to answer, and why (only evidence the viewer may see)."""

    user_id: int
    score: float
    # Filled for the people returned (not for every one ranked): their evidence on each of
    # the question's topics, the most telling first, and its sums over the topics (a post on
    # two of them counts on each, as it weighs).
    on_topics: list[TopicFacts] = field(default_factory=list)
    topic_answers: int = 0  # answers on the question's topics
    topic_posts: int = 0  # posts on them
    thanked: int = 0  # thanks received for posts and answers on them
    topic_accepted: int = 0  # ... of them accepted
    upvotes: int = 0
    endorsements: int = 0  # colleagues who endorsed them on the question's topics
    similar_answered: int = 0  # similar questions they answered
    declared: list[int] = field(default_factory=list)  # topic ids on their profile
    last_evidence_at: datetime | None = None
    evidence: list[int] = field(default_factory=list)  # answer post ids, best first
    recent_answers: float = 0.0  # answers lately, decayed (how active they are)
    answers: int = 0  # answers in all
    knowledge: float = 0.0  # the evidence about this question's subject (not activity)


def _decay(at: datetime, now: datetime, days: float) -> float:
    return math.exp(-max((now - at).total_seconds(), 0.0) / (days * 86400))


def suggest_helpers(
    viewer,
    *,
    title: str,
    body: str = "",
    topic_ids: Sequence[int] = (),
    exclude: Sequence[int] = (),
    as_of: datetime | None = None,
    limit: int = 10,
    question_id: int | None = None,
    evidence: bool = True,
) -> list[Helper]:
    """The people most likely to answer a question with this title, body and topics, best
    first, as of `as_of` (now by default), from evidence the viewer may see; `exclude` are
    never suggested (the asker). Inactive accounts and people who opted out are left out.
    `question_id`: the question itself, when it exists already (it is not "similar" to
    itself). `evidence=False`: without the evidence items (links) of each person, for those
    who only rank (the router: its invitations give the reason sentence alone)."""
    from knowflow.core.sql import fetch_rows
    from knowflow.search.queries import similar

    now = as_of or timezone.now()
    seen = visible_q(viewer)
    helpers: dict[int, Helper] = {}

    def helper(user_id: int) -> Helper:
        found = helpers.get(user_id)
        if found is None:
            found = helpers[user_id] = Helper(user_id=user_id, score=0.0)
        return found

    knowledge: dict[int, float] = defaultdict(float)
    best_items: dict[int, list[tuple[float, int]]] = defaultdict(list)

    def credit(user_id: int, post_id: int, at: datetime, weight: float) -> None:
        decayed = weight * _decay(at, now, KNOWLEDGE_DAYS)
        knowledge[user_id] += decayed
        best_items[user_id].append((decayed, post_id))
        h = helper(user_id)
        if h.last_evidence_at is None or at > h.last_evidence_at:
            h.last_evidence_at = at

    # Answers and posts on the question's topics (answers carry their question's topics)
    # and the thanks received for them, summed per person and topic: now, as kept by
    # expertise.tallies (a row per person and topic); as of a past moment, by the database
    # from the posts then. A topic may hold thousands of answers: only the sums are read, and
    # the per-topic facts only for the people returned.
    ids = list(topic_ids)
    declared: dict[int, list[int]] = {}  # person: the topics on their profile (as shown)
    by_topic: dict[int, list[TopicFacts]] = defaultdict(list)  # as of a past moment only
    if ids and as_of is None:
        for person_id, weight in _tally_sums(viewer, ids, now):
            knowledge[person_id] += weight
    elif ids:
        for person_id, topic_id, facts, weight, age in _topic_sums(viewer, ids, now):
            knowledge[person_id] += weight
            by_topic[person_id].append(
                TopicFacts(topic_id, *facts, weight=weight, latest_at=now - timedelta(days=age))
            )
    hits = (
        similar(
            viewer, title=title, body=body, limit=SIMILAR_QUESTIONS, exclude_post_id=question_id
        )
        if title
        else []
    )
    if as_of is not None and hits:
        # Only questions asked by then (the index holds today's).
        earlier = set(
            Post.objects.filter(pk__in=[h.post_id for h in hits], created_at__lt=now).values_list(
                "pk", flat=True
            )
        )
        hits = [h for h in hits if h.post_id in earlier]
    closeness = {hit.post_id: max(hit.score, 0.0) / max(hits[0].score, 1e-9) for hit in hits}
    accepted_then = Question.objects.filter(accepted_answer_id=OuterRef("pk"), accepted_at__lt=now)
    similar_rows = (
        list(
            Post.objects.filter(
                seen, kind=PostKind.ANSWER, created_at__lt=now, parent_id__in=list(closeness)
            )
            .annotate(accepted=Exists(accepted_then))
            .values_list("pk", "author_id", "parent_id", "created_at", "accepted")
        )
        if closeness
        else []
    )
    answered_similar: dict[int, set[int]] = defaultdict(set)
    for pk, author_id, parent_id, created_at, was_accepted in similar_rows:
        answered_similar[author_id].add(parent_id)
        helper(author_id).similar_answered = len(answered_similar[author_id])
        weight = closeness[parent_id] * (ANSWER_WEIGHT + (ACCEPTED_WEIGHT if was_accepted else 0))
        credit(author_id, pk, created_at, SIMILAR_WEIGHT * weight)
    if ids:
        # Colleagues' endorsements (public on profiles), by then.
        endorsers: dict[int, set[int]] = defaultdict(set)
        for person_id, endorser_id, endorsed_at in Endorsement.objects.filter(
            topic_id__in=list(topic_ids), created_at__lt=now
        ).values_list("person_id", "endorser_id", "created_at"):
            endorsers[person_id].add(endorser_id)
            knowledge[person_id] += ENDORSEMENT_WEIGHT * _decay(endorsed_at, now, KNOWLEDGE_DAYS)
        for person_id, who in endorsers.items():
            helper(person_id).endorsements = len(who)  # colleagues, not (colleague, topic)
        # Declared topics, where their owner lets the viewer see them (profiles keep no
        # history: a past moment, as in a replay, goes without them). A popular topic is on
        # thousands of profiles: their rows come from the topics' index alone, and those
        # who hide the field from the viewer (few) are left out after.
        if as_of is None:
            field_of = {
                TopicKind.SKILL.value: "skills",
                TopicKind.ASK_ME_ABOUT.value: "ask_me_about",
            }
            hidden = hiding_fields(viewer, list(field_of.values()))
            hiding = {kind: hidden[name] for kind, name in field_of.items()}
            rows = ProfileTopic.objects.filter(topic_id__in=ids, kind__in=list(field_of))
            for user_id, topic_id, kind in fetch_rows(
                *rows.values_list("user_id", "topic_id", "kind").query.sql_with_params()
            ):
                if user_id in hiding[kind]:
                    continue
                listed = declared.setdefault(user_id, [])
                if topic_id not in listed:  # as a skill and as "ask me about": once
                    listed.append(topic_id)
                    knowledge[user_id] += DECLARED_WEIGHT
    # How active each person has been lately (answers the viewer may see): everyone who
    # answered in the last weeks, most of them without evidence on this subject. Scores are
    # worked out on plain numbers; a Helper is made for the front runners only.
    recent = _activity(viewer, as_of)
    excluded = set(exclude)
    # Who may not be suggested: few people (inactive accounts, opt-outs), read whole.
    excluded |= set(
        User.objects.filter(is_active=False)
        .order_by()
        .values_list("pk", flat=True)
        .union(NotSuggested.objects.order_by().values_list("user_id", flat=True), all=True)
    )
    log1p, activity, known = math.log1p, recent.get, knowledge.get
    # (minus the score, id) pairs, compared as tuples: thousands of people on a busy topic.
    ranked = [
        (-(log1p(activity(user_id, 0.0)) + log1p(known(user_id, 0.0))), user_id)
        for user_id in (knowledge.keys() | helpers.keys() | recent.keys()) - excluded
    ]
    # Experience (answers in all, as the viewer may see them) counts for the front runners
    # only: it moves people within the top.
    front = []
    for minus_score, user_id in heapq.nsmallest(max(limit * 3, EXPERIENCE_POOL), ranked):
        h = helper(user_id)
        h.declared = declared.get(user_id, [])
        h.recent_answers = recent.get(user_id, 0.0)
        h.knowledge = knowledge.get(user_id, 0.0)
        h.score = -minus_score
        front.append(h)
    if EXPERIENCE_WEIGHT and front:
        answers = _experience(viewer, as_of, [h.user_id for h in front])
        for h in front:
            h.answers = answers.get(h.user_id, 0)
    for h in front:
        h.score += EXPERIENCE_WEIGHT * math.log1p(h.answers)
    front.sort(key=lambda h: (-h.score, h.user_id))
    chosen = front[: max(0, limit)]
    if ids and chosen:
        if as_of is None:
            by_topic = _tally_by_topic(viewer, ids, now, [h.user_id for h in chosen])
        for h in chosen:
            h.on_topics = sorted(by_topic.get(h.user_id, []), key=lambda f: -f.weight)
            last = max((f.latest_at for f in h.on_topics), default=None)
            if last is not None and (h.last_evidence_at is None or last > h.last_evidence_at):
                h.last_evidence_at = last
            h.topic_answers = sum(f.answers for f in h.on_topics)
            h.topic_posts = sum(f.posts for f in h.on_topics)
            h.upvotes = sum(f.upvotes for f in h.on_topics)
            h.topic_accepted = sum(f.accepted for f in h.on_topics)
            h.thanked = sum(f.thanks for f in h.on_topics)
    if not evidence:
        return chosen
    if ids and chosen:
        # The few best answers and posts on the topics of the people chosen.
        for person_id, pk, weight in _best_on_topics(
            viewer, ids, now, [h.user_id for h in chosen], live=as_of is None
        ):
            best_items[person_id].append((float(weight), pk))
    for h in chosen:
        weight_of: dict[int, float] = defaultdict(float)  # an answer may count twice
        for weight, pk in best_items[h.user_id]:
            weight_of[pk] += weight
        h.evidence = sorted(weight_of, key=lambda pk: (-weight_of[pk], -pk))[:EVIDENCE_SHOWN]
    return chosen


# --- evidence on topics, summed by the database --------------------------------------------
#
# A topic may hold thousands of answers and posts: each one's weight (the table in
# docs/subsystems/expertise.md: votes, acceptance, matching topics, age, thanks) is worked out
# in one hand-written statement, once per row, and summed per person there. (The ORM's
# version of the same statement cost more to build than to run.)


def _age_sql(column: str) -> str:
    """Days (with their fraction) from `column` to the moment given as the next parameter."""
    if connection.vendor == "postgresql":
        return (
            f"(CAST(EXTRACT(EPOCH FROM (CAST(%s AS timestamptz) - {column}))"
            " AS double precision) / 86400.0)"
        )
    return f"(julianday(%s) - julianday({column}))"


def _on_topics(viewer, topic_ids: list[int], now: datetime, *, by_topic: bool = False) -> QuerySet:
    """The answers and posts on any of these topics the viewer may see, by then, once each
    with `matches`, how many of the topics they are on (`by_topic`: once per topic, with its
    topic_id, and `matches` 1). Read from the topics' rows (their index) to the posts: the
    planner would otherwise scan every post for a few thousand."""
    from knowflow.posts.models import PostTopic

    columns = ["topic_id"] if by_topic else []
    return (
        PostTopic.objects.filter(
            visible_q(viewer, prefix="post__"),
            topic_id__in=topic_ids,
            post__kind__in=[PostKind.ANSWER, PostKind.POST],
            post__created_at__lt=now,
        )
        .order_by()
        .values(
            "post_id",
            "post__author_id",
            "post__kind",
            "post__vote_count",
            "post__created_at",
            "post__parent_id",
            *columns,
        )
        .annotate(matches=Count("pk"))
    )


def _weighed_rows(
    base: QuerySet,
    now: datetime,
    *,
    live: bool,
    people: list[int] | None = None,
    by_topic: bool = False,
):
    """(SQL, params) of a CTE `r` of the posts of `base` (_on_topics, with `by_topic` as
    given to it): author_id, id, kind, votes, acc (1 if accepted by then), thanks_n, and w,
    the post's weight as evidence, decayed (each of its matching topics counts); only those
    by `people` when given. expertise.tallies sums the same weights as of now."""
    q = connection.ops.quote_name
    moment = connection.ops.adapt_datetimefield_value(now)
    base_sql, base_params = base.query.sql_with_params()
    params: list = [*base_params]
    question, thanks = q(Question._meta.db_table), q(Thanks._meta.db_table)
    if live:  # its vote count: imported votes have no voter or date
        votes = "b.vote_count"
    else:  # the votes cast by then
        table = q(AnswerVote._meta.db_table)
        votes = f"(SELECT COUNT(*) FROM {table} v WHERE v.answer_id = b.id AND v.created_at < %s)"  # noqa: S608
        params.append(moment)
    params.append(moment)  # acc
    # The topics' posts first, then their authors: by author, the planner would read the
    # busiest people's every post.
    materialized, by_people = "", ""
    if people is not None:
        materialized = "MATERIALIZED"
        by_people = f"WHERE b.author_id IN ({', '.join(['%s'] * len(people))})"
    # age; thanks_n's "by then"; thanks_w's age, decay and "by then"
    params.extend([moment, moment, moment, -1.0 / KNOWLEDGE_DAYS, moment, *(people or [])])
    topic = "topic_id, " if by_topic else ""
    sql = f"""
        b (id, author_id, kind, vote_count, created_at, parent_id, {topic}matches) AS
        {materialized} ({base_sql}),
        p AS MATERIALIZED (
            SELECT b.id, b.author_id, b.kind, {topic.replace("topic_id", "b.topic_id")}
                {votes} AS votes,
                COALESCE((SELECT 1 FROM {question} a WHERE a.post_id = b.parent_id
                    AND a.accepted_answer_id = b.id AND a.accepted_at < %s), 0) AS acc,
                b.matches,
                {_age_sql("b.created_at")} AS age,
                (SELECT COUNT(*) FROM {thanks} t
                    WHERE t.post_id = b.id AND t.created_at < %s) AS thanks_n,
                (SELECT SUM(EXP({_age_sql("t.created_at")} * %s)) FROM {thanks} t
                    WHERE t.post_id = b.id AND t.created_at < %s) AS thanks_w
            FROM b {by_people}
        ),
        r AS (
            SELECT p.*,
                (CASE WHEN kind = %s THEN %s + %s * votes + %s * acc ELSE %s END
                    * EXP(age * %s) + %s * COALESCE(thanks_w, 0)) * matches AS w
            FROM p
        )"""  # noqa: S608 (names from the models, values as parameters)
    params.extend(
        [
            PostKind.ANSWER,
            ANSWER_WEIGHT,
            UPVOTE_WEIGHT,
            ACCEPTED_WEIGHT,
            POST_WEIGHT,
            -1.0 / KNOWLEDGE_DAYS,
            THANKS_WEIGHT,
        ]
    )
    return sql, params


def _topic_sums(viewer, topic_ids: list[int], now: datetime) -> list[tuple]:
    """Per person and topic with answers or posts on it the viewer may see, by then, from the
    posts: (person, topic, (answers, posts, their up-votes, accepted, thanks received for
    them), the evidence's weight, days since the latest)."""
    from knowflow.core.sql import fetch_rows

    base = _on_topics(viewer, topic_ids, now, by_topic=True)
    rows, params = _weighed_rows(base, now, live=False, by_topic=True)  # votes by then
    sql = f"""WITH {rows}
        SELECT author_id, topic_id,
            SUM(CASE WHEN kind = %s THEN 1 ELSE 0 END),
            SUM(CASE WHEN kind = %s THEN 1 ELSE 0 END),
            SUM(CASE WHEN kind = %s THEN votes ELSE 0 END),
            SUM(CASE WHEN kind = %s THEN acc ELSE 0 END),
            SUM(thanks_n), SUM(w), MIN(age)
        FROM r GROUP BY author_id, topic_id"""  # noqa: S608 (names from the models, values as parameters)
    answer, post = PostKind.ANSWER, PostKind.POST
    # (PostgreSQL sums counts as numeric: Decimal here.)
    return [
        (person, topic, tuple(int(n or 0) for n in counts), float(weight or 0.0), float(age))
        for person, topic, *counts, weight, age in fetch_rows(
            sql, [*params, answer, post, answer, answer]
        )
    ]


def _scopes(viewer) -> list[int]:
    """The TopicEvidence scopes the viewer may see: everyone's (0) and their departments'."""
    from knowflow.org.queries import department_ancestor_ids

    return [0, *sorted(department_ancestor_ids(viewer))]


def _tally_sums(viewer, topic_ids: list[int], now: datetime) -> list[tuple[int, float]]:
    """Per person with answers or posts on these topics the viewer may see, as kept by
    expertise.tallies: (person, the evidence's weight as of now). (The viewer's own posts
    for other departments are left out: the viewer is never suggested to themselves.)"""
    from knowflow.core.sql import fetch_rows

    from .models import TopicEvidence
    from .tallies import decay_factor

    scopes = _scopes(viewer)
    sql = f"""SELECT person_id, SUM(weight) FROM {TopicEvidence._meta.db_table}
        WHERE topic_id IN ({", ".join(["%s"] * len(topic_ids))})
            AND scope IN ({", ".join(["%s"] * len(scopes))})
        GROUP BY person_id"""  # noqa: S608 (names from the models, values as parameters)
    factor = decay_factor(now)
    return [(person, weight * factor) for person, weight in fetch_rows(sql, [*topic_ids, *scopes])]


def _as_datetime(value) -> datetime:
    """A date from a hand-written statement: SQLite hands an aggregate's back as text (UTC)."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _tally_by_topic(
    viewer, topic_ids: list[int], now: datetime, people: list[int]
) -> dict[int, list[TopicFacts]]:
    """For these people, their evidence on each of these topics the viewer may see, as kept
    by expertise.tallies."""
    from knowflow.core.sql import fetch_rows

    from .models import TopicEvidence
    from .tallies import decay_factor

    scopes = _scopes(viewer)

    def marks(values: list) -> str:
        return ", ".join(["%s"] * len(values))

    sql = f"""SELECT person_id, topic_id, SUM(answers), SUM(posts), SUM(upvotes),
            SUM(accepted), SUM(thanks), SUM(weight), MAX(latest_at)
        FROM {TopicEvidence._meta.db_table}
        WHERE topic_id IN ({marks(topic_ids)}) AND scope IN ({marks(scopes)})
            AND person_id IN ({marks(people)})
        GROUP BY person_id, topic_id"""  # noqa: S608 (names from the models, values as parameters)
    factor = decay_factor(now)
    found: dict[int, list[TopicFacts]] = defaultdict(list)
    for person, topic, *counts, weight, latest in fetch_rows(sql, [*topic_ids, *scopes, *people]):
        # (PostgreSQL sums integers as numeric: Decimal here.)
        found[person].append(
            TopicFacts(
                topic,
                *map(int, counts),
                weight=float(weight) * factor,
                latest_at=_as_datetime(latest),
            )
        )
    return found


def _best_on_topics(viewer, topic_ids: list[int], now: datetime, people: list[int], *, live):
    """(person, post id, weight) for the EVIDENCE_SHOWN best answers and posts on the topics
    of each of these people.

    Now (live), each person's list is shared for a few minutes by everyone who sees the same
    departments: the statement reads every post on the topics (a popular topic has a hundred
    thousand), and the same busy people are shown on that topic's questions again and again.
    The people shown are never the viewer (every caller leaves them out), so the viewer's own
    posts, the one part of visibility that is personal, are not in the lists; and explain()
    reads the posts again through the viewer's visibility, so a list could never show a post
    the viewer may not see, nor one deleted since."""
    from django.core.cache import cache

    if not people:
        return []
    if not live:
        return _best_rows(viewer, topic_ids, now, people, live=False)
    prefix = f"expertise:best:{_departments_key(viewer)}:{'.'.join(map(str, sorted(topic_ids)))}:"
    found = cache.get_many([f"{prefix}{pk}" for pk in people])
    missing = [pk for pk in people if f"{prefix}{pk}" not in found]
    if missing:
        fresh: dict[str, list] = {f"{prefix}{pk}": [] for pk in missing}
        for person, pk, weight in _best_rows(viewer, topic_ids, now, missing, live=True):
            fresh[f"{prefix}{person}"].append((pk, float(weight)))
        cache.set_many(fresh, ACTIVITY_SECONDS)
        found.update(fresh)
    return [(person, pk, weight) for person in people for pk, weight in found[f"{prefix}{person}"]]


def _best_rows(viewer, topic_ids: list[int], now: datetime, people: list[int], *, live):
    from knowflow.core.sql import fetch_rows

    rows, params = _weighed_rows(_on_topics(viewer, topic_ids, now), now, live=live, people=people)
    sql = f"""WITH {rows}
        SELECT author_id, id, w FROM (
            SELECT author_id, id, w,
                ROW_NUMBER() OVER (PARTITION BY author_id ORDER BY w DESC, id DESC) AS place
            FROM r
        ) ranked WHERE place <= %s"""  # noqa: S608 (names from the models, values as parameters)
    return fetch_rows(sql, [*params, EVIDENCE_SHOWN])


ACTIVITY_SECONDS = 5 * 60


def _answers_seen(viewer):
    """(answers for everyone, answers for the viewer's departments): the second part is
    small (a department's own questions), the first is the same for everyone."""
    from knowflow.org.queries import department_ancestor_ids

    live = Post.objects.filter(kind=PostKind.ANSWER, deleted_at__isnull=True)
    path = list(department_ancestor_ids(viewer))
    return (
        live.filter(audience=Audience.EVERYONE),
        live.filter(audience=Audience.DEPARTMENT, department_id__in=path) if path else live.none(),
    )


def _departments_key(viewer) -> str:
    """The viewer's departments, as a cache key: everyone in a department sees the same."""
    from knowflow.org.queries import department_ancestor_ids

    return ".".join(str(pk) for pk in sorted(department_ancestor_ids(viewer))) or "none"


def _shared_or_now(key: str, compute, as_of: datetime | None):
    """For now: the organization-wide part from the shared cache (a few minutes old at most:
    it reads every answer); for a past moment: computed as of then."""
    from knowflow.core.memo import shared_value

    if as_of is not None:
        return compute()
    return shared_value(key, compute, seconds=ACTIVITY_SECONDS)


def _activity(viewer, as_of: datetime | None) -> dict[int, float]:
    """Everyone's recent answers, decayed, among the answers the viewer's place in the
    organization lets them see. The viewer's own posts elsewhere are not counted: they are
    not suggested to themselves."""
    public, departments = _answers_seen(viewer)

    def decayed(answers) -> dict[int, float]:
        now = as_of or timezone.now()
        since = now - timedelta(days=ACTIVITY_DAYS * ACTIVITY_HORIZON)
        found: dict[int, float] = defaultdict(float)
        for author_id, created_at in answers.filter(
            created_at__lt=now, created_at__gte=since
        ).values_list("author_id", "created_at"):
            found[author_id] += _decay(created_at, now, ACTIVITY_DAYS)
        return found

    found = dict(_shared_or_now("expertise:activity", lambda: dict(decayed(public)), as_of))
    key = f"expertise:activity:{_departments_key(viewer)}"
    for author_id, recent in _shared_or_now(key, lambda: dict(decayed(departments)), as_of).items():
        found[author_id] = found.get(author_id, 0.0) + recent
    return found


def _experience(viewer, as_of: datetime | None, people: list[int]) -> dict[int, int]:
    """Answers in all per person (of `people`), among the answers the viewer may see."""
    public, departments = _answers_seen(viewer)

    def count(answers) -> dict[int, int]:
        if as_of is not None:
            answers = answers.filter(created_at__lt=as_of, author_id__in=people)
        return dict(
            answers.values("author_id").annotate(n=Count("pk")).values_list("author_id", "n")
        )

    found = dict(_shared_or_now("expertise:experience", lambda: count(public), as_of))
    # Not narrowed to `people`: by author, the planner would read the busiest people's
    # every answer; by department, it reads the departments' (shared by their members).
    key = f"expertise:experience:{_departments_key(viewer)}"
    for author_id, n in _shared_or_now(key, lambda: count(departments), as_of).items():
        found[author_id] = found.get(author_id, 0) + n
    return found


def _accepted(now: datetime, answer_ids: list[int]) -> set[int]:
    """Those of these answers that were accepted before `now`."""
    found: set[int] = set()
    for start in range(0, len(answer_ids), 5_000):
        found.update(
            Question.objects.filter(
                accepted_answer_id__in=answer_ids[start : start + 5_000], accepted_at__lt=now
            ).values_list("accepted_answer_id", flat=True)
        )
    return found


# --- explaining ----------------------------------------------------------------------------


@dataclass
class Explained:
    """A suggested person as shown: who, in one sentence why, and the evidence (links)."""

    person: User
    reason: str
    evidence: list[tuple[str, str]]  # (question title, answer URL), only what the viewer sees
    path: list | None = None  # paths.Step list from the viewer to them, None if none found


def _tags(topics) -> str:
    return ", ".join(f"#{t.slug}" for t in topics)


# Topics named in a reason sentence, the most telling first: "3 accepted answers on #a, 1
# answer on #b" says more than a sum over topics (where an answer on both would count twice).
TOPICS_IN_REASON = 2


def _reason(helper: Helper, topics, declared) -> str:
    parts = []
    slugs = {t.pk: t.slug for t in topics}
    on_topics = [f for f in helper.on_topics if f.topic_id in slugs]
    answered = []
    for facts in [f for f in on_topics if f.answers][:TOPICS_IN_REASON]:
        tag = "#" + slugs[facts.topic_id]
        if facts.accepted:
            answered.append(
                ngettext(
                    "%(n)d accepted answer on %(topic)s",
                    "%(n)d accepted answers on %(topic)s",
                    facts.accepted,
                )
                % {"n": facts.accepted, "topic": tag}
            )
        else:
            answered.append(
                ngettext("%(n)d answer on %(topic)s", "%(n)d answers on %(topic)s", facts.answers)
                % {"n": facts.answers, "topic": tag}
            )
    if answered:
        parts.append(", ".join(answered))
    posted = [
        ngettext("%(n)d post on %(topic)s", "%(n)d posts on %(topic)s", f.posts)
        % {"n": f.posts, "topic": "#" + slugs[f.topic_id]}
        for f in [f for f in on_topics if f.posts][:TOPICS_IN_REASON]
    ]
    if posted:
        parts.append(", ".join(posted))
    if helper.last_evidence_at is not None and parts:
        parts[-1] += ", " + _("last in %(month)s") % {
            "month": date_format(timezone.localtime(helper.last_evidence_at), "F Y")
        }
    # Thanks for a post on two of the topics are in both topics' counts: the larger count
    # is the one sure not to say more than happened.
    thanked = max((f.thanks for f in on_topics), default=0)
    if thanked:
        parts.append(
            ngettext("thanked %(n)d time for them", "thanked %(n)d times for them", thanked)
            % {"n": thanked}
        )
    if helper.similar_answered:
        parts.append(
            ngettext(
                "answered %(n)d similar question",
                "answered %(n)d similar questions",
                helper.similar_answered,
            )
            % {"n": helper.similar_answered}
        )
    if helper.endorsements:
        parts.append(
            ngettext(
                "endorsed by %(n)d colleague", "endorsed by %(n)d colleagues", helper.endorsements
            )
            % {"n": helper.endorsements}
        )
    if declared:
        parts.append(_("lists %(topics)s on their profile") % {"topics": _tags(declared)})
    if not parts:
        parts.append(_("answers questions often lately"))
    reason = "; ".join(parts)
    return reason[:1].upper() + reason[1:]


def _evidence_link(post: Post, titles: dict[int, str]) -> tuple[str, str]:
    """(what to call it, where it is): an answer by its question's title, a post by its start."""
    from django.utils.text import Truncator

    from knowflow.help.queries import question_url
    from knowflow.posts.actions import post_url

    if post.kind == PostKind.ANSWER:
        return titles.get(post.root_id, ""), question_url(post)
    return Truncator(" ".join(post.body.split())).chars(80), post_url(post)


def explain(
    viewer, helpers: Sequence[Helper], topics: Sequence, *, paths: bool = False
) -> list[Explained]:
    """The helpers as shown to the viewer, in their order: person, sentence, evidence links
    (answers re-read through the viewer's access, so nothing hidden is linked), and with
    `paths` the trust path to each (expertise.paths)."""
    from knowflow.posts.queries import posts_visible_to

    people = User.objects.select_related("profile", "profile__department").in_bulk(
        [h.user_id for h in helpers]
    )
    answers = posts_visible_to(viewer).in_bulk([pk for h in helpers for pk in h.evidence])
    titles = dict(
        posts_visible_to(viewer)
        .filter(pk__in={a.root_id for a in answers.values() if a.root_id})
        .values_list("pk", "title")
    )
    by_id = {t.pk: t for t in topics}
    chains = PathFinder(viewer).paths(list(people)) if paths and helpers else {}
    out = []
    for h in helpers:
        person = people.get(h.user_id)
        if person is None:
            continue
        declared = [by_id[t] for t in h.declared if t in by_id]
        evidence = [_evidence_link(answers[pk], titles) for pk in h.evidence if pk in answers]
        out.append(
            Explained(
                person=person,
                reason=_reason(h, topics, declared),
                evidence=evidence,
                path=chains.get(person.pk),
            )
        )
    return out


def experts(viewer, *, topic=None, text: str = "", limit: int = 10) -> tuple[list, list[Explained]]:
    """ "Who knows about X?": (the topics looked at, the people with why), for a topic or for
    free text (the topics it is about, and the questions like it). The viewer is left out."""
    from knowflow.search.queries import suggest_topics

    text = (text or "").strip()
    topics = [topic] if topic is not None else suggest_topics(viewer, title=text, limit=3)
    helpers = suggest_helpers(
        viewer,
        title=text if topic is None else "",
        topic_ids=[t.pk for t in topics],
        exclude=[viewer.pk],
        limit=limit * 3,
    )
    # Only people with evidence about it: being busy answering lately is no knowledge of X
    # (and listing the busiest would be a leaderboard).
    helpers = [h for h in helpers if h.knowledge > 0][:limit]
    return topics, explain(viewer, helpers, topics, paths=True)


def question_topics_and_answerers(post: Post) -> tuple[list[int], set[int]]:
    """A question's topic ids, and who answered it (never suggested for it again)."""
    from knowflow.posts.models import PostTopic

    topic_ids = list(PostTopic.objects.filter(post=post).values_list("topic_id", flat=True))
    answered = set(
        Post.objects.filter(parent_id=post.pk, kind=PostKind.ANSWER).values_list(
            "author_id", flat=True
        )
    )
    return topic_ids, answered


def reasons_for(helpers: Sequence[Helper], topic_ids: Sequence[int]) -> dict[int, str]:
    """Each helper's reason sentence alone (no evidence links to read): {user id: sentence}."""
    from knowflow.topics.models import Topic

    topics = list(Topic.objects.filter(pk__in=list(topic_ids)))
    by_id = {t.pk: t for t in topics}
    return {
        h.user_id: _reason(h, topics, [by_id[t] for t in h.declared if t in by_id]) for h in helpers
    }


def helpers_for_question(viewer, question, *, limit: int = 3) -> list[Explained]:
    """Likely helpers for a question, as the viewer may see the evidence: never the asker,
    the viewer, or anyone who already answered it."""
    post = question.post
    topic_ids, answered = question_topics_and_answerers(post)
    helpers = suggest_helpers(
        viewer,
        title=post.title,
        body=post.body,
        topic_ids=topic_ids,
        # An anonymous question's asker is not left out for others: their absence would
        # say who asked (they are not invited either way: the router knows the asker).
        exclude=[
            *([question.asker_id] if not question.is_anonymous else []),
            viewer.pk,
            post.author_id,
            *answered,
        ],
        limit=limit * 3,
        question_id=post.pk,
    )
    helpers = [h for h in helpers if h.knowledge > 0][:limit]
    from knowflow.topics.models import Topic

    return explain(viewer, helpers, list(Topic.objects.filter(pk__in=topic_ids)), paths=True)


# --- invitations ---------------------------------------------------------------------------


def open_invitations(viewer):
    """The viewer's invitations to help that wait for them, newest first, on questions they
    can still see."""
    from .models import Invitation, InvitationStatus

    return (
        Invitation.objects.filter(
            person=viewer,
            status=InvitationStatus.OPEN,
            question__answer_count=0,
            question__status=QuestionStatus.OPEN,
            question__post__in=Post.objects.filter(visible_q(viewer)),
        )
        .select_related("question__post")
        .order_by("-created_at", "-pk")
    )


def access_invitation(viewer, *, invitation_id):
    """One of the viewer's own invitations, or 404 (someone else's looks the same: absent)."""
    from django.http import Http404

    from .models import Invitation

    try:
        return Invitation.objects.select_related("question__post").get(
            pk=invitation_id,
            person=viewer,
            question__post__in=Post.objects.filter(visible_q(viewer)),
        )
    except (Invitation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such invitation.") from None


# --- questions I could answer --------------------------------------------------------------

# Open questions this recent are listed; a question counts less as it ages (two weeks).
COULD_ANSWER_DAYS = 90
FRESHNESS_DAYS = 14


@dataclass
class CouldAnswer:
    """An open question the viewer could answer, and why (their own evidence on its topics)."""

    question: Question
    reason: str
    invited: bool = False


def my_topic_knowledge(viewer, *, now: datetime | None = None) -> dict[int, float]:
    """What the viewer knows per topic, by suggest_helpers' weights for part of its evidence:
    their answers (accepted, voted), colleagues' endorsements, their declared topics."""
    now = now or timezone.now()
    knowledge: dict[int, float] = defaultdict(float)
    rows = list(
        Post.objects.filter(
            author=viewer, kind=PostKind.ANSWER, deleted_at__isnull=True, created_at__lt=now
        ).values_list("pk", "created_at", "vote_count", "post_topics__topic_id")
    )
    # Votes as their count, as suggest_helpers reads them now (imported votes have no rows).
    accepted = _accepted(now, list({pk for pk, _c, _v, _t in rows}))
    for pk, created_at, votes, topic_id in rows:
        if topic_id is None:
            continue
        weight = (
            ANSWER_WEIGHT + UPVOTE_WEIGHT * votes + (ACCEPTED_WEIGHT if pk in accepted else 0.0)
        )
        knowledge[topic_id] += weight * _decay(created_at, now, KNOWLEDGE_DAYS)
    for topic_id, endorsed_at in Endorsement.objects.filter(person=viewer).values_list(
        "topic_id", "created_at"
    ):
        knowledge[topic_id] += ENDORSEMENT_WEIGHT * _decay(endorsed_at, now, KNOWLEDGE_DAYS)
    for topic_id in ProfileTopic.objects.filter(
        user=viewer, kind__in=[TopicKind.SKILL, TopicKind.ASK_ME_ABOUT]
    ).values_list("topic_id", flat=True):
        knowledge[topic_id] += DECLARED_WEIGHT
    return dict(knowledge)


def questions_i_could_answer(viewer, *, limit: int = 20) -> list[CouldAnswer]:
    """Open questions the viewer may see and did not ask, on topics they know, best first:
    questions they were invited to, then by what they know of each question's topics and how
    fresh it is. Unanswered questions come before answered ones without an accepted answer."""
    from knowflow.help.models import QuestionStatus
    from knowflow.help.queries import questions_visible_to
    from knowflow.posts.models import PostTopic
    from knowflow.topics.models import Topic

    from .models import Invitation, InvitationStatus

    now = timezone.now()
    knowledge = my_topic_knowledge(viewer, now=now)
    invited = set(
        Invitation.objects.filter(person=viewer, status=InvitationStatus.OPEN).values_list(
            "question_id", flat=True
        )
    )
    if not knowledge and not invited:
        return []
    open_questions = (
        questions_visible_to(viewer)
        .filter(status__in=[QuestionStatus.OPEN, QuestionStatus.ANSWERED])
        .exclude(asker=viewer)
        .exclude(post__author=viewer)
        .exclude(
            pk__in=Post.objects.filter(author=viewer, kind=PostKind.ANSWER).values("parent_id")
        )
    )
    since = now - timedelta(days=COULD_ANSWER_DAYS)
    on_topics = open_questions.filter(
        created_at__gte=since,
        pk__in=PostTopic.objects.filter(topic_id__in=list(knowledge)).values("post_id"),
    )
    candidates = list(
        (on_topics | open_questions.filter(pk__in=list(invited)))
        .select_related("post")
        .distinct()
        .order_by("-created_at")[:500]
    )
    topics_of: dict[int, list[int]] = defaultdict(list)
    for post_id, topic_id in PostTopic.objects.filter(
        post_id__in=[q.pk for q in candidates]
    ).values_list("post_id", "topic_id"):
        topics_of[post_id].append(topic_id)
    names = dict(Topic.objects.filter(pk__in=list(knowledge)).values_list("pk", "slug"))
    scored = []
    for question in candidates:
        known = [t for t in topics_of[question.pk] if t in knowledge]
        score = sum(knowledge[t] for t in known) * _decay(question.created_at, now, FRESHNESS_DAYS)
        if question.answer_count == 0:
            score *= 2
        best = sorted(known, key=lambda t: -knowledge[t])[:3]
        if question.pk in invited:
            reason = _("You were asked to help.")
        else:
            reason = _(
                "On %(topics)s, which you know from your answers, endorsements or profile."
            ) % {"topics": ", ".join(f"#{names[t]}" for t in best if t in names)}
        scored.append((question.pk not in invited, -score, -question.pk, question, reason))
    scored.sort(key=lambda row: row[:3])
    return [
        CouldAnswer(question=q, reason=reason, invited=not not_invited)
        for not_invited, _s, _pk, q, reason in scored[:limit]
    ]


# --- answer figures (aggregate only) -------------------------------------------------------

# A group (a topic, a department) with fewer questions than this shows no figures: a median
# over three questions is one person's afternoon, not a team's.
MIN_GROUP_SIZE = 5


@dataclass(frozen=True)
class AnswerFigures:
    """How a group's questions fare: never a person's."""

    key: str  # the topic's slug or the department's slug ("" for no department)
    label: str
    questions: int
    answered_share: float | None  # None when the group is under MIN_GROUP_SIZE
    median_hours_to_first_answer: float | None


def answer_figures(viewer, *, by: str, days: int = 90) -> list[AnswerFigures]:
    """For the questions the viewer may see asked in the last `days`, per topic or per the
    asker's department: how many, the share answered, and the median time to the first
    answer. Groups under MIN_GROUP_SIZE are listed with their count only."""
    from statistics import median

    from knowflow.help.queries import questions_visible_to
    from knowflow.posts.models import PostTopic

    if by not in ("topic", "department"):
        raise ValueError(by)
    since = timezone.now() - timedelta(days=days)
    rows = list(
        questions_visible_to(viewer)
        .filter(created_at__gte=since)
        .exclude(status="duplicate")
        .annotate(
            first_answer=Min(
                "post__children__created_at",
                filter=Q(
                    post__children__kind=PostKind.ANSWER,
                    post__children__deleted_at__isnull=True,
                ),
            )
        )
        .values_list(
            "pk",
            "created_at",
            "first_answer",
            "post__author__profile__department__slug",
            "post__author__profile__department__name",
        )
    )
    groups: dict[str, list] = defaultdict(list)
    labels: dict[str, str] = {}
    if by == "topic":
        slugs = defaultdict(list)
        for post_id, slug, name in PostTopic.objects.filter(
            post_id__in=[r[0] for r in rows]
        ).values_list("post_id", "topic__slug", "topic__name"):
            slugs[post_id].append(slug)
            labels[slug] = name
        for row in rows:
            for slug in slugs[row[0]]:
                groups[slug].append(row)
    else:
        for row in rows:
            key = row[3] or ""
            labels[key] = row[4] or _("No department")
            groups[key].append(row)
    out = []
    for key, members in groups.items():
        waits = [(f - c).total_seconds() / 3600 for _pk, c, f, _s, _n in members if f is not None]
        enough = len(members) >= MIN_GROUP_SIZE
        out.append(
            AnswerFigures(
                key=key,
                label=labels[key],
                questions=len(members),
                answered_share=round(len(waits) / len(members), 3) if enough else None,
                median_hours_to_first_answer=round(median(waits), 1) if enough and waits else None,
            )
        )
    out.sort(key=lambda f: (-f.questions, f.label.lower()))
    return out


# --- endorsements and opting out, as profiles show them ----------------------------------


@dataclass
class TopicEndorsements:
    """How many colleagues endorsed someone on a topic (the count only), and whether the
    viewer is one of them (their button)."""

    count: int = 0
    mine: bool = False


def endorsements_of(viewer, person, *, topic_ids: Sequence[int]) -> dict[int, TopicEndorsements]:
    """Endorsements of `person` on each of these topics (every id is in the answer), in one
    statement. Endorsements are public: who endorsed is not shown, only how many."""
    found = {topic_id: TopicEndorsements() for topic_id in topic_ids}
    if not found:
        return found
    for topic_id, n, mine in (
        Endorsement.objects.filter(person=person, topic_id__in=list(found))
        .values("topic_id")
        .annotate(n=Count("pk"), mine=Count("pk", filter=Q(endorser_id=viewer.pk)))
        .values_list("topic_id", "n", "mine")
    ):
        found[topic_id] = TopicEndorsements(count=n, mine=bool(mine))
    return found


def is_suggested(user) -> bool:
    """Whether the router may suggest this person (they have not opted out)."""
    from .models import NotSuggested

    return not NotSuggested.objects.filter(user=user).exists()
