"""Reads of flows. Every post reaches a page, the API or a count through these functions.

Visibility: a post for everyone is seen by every signed-in person; a post for a department is
seen by the people in that department or any team under it, and by its author. Deleted posts
are gone everywhere (a thread shows a placeholder so replies keep their context).

The home feed is fanned out on read (docs/subsystems/feed.md): each source (people I follow,
topics I follow, departments I follow, posts to my department, replies to my threads, mentions,
my own posts) is one indexed query returning at most a page of (created_at, id) keys below the
cursor; the merged keys give the page, so pages never repeat or skip a post.
"""

from __future__ import annotations

import base64
import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, get_args

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from knowflow.core.memo import hint, remember_hint
from knowflow.core.permissions import has_permission, permission_statement, remember_permission
from knowflow.core.sql import ModelPart, fetch_many, fetch_rows
from knowflow.network.models import Follow
from knowflow.org.models import Department
from knowflow.org.queries import department_ancestor_ids, remember_department_path
from knowflow.people.models import Profile
from knowflow.topics.models import Topic

from .models import (
    AnnouncementDismissal,
    Attachment,
    Audience,
    Mention,
    Mute,
    Post,
    PostTopic,
    Reaction,
    ReactionKind,
    Thanks,
)

Cursor = tuple[dt.datetime, int]


def visible_q(viewer, *, prefix: str = "") -> Q:
    """Posts the viewer may see, as a filter (prefix "post__" from PostTopic or Mention)."""
    q = Q(**{f"{prefix}audience": Audience.EVERYONE}) | Q(**{f"{prefix}author_id": viewer.pk})
    ancestors = department_ancestor_ids(viewer)
    if ancestors:
        q |= Q(
            **{f"{prefix}audience": Audience.DEPARTMENT, f"{prefix}department_id__in": ancestors}
        )
    return q & Q(**{f"{prefix}deleted_at__isnull": True})


def can_see_post(user, post: Post) -> bool:
    """The same rule as visible_q, for one loaded post."""
    if post.deleted_at is not None or not getattr(user, "is_active", False):
        return False
    if post.audience == Audience.EVERYONE or post.author_id == user.pk:
        return True
    return post.department_id in department_ancestor_ids(user)


def posts_visible_to(viewer) -> QuerySet[Post]:
    return Post.objects.filter(visible_q(viewer))


def access_post(viewer, *, post_id: int) -> Post:
    """A post the viewer may see, or 404 (deleted and private posts look the same: absent)."""
    try:
        return (
            posts_visible_to(viewer)
            .select_related("author", "author__profile", "department")
            .get(pk=post_id)
        )
    except (Post.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such post.") from None


def access_thread_post(viewer, *, post_id: int) -> Post:
    """Like access_post, but a deleted thread starter with replies is still shown (as a placeholder)."""
    try:
        post = Post.objects.select_related("author", "author__profile", "department").get(
            pk=post_id
        )
    except (Post.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such post.") from None
    if post.deleted_at is not None and post.reply_count and post.root_id is None:
        alive = Post(
            audience=post.audience, department_id=post.department_id, author_id=post.author_id
        )
        if can_see_post(viewer, alive):
            return post
    if not can_see_post(viewer, post):
        raise Http404("No such post.")
    return post


# --- cursors ------------------------------------------------------------------------------


def encode_cursor(cursor: Cursor | None) -> str:
    if cursor is None:
        return ""
    created, pk = cursor
    raw = f"{created.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(value: str | None) -> Cursor | None:
    """A cursor from a request; a malformed one is treated as "from the top"."""
    if not value:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        created, pk = raw.rsplit("|", 1)
        when = dt.datetime.fromisoformat(created)
        if when.tzinfo is None:
            return None
        return when, int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def _before_q(cursor: Cursor | None, *, prefix: str = "", id_field: str = "id") -> Q:
    if cursor is None:
        return Q()
    created, pk = cursor
    return Q(**{f"{prefix}created_at__lt": created}) | Q(
        **{f"{prefix}created_at": created, f"{id_field}__lt": pk}
    )


def _after_q(cursor: Cursor, *, prefix: str = "", id_field: str = "id") -> Q:
    created, pk = cursor
    return Q(**{f"{prefix}created_at__gt": created}) | Q(
        **{f"{prefix}created_at": created, f"{id_field}__gt": pk}
    )


# --- mutes --------------------------------------------------------------------------------


def _one_of_three(rows) -> tuple[list[int], list[int], list[int]]:
    """Rows of (a, b, c) ids with one of the three set (a follow or a mute: a person, a topic,
    a department or thread), as the three lists of ids."""
    lists: tuple[list[int], list[int], list[int]] = ([], [], [])
    for row in rows:
        for ids, value in zip(lists, row, strict=True):
            if value:
                ids.append(value)
                break
    return lists


@dataclass
class ActiveMutes:
    people: list[int] = field(default_factory=list)
    topics: list[int] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)


def active_mutes(viewer) -> ActiveMutes:
    """The viewer's mutes and unexpired snoozes (the feed reads them with its follows, in
    _follows_and_mutes)."""
    return ActiveMutes(
        *_one_of_three(
            Mute.objects.filter(user=viewer)
            .filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))
            .values_list("muted_user_id", "topic_id", "thread_id")
        )
    )


