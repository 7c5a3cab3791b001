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
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from knowflow.network.models import Follow
from knowflow.org.models import Department
from knowflow.people.models import Profile

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


def department_ancestor_ids(viewer) -> list[int]:
    """Ids of the viewer's department and every department above it (cached on the viewer)."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    if not hasattr(viewer, "_kf_department_ancestors"):
        path = (
            Profile.objects.filter(user_id=viewer.pk)
            .values_list("department__path", flat=True)
            .first()
        )
        viewer._kf_department_ancestors = [int(p) for p in (path or "").strip("/").split("/") if p]
    return viewer._kf_department_ancestors


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


@dataclass
class ActiveMutes:
    people: list[int] = field(default_factory=list)
    topics: list[int] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)


def active_mutes(viewer) -> ActiveMutes:
    mutes = ActiveMutes()
    now = timezone.now()
    for person, topic, thread in (
        Mute.objects.filter(user=viewer)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .values_list("muted_user_id", "topic_id", "thread_id")
    ):
        if person:
            mutes.people.append(person)
        elif topic:
            mutes.topics.append(topic)
        elif thread:
            mutes.threads.append(thread)
    return mutes


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

FEED_SOURCES = ("people", "topics", "departments", "mentions")
# Views of the whole feed narrowed by what a post is rather than where it comes from.
FEED_KINDS = ("questions",)


@dataclass
class FeedPage:
    posts: list[Post]
    next_cursor: Cursor | None
    top_cursor: Cursor | None


def _keys(qs: QuerySet, *, limit: int, created: str = "created_at", pk: str = "id") -> list[Cursor]:
    return list(qs.order_by(f"-{created}", f"-{pk}").values_list(created, pk)[:limit])


# Sources with many keys (the people, topics or departments I follow) are read in a time window
# ending at the cursor, widened until it holds a page: a key list with ORDER BY ... LIMIT cannot
# stop early in any index (the database collects every row of every key, then sorts), so an
# unbounded read costs as much as the followed topics' whole history (#go: 184k posts). In a
# window it costs the rows of that window. Keys in a window [lo, cursor) are exactly the newest
# keys overall once there are `limit` of them, since everything outside is older than lo.
FIRST_WINDOW = dt.timedelta(hours=6)
WINDOW_GROWTH = 8  # 6 h, 2 days, 16 days, 128 days, 1024 days, then everything
LAST_WINDOW = dt.timedelta(days=1024)


def _windowed(
    read, *, top: dt.datetime, floor: dt.datetime | None, limit: int, field: str = "created_at"
) -> list[Cursor]:
    """`read(window_q)` in widening windows below `top` until it returns `limit` keys."""
    span = FIRST_WINDOW
    while span <= LAST_WINDOW:
        lo = top - span
        if floor is not None and lo <= floor:
            break  # the window already covers everything after the floor
        keys = read(Q(**{f"{field}__gte": lo}))
        if len(keys) >= limit:
            return keys
        span *= WINDOW_GROWTH
    return read(Q())


def _feed_sources(
    viewer, *, show: str, cursor: Cursor | None, limit: int, after: Cursor | None = None
):
    """Yield one list of (created_at, post id) keys per feed source, newest first."""
    mutes = active_mutes(viewer)
    base_q = visible_q(viewer) & _not_muted_q(mutes)
    kind_q = Q()
    if show == "questions":
        kind_q, show = Q(asks_question=True), "all"
    base_q &= kind_q
    post_q = visible_q(viewer, prefix="post__") & _not_muted_q(mutes, prefix="post__")
    if kind_q:
        post_q &= Q(post__asks_question=True)
    window = _after_q(after) if after else _before_q(cursor)
    # PostTopic and Mention copy their post's created_at, so their own index orders them.
    key_window = (
        _after_q(after, id_field="post_id") if after else _before_q(cursor, id_field="post_id")
    )
    top = cursor[0] if cursor else timezone.now()
    floor = after[0] if after else None
    posts = Post.objects.filter(base_q, window)
    roots = posts.filter(root__isnull=True)

    def windowed(qs: QuerySet, pk: str = "id") -> list[Cursor]:
        return _windowed(
            lambda w: _keys(qs.filter(w), limit=limit, pk=pk), top=top, floor=floor, limit=limit
        )

    people, topics, departments = [], [], []
    for user_id, topic_id, department_id in Follow.objects.filter(follower=viewer).values_list(
        "user_id", "topic_id", "department_id"
    ):
        if user_id:
            people.append(user_id)
        elif topic_id:
            topics.append(topic_id)
        elif department_id:
            departments.append(department_id)
    if show in ("all", "people") and people:
        yield windowed(roots.filter(author_id__in=people))
    if show in ("all", "topics") and topics:
        tagged = PostTopic.objects.filter(
            post_q,
            key_window,
            topic_id__in=topics,
            post__root__isnull=True,
        )
        yield windowed(tagged, pk="post_id")
    if show in ("all", "departments"):
        if departments:
            yield windowed(roots.filter(author_department_id__in=departments))
        ancestors = department_ancestor_ids(viewer)
        if ancestors:
            yield windowed(roots.filter(audience=Audience.DEPARTMENT, department_id__in=ancestors))
    if show in ("all", "mentions"):
        # One key each: the index gives them in order and the read stops after `limit`.
        mentioned = Mention.objects.filter(
            post_q,
            key_window,
            user=viewer,
        )
        yield _keys(mentioned, limit=limit, pk="post_id")
    if show == "all":
        yield _keys(posts.filter(root_author=viewer).exclude(author=viewer), limit=limit)
        yield _keys(roots.filter(author=viewer), limit=limit)


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


def fetch_posts(viewer, ids: list[int]) -> list[Post]:
    """Posts by id, in the given order, with what a feed item shows (a fixed number of queries)."""
    if not ids:
        return []
    by_id = {
        p.pk: p
        for p in Post.objects.filter(pk__in=ids).select_related(
            "author",
            "author__profile",
            "author__profile__department",
            "department",
            "root",
            "root__author",
        )
    }
    posts = [by_id[i] for i in ids if i in by_id]
    decorate(viewer, posts)
    return posts


def decorate(viewer, posts: list[Post]) -> None:
    """Attach reactions, the viewer's own reactions and thanks, topics, attachments and link
    cards to a page of posts, with a fixed number of queries whatever the page's size."""
    ids = [p.pk for p in posts]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    mine: dict[int, set[str]] = defaultdict(set)
    for post_id, kind, user_id in Reaction.objects.filter(post_id__in=ids).values_list(
        "post_id", "kind", "user_id"
    ):
        counts[post_id][kind] = counts[post_id].get(kind, 0) + 1
        if user_id == viewer.pk:
            mine[post_id].add(kind)
    thanked = set(
        Thanks.objects.filter(post_id__in=ids, sender=viewer).values_list("post_id", flat=True)
    )
    topics: dict[int, list] = defaultdict(list)
    for pt in (
        PostTopic.objects.filter(post_id__in=ids).select_related("topic").order_by("topic__name")
    ):
        topics[pt.post_id].append(pt.topic)
    unfurls = _unfurls(viewer, posts)
    files: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in Attachment.objects.filter(post_id__in=ids):
        files[attachment.post_id].append(attachment)
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
    viewer, *, cursor: Cursor | None = None, limit: int = 20, show: str = "all"
) -> FeedPage:
    """One page of the viewer's home feed, newest first."""
    show = show if show in ("all", *FEED_SOURCES, *FEED_KINDS) else "all"
    keys = _merge(_feed_sources(viewer, show=show, cursor=cursor, limit=limit + 1), limit=limit + 1)
    page, more = keys[:limit], len(keys) > limit
    return FeedPage(
        posts=fetch_posts(viewer, [k[1] for k in page]),
        next_cursor=page[-1] if more and page else None,
        top_cursor=page[0] if page else cursor,
    )


def helpful_feed(
    viewer, *, page: int = 1, limit: int = 20, window: int = 200
) -> tuple[list[Post], bool]:
    """The newest `window` feed items, most helpful first (thanks, reactions, replies)."""
    keys = _merge(_feed_sources(viewer, show="all", cursor=None, limit=window), limit=window)
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
    show = show if show in ("all", *FEED_SOURCES, *FEED_KINDS) else "all"
    keys = _merge(
        _feed_sources(viewer, show=show, cursor=None, limit=cap + 1, after=since), limit=cap + 1
    )
    return len(keys)  # the window is strictly after `since`


def active_announcements(viewer) -> list[Post]:
    """Announcements the viewer may see and has not dismissed, newest first."""
    dismissed = AnnouncementDismissal.objects.filter(user=viewer, post=OuterRef("pk"))
    posts = list(
        posts_visible_to(viewer)
        .filter(is_announcement=True, root__isnull=True)
        .exclude(Exists(dismissed))
        .select_related("author", "author__profile")
        .order_by("-created_at", "-id")[:5]
    )
    decorate(viewer, posts)
    return posts


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