def _not_muted_q(mutes: ActiveMutes, *, prefix: str = "") -> Q:
    q = Q()
    if mutes.people:
        q &= ~Q(**{f"{prefix}author_id__in": mutes.people})
    if mutes.threads:
        q &= ~Q(**{f"{prefix}id__in": mutes.threads}) & ~Q(
            **{f"{prefix}root_id__in": mutes.threads}
        )
    if mutes.topics:
        post_ref = OuterRef(f"{prefix}id" if prefix else "id")
        q &= ~Exists(PostTopic.objects.filter(post_id=post_ref, topic_id__in=mutes.topics))
    return q


# --- the home feed ------------------------------------------------------------------------

# What `show` may be: all, one kind of source, or a kind of post ("questions"). The API's schema
# uses the type, views and queries the tuple.
FeedView = Literal["all", "people", "topics", "departments", "mentions", "questions"]
FEED_VIEWS: tuple[str, ...] = get_args(FeedView)


def feed_view(show: str | None) -> str:
    """A requested feed view, or "all" for anything unknown."""
    return show if show in FEED_VIEWS else "all"


@dataclass
class FeedPage:
    posts: list[Post]
    next_cursor: Cursor | None
    top_cursor: Cursor | None
    announcements: list[Post] = field(default_factory=list)


def _keys(qs: QuerySet, *, limit: int, created: str = "created_at", pk: str = "id") -> list[Cursor]:
    return list(qs.order_by(f"-{created}", f"-{pk}").values_list(created, pk)[:limit])


# Sources with many keys (the people, topics or departments I follow) are read in a time window
# ending at the cursor, widened until it holds a page: a key list with ORDER BY ... LIMIT cannot
# stop early in any index (the database collects every row of every key, then sorts), so an
# unbounded read costs as much as the followed topics' whole history (#go: 184k posts). In a
# window it costs the rows of that window. Keys in a window [lo, cursor) are exactly the newest
# keys overall once there are `limit` of them, since everything outside is older than lo.
# 15 min, 2 h, 16 h, 5 days, 43 days, 341 days, 7.5 years: the first is small because a busy
# set of topics can hold a thousand posts in six hours; the per-person hint below means a quiet
# source pays its widening rounds once, not on every page.
WINDOWS = [dt.timedelta(minutes=15) * 8**i for i in range(7)]
WINDOW_MEMORY_SECONDS = 15 * 60  # how long a viewer's sources start at the window that last worked

# The source queries are written as SQL rather than built with the ORM: they are the hot path
# of every home page, and building seven filtered querysets cost more (about 15 ms) than running
# them. Each is one index range scan (docs/subsystems/feed.md); the rules they apply are the
# same as visible_q() and _not_muted_q(), which the tests check against the ORM versions.
_POST = Post._meta.db_table
_POSTTOPIC = PostTopic._meta.db_table
_MENTION = Mention._meta.db_table
_FOLLOW = Follow._meta.db_table


# Lists longer than this reach PostgreSQL's planner as a sub-select (see _in).
PLANNER_LIST_LIMIT = 10


def _in(column: str, values: list, *, negate: bool = False) -> tuple[str, list]:
    """`column IN (...)` as SQL and parameters, for id columns. On PostgreSQL the list is one
    array parameter, so the statement's text does not grow with the list (shorter to parse and
    plan, and the driver's cache of split statements hits). A long list is wrapped in a
    sub-select, which the planner does not look into: it estimates each element of a list it
    sees, against the column's statistics and for every index it weighs, which took 2 ms for
    the 160 people a reader follows (more than running the statement), and an estimate from
    that many elements changes no plan."""
    if connection.vendor == "postgresql":
        array = "%s"
        if len(values) > PLANNER_LIST_LIMIT:
            array = "ARRAY(SELECT unnest(%s::bigint[]))"
        return (f"{column} <> ALL({array})" if negate else f"{column} = ANY({array})"), [
            list(values)
        ]
    marks = ", ".join(["%s"] * len(values))
    return f"{column} {'NOT IN' if negate else 'IN'} ({marks})", list(values)


@dataclass
class _Source:
    name: str  # which source, for remembering its window
    sql: str  # "SELECT k.created_at, k.<id> FROM ... WHERE ... {window}" (no ORDER BY)
    params: list
    key: str  # the table alias and id column that order the keys ("p.id", "t.post_id")
    windowed: bool  # many keys: read in widening windows
    step: int = 0
    keys: list[Cursor] = field(default_factory=list)


class _Where:
    """The conditions every source shares, as SQL on the post alias `p`."""

    def __init__(self, viewer, mutes: ActiveMutes, *, questions: bool):
        ancestors = department_ancestor_ids(viewer)
        terms = ["(p.audience = %s OR p.author_id = %s"]
        params: list = [Audience.EVERYONE, viewer.pk]
        if ancestors:
            sql, values = _in("p.department_id", ancestors)
            terms[0] += f" OR (p.audience = %s AND {sql})"
            params += [Audience.DEPARTMENT, *values]
        terms[0] += ")"
        terms.append("p.deleted_at IS NULL")
        if mutes.people:
            sql, values = _in("p.author_id", mutes.people, negate=True)
            terms.append(sql)
            params += values
        if mutes.threads:
            own, own_values = _in("p.id", mutes.threads, negate=True)
            root, root_values = _in("p.root_id", mutes.threads, negate=True)
            terms.append(f"{own} AND (p.root_id IS NULL OR {root})")
            params += own_values + root_values
        if mutes.topics:
            sql, values = _in("mt.topic_id", mutes.topics)
            terms.append(
                f"NOT EXISTS (SELECT 1 FROM {_POSTTOPIC} mt WHERE mt.post_id = p.id AND {sql})"  # noqa: S608
            )
            params += values
        if questions:
            terms.append("p.asks_question = %s")
            params.append(True)
        self.sql = " AND ".join(terms)
        self.params = params


@dataclass
class _Follows:
    people: list[int] = field(default_factory=list)
    topics: list[int] = field(default_factory=list)
    departments: list[int] = field(default_factory=list)


def _follows_and_mutes(viewer) -> tuple[_Follows, ActiveMutes]:
    """The viewer's follows and active mutes, in one round trip (or read already by
    prefetch_home_page); the viewer's department path comes along when
    department_ancestor_ids() has not read it yet."""
    found = getattr(viewer, "_kf_follows_and_mutes", None)
    if found is not None:
        return found
    sql, params, with_path = _follows_and_mutes_statement(viewer)
    return _follows_and_mutes_from_rows(viewer, fetch_rows(sql, params), with_path=with_path)


def _follows_and_mutes_statement(viewer) -> tuple[str, list, bool]:
    with_path = not hasattr(viewer, "_kf_department_ancestors")
    sql = (
        f"SELECT 1, user_id, topic_id, department_id, NULL FROM {_FOLLOW} "  # noqa: S608
        "WHERE follower_id = %s UNION ALL "
        f"SELECT 2, muted_user_id, topic_id, thread_id, NULL FROM {Mute._meta.db_table} "
        "WHERE user_id = %s AND (until IS NULL OR until > %s)"
    )
    params = [viewer.pk, viewer.pk, connection.ops.adapt_datetimefield_value(timezone.now())]
    if with_path:
        sql += (
            f" UNION ALL SELECT 3, NULL, NULL, NULL, d.path FROM {Profile._meta.db_table} pr "  # noqa: S608
            f"JOIN {Department._meta.db_table} d ON d.id = pr.department_id WHERE pr.user_id = %s"
        )
        params.append(viewer.pk)
    return sql, params, with_path


def _follows_and_mutes_from_rows(viewer, rows, *, with_path: bool) -> tuple[_Follows, ActiveMutes]:
    if with_path:
        remember_department_path(viewer, next((row[4] for row in rows if row[0] == 3), None))
    follows = _Follows(*_one_of_three(row[1:4] for row in rows if row[0] == 1))
    mutes = ActiveMutes(*_one_of_three(row[1:4] for row in rows if row[0] == 2))
    return follows, mutes


def prefetch_home_page(viewer) -> None:
    """What the home page reads about its reader, in one round trip on PostgreSQL: follows,
    mutes (the feed), whether they may announce (the composer) and their unread count (the
    header). (Profile and department path came with the signed-in person:
    knowflow.accounts.backends.load_user.) Each is kept on the user object for this request,
    where the functions that read it look first."""
    from knowflow.notifications.queries import remember_unread_count, unread_count_statement

    follows_sql, follows_params, with_path = _follows_and_mutes_statement(viewer)
    statements = [(follows_sql, follows_params), unread_count_statement(viewer)]
    announcer = _can_announce_statement(viewer)
    if announcer is not None:
        statements.append(announcer)
    follows_rows, unread_rows, *announcer_rows = fetch_many(statements)
    viewer._kf_follows_and_mutes = _follows_and_mutes_from_rows(
        viewer, follows_rows, with_path=with_path
    )
    remember_unread_count(viewer, unread_rows)
    if announcer is not None:
        remember_permission(viewer, "posts", "announce", announcer_rows[0])


def _read_sources(
    sources: list[_Source],
    *,
    top: dt.datetime,
    cursor: Cursor | None,
    after: Cursor | None,
    limit: int,
    alongside: Sequence[tuple[str, Sequence]] = (),
) -> tuple[list[list[Cursor]], list[list[tuple]]]:
    """Read every source's keys; all sources that still need a read go in one UNION ALL query
    per round (one round trip), the windowed ones widening their window each round. The
    `alongside` statements are sent with the first round (pipelined on PostgreSQL); their rows
    come back second."""
    adapt = connection.ops.adapt_datetimefield_value
    pending = list(range(len(sources)))
    extra: list[list[tuple]] = []
    if not pending and alongside:
        extra = fetch_many(alongside)
    while pending:
        parts, args, final = [], [], {}
        for n in pending:
            source = sources[n]
            created, pk = f"{source.key.split('.')[0]}.created_at", source.key
            lo = None
            if source.windowed and source.step < len(WINDOWS):
                lo = top - WINDOWS[source.step]
            if lo is not None and after is not None and lo <= after[0]:
                lo = None  # the window already reaches past the `after` key
            final[n] = lo is None
            window, values = "", []
            if after is not None:
                window += f" AND ({created} > %s OR ({created} = %s AND {pk} > %s))"
                values += [adapt(after[0]), adapt(after[0]), after[1]]
            elif cursor is not None:
                window += f" AND ({created} < %s OR ({created} = %s AND {pk} < %s))"
                values += [adapt(cursor[0]), adapt(cursor[0]), cursor[1]]
            if lo is not None:
                window += f" AND {created} >= %s"
                values.append(adapt(lo))
            parts.append(
                f"SELECT {n} AS src, s{n}.* FROM ({source.sql}{window} "  # noqa: S608
                f"ORDER BY {created} DESC, {pk} DESC LIMIT {int(limit)}) s{n}"
            )
            args += source.params + values
        statement = (" UNION ALL ".join(parts), args)
        if alongside:
            rows, *extra = fetch_many([statement, *alongside])
            alongside = ()
        else:
            rows = fetch_rows(*statement)
        for n in pending:
            sources[n].keys = []
        for n, created, pk in rows:
            sources[n].keys.append((_as_datetime(created), pk))
        pending = [n for n in pending if not final[n] and len(sources[n].keys) < limit]
        for n in pending:
            # A window with few keys (under 1/8 of a page) is widened twice as fast.
            sources[n].step += 1 if 8 * len(sources[n].keys) >= limit else 2
    for source in sources:
        source.keys.sort(reverse=True)
        if source.windowed and len(source.keys) >= limit:
            # Remember the smallest window that holds this page, not the one that was read:
            # a source that has become busier then starts narrower next time.
            span = top - source.keys[limit - 1][0]
            source.step = next((i for i, w in enumerate(WINDOWS) if w >= span), len(WINDOWS))
    return [s.keys for s in sources], extra


def _as_datetime(value) -> dt.datetime:
    """A created_at read through a raw cursor as an aware datetime. PostgreSQL gives aware
    datetimes; SQLite stores UTC and gives naive datetimes or ISO text, depending on whether the
    column's declared type survives the subquery. (Django's own converter is several times
    slower, and this runs for every key of every source.)"""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _feed_sources(
    viewer,
    *,
    show: str,
    cursor: Cursor | None,
    limit: int,
    after: Cursor | None = None,
    alongside: Sequence[tuple[str, Sequence]] = (),
) -> tuple[list[list[Cursor]], list[list[tuple]]]:
    """One list of (created_at, post id) keys per feed source, newest first; and the rows of
    the `alongside` statements, read in the same round trip as the first sources."""
    questions = show == "questions"
    if questions:
        show = "all"
    follows, mutes = _follows_and_mutes(viewer)
    where = _Where(viewer, mutes, questions=questions)
    common, common_params = where.sql, where.params
    posts = f"SELECT p.created_at, p.id FROM {_POST} p WHERE {common}"  # noqa: S608
    roots = f"{posts} AND p.root_id IS NULL"
    # Following a person or a topic brings their thread starters, and answers too (an answer
    # carries its question's topics); other replies stay in their threads.
    answers_too = "(p.root_id IS NULL OR p.kind = 'answer')"
    sources: list[_Source] = []

    def add(name: str, sql: str, params: list, *, windowed: bool, key: str = "p.id") -> None:
        sources.append(_Source(name, sql, common_params + params, key=key, windowed=windowed))

    people, topics, departments = follows.people, follows.topics, follows.departments
    if show in ("all", "people") and people:
        sql, values = _in("p.author_id", people)
        add("people", f"{posts} AND {answers_too} AND {sql}", values, windowed=True)
    if show in ("all", "topics") and topics:
        sql, values = _in("t.topic_id", topics)
        add(
            "topics",
            f"SELECT t.created_at, t.post_id FROM {_POSTTOPIC} t "  # noqa: S608
            f"JOIN {_POST} p ON p.id = t.post_id WHERE {common} AND {answers_too} AND {sql}",
            values,
            windowed=True,
            key="t.post_id",
        )
    if show in ("all", "departments"):
        if departments:
            sql, values = _in("p.author_department_id", departments)
            add("departments", f"{roots} AND {sql}", values, windowed=True)
        ancestors = department_ancestor_ids(viewer)
        if ancestors:
            sql, values = _in("p.department_id", ancestors)
            add(
                "my department",
                f"{roots} AND p.audience = %s AND {sql}",
                [Audience.DEPARTMENT, *values],
                windowed=True,
            )
    if show in ("all", "mentions"):
        # One key each: the index gives them in order and the read stops after `limit`.
        add(
            "mentions",
            f"SELECT m.created_at, m.post_id FROM {_MENTION} m "  # noqa: S608
            f"JOIN {_POST} p ON p.id = m.post_id WHERE {common} AND m.user_id = %s",
            [viewer.pk],
            windowed=False,
            key="m.post_id",
        )
    if show == "all":
        add(
            "replies",
            f"{posts} AND p.root_author_id = %s AND p.author_id <> %s",
            [viewer.pk] * 2,
            windowed=False,
        )
        add("mine", f"{roots} AND p.author_id = %s", [viewer.pk], windowed=False)
    if not sources:
        return [], fetch_many(alongside) if alongside else []
    top = cursor[0] if cursor else timezone.now()
    if after is not None:  # "N new posts": windows from now down to `since`, nothing to learn
        return _read_sources(
            sources, top=top, cursor=cursor, after=after, limit=limit, alongside=alongside
        )
    # Start each windowed source at the window that answered it last time, so a quiet source
    # does not pay its widening rounds on every page (a hint only: any start gives the same keys).
    memory_key = f"feed:windows:v2:{viewer.pk}:{show}:{int(questions)}"
    learned = hint(memory_key) or {}
    for source in sources:
        source.step = learned.get(source.name, 0) if source.windowed else 0
    keys, extra = _read_sources(
        sources, top=top, cursor=cursor, after=after, limit=limit, alongside=alongside
    )
    steps = {s.name: s.step for s in sources if s.windowed}
    if steps != learned:
        remember_hint(memory_key, steps, WINDOW_MEMORY_SECONDS)
    return keys, extra


def _merge(sources, *, limit: int) -> list[Cursor]:
    seen: set[int] = set()
    merged: list[Cursor] = []
    for key in heapq.merge(*sources, key=lambda k: (k[0], k[1]), reverse=True):
        if key[1] in seen:
            continue
        seen.add(key[1])
        merged.append(key)
        if len(merged) >= limit:
            break
    return merged


# What a feed item shows (templates/posts/_post_card.html, the API's PostOut): the post and
# these columns of the related rows.
@lru_cache(maxsize=1)
def _fetch_plan() -> tuple[list[ModelPart], str]:
    from django.contrib.auth import get_user_model

    user = get_user_model()
    parts = [
        ModelPart(Post, "p", tuple(f.name for f in Post._meta.concrete_fields), ""),
        ModelPart(
            user, "u", ("id", "full_name", "email", "is_active"), "JOIN {t} u ON u.id = p.author_id"
        ),
        ModelPart(
            Profile, "pr", ("user", "title", "photo"), "LEFT JOIN {t} pr ON pr.user_id = u.id"
        ),
        ModelPart(
            Department, "d", ("id", "name", "slug"), "LEFT JOIN {t} d ON d.id = p.department_id"
        ),
        ModelPart(
            Post, "r", ("id", "author", "kind", "title"), "LEFT JOIN {t} r ON r.id = p.root_id"
        ),
        ModelPart(user, "ru", ("id", "full_name"), "LEFT JOIN {t} ru ON ru.id = r.author_id"),
    ]
    columns = ", ".join(part.columns for part in parts)
    joins = " ".join(part.join.format(t=part.model._meta.db_table) for part in parts[1:])
    return parts, f"SELECT {columns} FROM {_POST} p {joins} WHERE "  # noqa: S608


def _posts_statement(ids: list[int]) -> tuple[str, list]:
    """Posts by id with their author (and profile), department and thread starter's author, as
    one statement. Written out rather than with select_related(): building that query cost
    more than running it, on every page of every feed; _posts_from_rows makes the ORM's own
    objects of its rows (Model.from_db, the related ones cached as select_related caches them)."""
    _parts, select = _fetch_plan()
    where, params = _in("p.id", ids)
    return select + where, params


def _posts_from_rows(rows) -> dict[int, Post]:
    parts, _select = _fetch_plan()
    post_part, author_part, profile_part, dept_part, root_part, root_author_part = parts
    out: dict[int, Post] = {}
    for row in rows:
        values, i = [], 0
        for part in parts:
            values.append(row[i : i + len(part.fields)])
            i += len(part.fields)
        post = post_part.instance(values[0])
        author = author_part.instance(values[1])
        Post.author.field.set_cached_value(post, author)
        profile = profile_part.instance(values[2]) if values[2][0] is not None else None
        author.__class__.profile.related.set_cached_value(author, profile)
        if profile is not None:
            Profile.user.field.set_cached_value(profile, author)
        Post.department.field.set_cached_value(
            post, dept_part.instance(values[3]) if post.department_id else None
        )
        if post.root_id:
            root = root_part.instance(values[4])
            root_author = root_author_part.instance(values[5])
            Post.author.field.set_cached_value(root, root_author)
            Post.root.field.set_cached_value(post, root)
        else:
            Post.root.field.set_cached_value(post, None)
        out[post.pk] = post
    return out


def fetch_posts(viewer, ids: list[int]) -> list[Post]:
    """Posts by id, in the given order, with what a feed item shows: the posts and their
    decorations are two statements sent together (one round trip on PostgreSQL). It reads no
    access rule: callers pass ids they got through one."""
    if not ids:
        return []
    post_rows, decoration_rows = fetch_many(
        [_posts_statement(ids), _decorations_statement(viewer, ids)]
    )
    by_id = _posts_from_rows(post_rows)
    posts = [by_id[i] for i in ids if i in by_id]
    _decorate_from_rows(viewer, posts, decoration_rows)
    return posts


def decorate(viewer, posts: list[Post]) -> None:
    """Attach reactions, the viewer's own reactions and thanks, topics, attachments and link
    cards to a page of posts, with a fixed number of queries whatever the page's size."""
    ids = [p.pk for p in posts]
    rows = fetch_rows(*_decorations_statement(viewer, ids)) if ids else []
    _decorate_from_rows(viewer, posts, rows)


def _decorations_statement(viewer, ids: list[int]) -> tuple[str, list]:
    """Reactions, my thanks, topics and attachments of these posts in one statement (plain SQL:
    this runs for every page of every feed). Every branch gives (what, post id, two texts, five
    numbers) so the UNION's columns line up on both databases."""
    in_r, r_values = _in("r.post_id", ids)
    in_t, t_values = _in("t.post_id", ids)
    in_c, c_values = _in("c.post_id", ids)
    in_a, a_values = _in("a.post_id", ids)
    in_q, q_values = _in("q.post_id", ids)
    sql = (
        "SELECT 1, r.post_id, r.kind, '', CASE WHEN r.user_id = %s THEN 1 ELSE 0 END, "  # noqa: S608
        f"0, 0, 0, 0 FROM {Reaction._meta.db_table} r WHERE {in_r} "
        f"UNION ALL SELECT 2, t.post_id, '', '', 0, 0, 0, 0, 0 FROM {Thanks._meta.db_table} t "
        f"WHERE {in_t} AND t.sender_id = %s "
        f"UNION ALL SELECT 3, c.post_id, tp.slug, tp.name, 0, 0, 0, 0, 0 "
        f"FROM {PostTopic._meta.db_table} c JOIN {Topic._meta.db_table} tp ON tp.id = c.topic_id "
        f"WHERE {in_c} "
        f"UNION ALL SELECT 4, a.post_id, a.name, a.file, a.id, a.size, "
        f"CASE WHEN a.is_image THEN 1 ELSE 0 END, COALESCE(a.width, 0), COALESCE(a.height, 0) "
        f"FROM {Attachment._meta.db_table} a WHERE {in_a} "
        # A question's Q&A facts (help.Question), for its card's status and answer count.
        f"UNION ALL SELECT 5, q.post_id, q.status, '', q.answer_count, 0, 0, 0, 0 "
        f"FROM {_question_table()} q WHERE {in_q}"
    )
    return sql, [viewer.pk, *r_values, *t_values, viewer.pk, *c_values, *a_values, *q_values]


@lru_cache(maxsize=1)
def _question_table() -> str:
    from django.apps import apps

    return apps.get_model("help", "Question")._meta.db_table


def _decorate_from_rows(viewer, posts: list[Post], rows) -> None:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: dict[int, set[str]] = defaultdict(set)
    thanked: set[int] = set()
    topics: dict[int, list[TopicChip]] = defaultdict(list)
    files: dict[int, list[FileChip]] = defaultdict(list)
    facts: dict[int, tuple[str, int]] = {}
    for what, post_id, text, more, n1, n2, n3, n4, n5 in rows:
        if what == 1:
            counts[post_id][text] = counts[post_id].get(text, 0) + 1
            if n1:
                mine[post_id].add(text)
        elif what == 2:
            thanked.add(post_id)
        elif what == 3:
            topics[post_id].append(TopicChip(text, more))
        elif what == 5:
            facts[post_id] = (text, n1)
        else:
            files[post_id].append(FileChip(n1, text, more, n2, bool(n3), n4 or None, n5 or None))
    for chips in topics.values():
        chips.sort(key=lambda c: c.name.lower())
    for attached in files.values():
        attached.sort(key=lambda f: f.pk)
    unfurls = _unfurls(viewer, posts)
    for p in posts:
        p.files = files[p.pk]
        p.unfurls = [
            unfurls[(link["kind"], link["key"])]
            for link in p.links
            if (link["kind"], link["key"]) in unfurls
        ]
        p.reaction_summary = [
            (kind, label, counts[p.pk].get(kind, 0), kind in mine[p.pk])
            for kind, label in ReactionKind.choices
        ]
        p.thanked_by_me = p.pk in thanked
        p.topic_list = topics[p.pk]
        p.question_status, p.answer_count = facts.get(p.pk, ("", 0))


@dataclass(frozen=True, slots=True)
class TopicChip:
    """A topic as a post shows it (a full Topic object per chip costs more than the query)."""

    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class FileChip:
    """An attachment as a post shows it (templates/posts/_post_card.html)."""

    pk: int
    name: str
    file: str  # the stored path
    size: int
    is_image: bool
    width: int | None
    height: int | None


@dataclass
class Unfurl:
    url: str
    title: str
    detail: str


def _unfurls(viewer, posts: list[Post]) -> dict[tuple[str, str], Unfurl]:
    """Titles for the local pages the posts link to, only where the viewer may see them."""
    from django.urls import reverse

    from knowflow.org.queries import departments_visible_to
    from knowflow.people.queries import people_visible_to
    from knowflow.topics.queries import topics_visible_to

    wanted: dict[str, set[str]] = defaultdict(set)
    for p in posts:
        for link in p.links or []:
            wanted[link["kind"]].add(link["key"])
    out: dict[tuple[str, str], Unfurl] = {}
    if wanted.get("post"):
        ids = [int(k) for k in wanted["post"] if k.isdigit()]
        for target in posts_visible_to(viewer).filter(pk__in=ids).select_related("author"):
            first_line = target.body.strip().splitlines()[0][:120] if target.body.strip() else ""
            out[("post", str(target.pk))] = Unfurl(
                reverse("posts:detail", args=[target.root_id or target.pk]),
                first_line,
                target.author.full_name,
            )
    if wanted.get("person"):
        ids = [int(k) for k in wanted["person"] if k.isdigit()]
        for person in people_visible_to(viewer).filter(pk__in=ids).select_related("profile"):
            out[("person", str(person.pk))] = Unfurl(
                reverse("people:profile", args=[person.pk]), person.full_name, person.profile.title
            )
    if wanted.get("topic"):
        for topic in topics_visible_to(viewer).filter(slug__in=wanted["topic"]):
            out[("topic", topic.slug)] = Unfurl(
                reverse("topics:detail", args=[topic.slug]), f"#{topic.slug}", topic.name
            )
    if wanted.get("department"):
        for dept in departments_visible_to(viewer).filter(slug__in=wanted["department"]):
            out[("department", dept.slug)] = Unfurl(
                reverse("org:department", args=[dept.slug]), dept.name, ""
            )
    return out


def home_feed(
    viewer,
    *,
    cursor: Cursor | None = None,
    limit: int = 20,
    show: str = "all",
    announcements: bool = False,
) -> FeedPage:
    """One page of the viewer's home feed, newest first; with `announcements`, also the pinned
    announcements (one fetch for both: the home page's first page shows them above the feed)."""
    show = feed_view(show)
    # The pinned announcements are read in the same round trip as the sources.
    alongside = [_announcements_statement(viewer)] if announcements else []
    sources, extra = _feed_sources(
        viewer, show=show, cursor=cursor, limit=limit + 1, alongside=alongside
    )
    keys = _merge(sources, limit=limit + 1)
    page, more = keys[:limit], len(keys) > limit
    ids = [k[1] for k in page]
    pinned = [row[0] for row in extra[0]] if announcements else []
    fetched = {p.pk: p for p in fetch_posts(viewer, list(dict.fromkeys(ids + pinned)))}
    return FeedPage(
        posts=[fetched[i] for i in ids if i in fetched],
        next_cursor=page[-1] if more and page else None,
        top_cursor=page[0] if page else cursor,
        announcements=[fetched[i] for i in pinned if i in fetched],
    )


def helpful_feed(
    viewer, *, page: int = 1, limit: int = 20, window: int = 200
) -> tuple[list[Post], bool]:
    """The newest `window` feed items, most helpful first (thanks, reactions, replies)."""
    keys = _merge(_feed_sources(viewer, show="all", cursor=None, limit=window)[0], limit=window)
    ranked = list(
        Post.objects.filter(pk__in=[k[1] for k in keys]).values_list(
            "pk", "thanks_count", "reaction_count", "reply_count", "created_at"
        )
    )
    ranked.sort(key=lambda r: (3 * r[1] + r[2] + r[3], r[4]), reverse=True)
    start = (page - 1) * limit
    ids = [r[0] for r in ranked[start : start + limit]]
    return fetch_posts(viewer, ids), len(ranked) > start + limit


def count_new_posts(viewer, *, since: Cursor, show: str = "all", cap: int = 99) -> int:
    """How many feed items arrived after `since` (for the "N new posts" banner), counting at
    most cap + 1: cap + 1 means "more than cap"."""
    show = feed_view(show)
    keys = _merge(
        _feed_sources(viewer, show=show, cursor=None, limit=cap + 1, after=since)[0], limit=cap + 1
    )
    return len(keys)  # the window is strictly after `since`


ANNOUNCEMENT_CANDIDATES = 20  # the newest announcements; older ones are no longer pinned
ANNOUNCEMENTS_SHOWN = 5


def can_announce(user) -> bool:
    """Whether the person may pin announcements: the posts.announce permission, given to them
    or to one of their groups (in one statement: the composer asks on every home page)."""
    return has_permission(user, "posts", "announce")


def _can_announce_statement(user) -> tuple[str, list] | None:
    return permission_statement(user, "posts", "announce")


def _announcement_ids(viewer) -> list[int]:
    """Ids of the announcements the viewer may see and has not dismissed, newest first."""
    return [row[0] for row in fetch_rows(*_announcements_statement(viewer))]


def _announcements_statement(viewer) -> tuple[str, list]:
    """The statement of _announcement_ids: the newest announcements from their partial index,
    then the visibility rule (that of visible_q, as SQL) and the viewer's dismissals. (The same
    question through the ORM made SQLite walk the people table, and building it cost a
    millisecond.)"""
    where = _Where(viewer, ActiveMutes(), questions=False)
    sql = (
        f"SELECT p.id FROM {_POST} p WHERE p.id IN ("  # noqa: S608
        f"SELECT a.id FROM {_POST} a WHERE a.is_announcement "
        f"ORDER BY a.created_at DESC, a.id DESC LIMIT {ANNOUNCEMENT_CANDIDATES}) "
        f"AND p.root_id IS NULL AND {where.sql} AND NOT EXISTS (SELECT 1 FROM "
        f"{AnnouncementDismissal._meta.db_table} d WHERE d.post_id = p.id AND d.user_id = %s) "
        f"ORDER BY p.created_at DESC, p.id DESC LIMIT {ANNOUNCEMENTS_SHOWN}"
    )
    return sql, [*where.params, viewer.pk]


def active_announcements(viewer) -> list[Post]:
    """Announcements the viewer may see and has not dismissed, newest first (the home page
    gets them with its feed: home_feed(announcements=True))."""
    return fetch_posts(viewer, _announcement_ids(viewer))


def thread_replies(viewer, root: Post) -> list[Post]:
    """A thread's replies in order, deleted ones kept as placeholders when they have children."""
    replies = list(
        Post.objects.filter(root=root)
        .filter(Q(deleted_at__isnull=True) | Q(children__isnull=False))
        .distinct()
        .select_related("author", "author__profile", "parent", "parent__author")
        .order_by("created_at", "id")
    )
    replies = [r for r in replies if r.deleted_at is not None or can_see_post(viewer, r)]
    decorate(viewer, replies)
    return replies


def topic_posts(viewer, topic, *, cursor: Cursor | None = None, limit: int = 20) -> FeedPage:
    """Visible posts tagged with a topic, newest first."""
    tagged = PostTopic.objects.filter(
        visible_q(viewer, prefix="post__"), _before_q(cursor, id_field="post_id"), topic=topic
    )
    keys = _keys(tagged, limit=limit + 1, pk="post_id")
    page, more = keys[:limit], len(keys) > limit
    return FeedPage(
        fetch_posts(viewer, [k[1] for k in page]), page[-1] if more and page else None, None
    )


def department_posts(
    viewer, department: Department, *, cursor: Cursor | None = None, limit: int = 20
) -> FeedPage:
    """Visible root posts by the department's people (any team under it) or addressed to it."""
    subtree = Department.objects.filter(path__startswith=department.path).values("id")
    posts = posts_visible_to(viewer).filter(
        Q(author_department_id__in=subtree) | Q(department_id__in=subtree),
        _before_q(cursor),
        root__isnull=True,
    )
    keys = _keys(posts, limit=limit + 1)
    page, more = keys[:limit], len(keys) > limit
    return FeedPage(
        fetch_posts(viewer, [k[1] for k in page]), page[-1] if more and page else None, None
    )


def person_posts(viewer, person, *, cursor: Cursor | None = None, limit: int = 20) -> FeedPage:
    """Visible root posts by one person, newest first."""
    posts = posts_visible_to(viewer).filter(_before_q(cursor), author=person, root__isnull=True)
    keys = _keys(posts, limit=limit + 1)
    page, more = keys[:limit], len(keys) > limit
    return FeedPage(
        fetch_posts(viewer, [k[1] for k in page]), page[-1] if more and page else None, None
    )


def is_muted(viewer, *, person=None, topic=None, thread: Post | None = None) -> bool:
    mutes = active_mutes(viewer)
    if person is not None:
        return person.pk in mutes.people
    if topic is not None:
        return topic.pk in mutes.topics
    if thread is not None:
        return (thread.root_id or thread.pk) in mutes.threads
    return False


def access_attachment(viewer, *, attachment_id: int) -> Attachment:
    """An attachment of a post the viewer may see, or 404."""
    attachment = Attachment.objects.filter(pk=attachment_id).select_related("post").first()
    if attachment is None or not can_see_post(viewer, attachment.post):
        raise Http404("No such file.")
    return attachment
