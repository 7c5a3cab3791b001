"""Writes to flows: posting, replying, editing, deleting, reacting, thanking, muting."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from knowflow.core.markdown import (
    HASHTAG_RE,
    MENTION_RE,
    asks_question,
    render_and_ask,
    render_markdown,
)
from knowflow.core.sql import insert_objects, insert_rows, new_instance
from knowflow.org.models import Department
from knowflow.search.text import document_terms
from knowflow.topics.actions import get_or_create_topic
from knowflow.topics.queries import topic_slug

from .attachments import MAX_FILES, check_upload
from .models import (
    AnnouncementDismissal,
    Attachment,
    Audience,
    Mention,
    Mute,
    Post,
    PostKind,
    PostRevision,
    PostTopic,
    Reaction,
    ReactionKind,
    Thanks,
)
from .queries import can_announce, can_see_post

User = get_user_model()

MAX_BODY = 5000
MAX_TAGS = 10
MAX_MENTIONS = 20


def delete_notifications_for_post(*, post_id: int) -> None:
    from knowflow.notifications.actions import delete_notifications_for_post as delete

    delete(post_id=post_id)


def _notify(**kwargs) -> None:
    from knowflow.notifications.actions import notify

    notify(**kwargs)


MAX_TITLE = 200
# Questions and answers may be long (Stack Exchange allows 30,000 characters: imported ones
# fit); comments are short.
MAX_BODY_BY_KIND = {"post": MAX_BODY, "question": 30_000, "answer": 30_000, "comment": 2_000}


def _clean_body(body: str, *, max_body: int = MAX_BODY, required: bool = True) -> str:
    body = (body or "").strip()
    if not body and required:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > max_body:
        raise ValidationError({"body": _("Keep it under %(n)s characters.") % {"n": max_body}})
    return body


def _clean_title(title: str, *, kind: str) -> str:
    title = " ".join((title or "").split())
    if kind != PostKind.QUESTION:
        return ""
    if not title:
        raise ValidationError({"title": _("Write your question in a line.")})
    if len(title) > MAX_TITLE:
        raise ValidationError(
            {"title": _("Keep the title under %(n)s characters.") % {"n": MAX_TITLE}}
        )
    return title


def extract_hashtags(body: str) -> list[str]:
    """The distinct #hashtags of a text, in order (at most MAX_TAGS)."""
    seen: dict[str, str] = {}
    for m in HASHTAG_RE.finditer(body):
        slug = topic_slug(m.group(1))
        if slug and slug not in seen:
            seen[slug] = m.group(1)
    return list(seen.values())[:MAX_TAGS]


def extract_mentions(body: str) -> list[str]:
    """The distinct @names of a text (email local parts), in order."""
    names: list[str] = []
    for m in MENTION_RE.finditer(body):
        name = m.group(1).lower()
        if name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def _resolve_mentions(names: list[str]) -> dict[str, object]:
    """@name -> active person whose email starts with "name@" (ambiguous names resolve to nobody)."""
    found: dict[str, object] = {}
    for name in names:
        prefix = f"{name}@"  # names and stored emails are lower-case
        match = Q(email__startswith=prefix)
        if connection.vendor == "sqlite":
            # SQLite's LIKE can't use the email index; this byte-order range can.
            match &= Q(email__gte=prefix, email__lt=f"{name}A")
        people = list(User.objects.filter(match, is_active=True)[:2])
        if len(people) == 1:
            found[name] = people[0]
    return found


def _render(body: str, *, topics: dict[str, object], people: dict[str, object]) -> str:
    return render_markdown(
        body,
        tag_url=lambda tag: (
            reverse("topics:detail", args=[topics[topic_slug(tag)].slug])
            if topic_slug(tag) in topics
            else None
        ),
        mention_url=lambda name: (
            reverse("people:profile", args=[people[name.lower()].pk])
            if name.lower() in people
            else None
        ),
    )


URL_RE = re.compile(r"(?:https?://[^\s)<>\]]+|(?<=\]\()/[^\s)]+)")
UNFURL_VIEWS = {
    "posts:detail": ("post", "post_id"),
    "people:profile": ("person", "user_id"),
    "topics:detail": ("topic", "slug"),
    "org:department": ("department", "slug"),
}
MAX_LINKS = 3


def local_links(body: str) -> list[dict[str, str]]:
    """The local pages (posts, people, topics, departments) a text links to, at most MAX_LINKS."""
    site = urlsplit(settings.SITE_URL)
    found: list[dict[str, str]] = []
    for raw in URL_RE.findall(body):
        parts = urlsplit(raw.rstrip(".,;:!?"))
        if parts.netloc and parts.netloc != site.netloc:
            continue
        try:
            match = resolve(parts.path or "/")
        except Resolver404:
            continue
        spec = UNFURL_VIEWS.get(f"{match.namespace}:{match.url_name}")
        if spec:
            link = {"kind": spec[0], "key": str(match.kwargs[spec[1]])}
            if link not in found:
                found.append(link)
        if len(found) >= MAX_LINKS:
            break
    return found


def _sync_tags_and_mentions(post: Post, *, notify_new: bool, chosen_topics: Sequence = ()) -> None:
    """(Re)build the post's topics (its #hashtags, plus `chosen_topics`: a question's topics
    field), mentions, local links and HTML from its body."""
    topics = {t.slug: t for t in chosen_topics}
    for tag in extract_hashtags(post.body):
        topic = get_or_create_topic(name=tag)
        topics[topic_slug(tag)] = topic
    people = _resolve_mentions(extract_mentions(post.body))
    # Only people who can see the post are mentioned: a mention must not leak a private post.
    visible_people = {name: u for name, u in people.items() if can_see_post(u, post)}
    post.body_html = _render(post.body, topics=topics, people=visible_people)
    post.links = local_links(post.body)
    post.asks_question = post.kind == PostKind.QUESTION or asks_question(post.body)
    post.save(update_fields=["body_html", "links", "asks_question"])

    had = set(PostTopic.objects.filter(post=post).values_list("topic_id", flat=True))
    wanted = {t.pk: t for t in topics.values()}
    PostTopic.objects.filter(post=post, topic_id__in=had - wanted.keys()).delete()
    PostTopic.objects.bulk_create(
        [
            PostTopic(post=post, topic=t, created_at=post.created_at)
            for pk, t in wanted.items()
            if pk not in had
        ]
    )
    if post.kind in (PostKind.ANSWER, PostKind.POST):
        # What the author knows, by topic (the topics it is on now, and was on).
        from knowflow.expertise.tallies import evidence_changed

        evidence_changed([post.author_id], had | wanted.keys())
    mentioned = {u.pk: u for u in visible_people.values() if u.pk != post.author_id}
    before = set(Mention.objects.filter(post=post).values_list("user_id", flat=True))
    Mention.objects.filter(post=post).exclude(user_id__in=mentioned).delete()
    new = [u for pk, u in mentioned.items() if pk not in before]
    Mention.objects.bulk_create(
        [Mention(post=post, user=u, created_at=post.created_at) for u in new]
    )
    if notify_new:
        author_name = post.author.full_name
        url = post_url(post)
        for user in new:
            transaction.on_commit(
                lambda user=user: _notify(
                    recipient=user,
                    kind="mention",
                    actor=post.author,
                    summary=_("%(name)s mentioned you") % {"name": author_name},
                    target_url=url,
                    post_id=post.pk,
                ),
                robust=True,
            )


def inherited_topics(post: Post) -> list | None:
    """Topics a post has besides its #hashtags: a question keeps those it was given, an answer
    carries its question's (so it reaches that topic's followers); other posts have none."""
    from knowflow.topics.models import Topic

    if post.kind == PostKind.QUESTION:
        return list(Topic.objects.filter(post_topics__post=post))
    if post.kind == PostKind.ANSWER and post.root_id:
        return list(Topic.objects.filter(post_topics__post_id=post.root_id))
    return None


def resync_topics(post: Post, *, chosen_topics: Sequence) -> None:
    """Rebuild a post's topics from its #hashtags and `chosen_topics` (the help app: answers
    follow their question's topics when it is edited)."""
    _sync_tags_and_mentions(post, notify_new=False, chosen_topics=chosen_topics)


def post_url(post: Post) -> str:
    if post.kind != PostKind.POST:
        from knowflow.help.queries import question_url

        return question_url(post)
    if post.root_id:
        return reverse("posts:detail", args=[post.root_id]) + f"#post-{post.pk}"
    return reverse("posts:detail", args=[post.pk])


@transaction.atomic
def create_post(
    author,
    *,
    body: str,
    audience: str = Audience.EVERYONE,
    department: Department | None = None,
    parent: Post | None = None,
    is_announcement: bool = False,
    created_at: dt.datetime | None = None,
    files: Sequence[UploadedFile] = (),
    kind: str = PostKind.POST,
    title: str = "",
    max_body: int = MAX_BODY,
    chosen_topics: Sequence = (),
    notify_thread: bool = True,
    on_behalf_of=None,
) -> Post:
    """Publish a post, or a reply when `parent` is given (replies share their thread's audience).
    The help app publishes questions (with a title and chosen topics), answers and comments
    through here too, and sends its own notices for them (notify_thread=False)."""
    if kind not in PostKind.values:
        raise ValidationError(_("Unknown kind of post."))
    if (kind == PostKind.QUESTION and parent is not None) or (
        kind in (PostKind.ANSWER, PostKind.COMMENT) and parent is None
    ):
        raise ValidationError(_("Questions start threads; answers and comments reply in one."))
    title = _clean_title(title, kind=kind)
    body = _clean_body(body, max_body=max_body, required=kind != PostKind.QUESTION)
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": _("Attach at most %(n)s files.") % {"n": MAX_FILES}})
    # Every file is checked before anything is written, so a bad one loses nothing.
    checked = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from None
    now = created_at or timezone.now()
    author_department_id = getattr(getattr(author, "profile", None), "department_id", None)
    post = Post(
        author=author,
        kind=kind,
        title=title,
        body=body,
        body_html="",
        created_at=now,
        author_department_id=author_department_id,
    )
    if parent is not None:
        if parent.is_deleted:
            raise ValidationError(_("That post was deleted; it can't be replied to."))
        # Whose access counts: the author's, or the person a placeholder author writes for
        # (the asker of an anonymous question, in its thread).
        if not can_see_post(on_behalf_of or author, parent):
            raise PermissionDenied
        if kind == PostKind.POST and parent.kind != PostKind.POST:
            raise ValidationError(_("Answer or comment on a question on its page."))
        root = parent.root or parent
        post.parent = parent
        post.root = root
        post.root_author_id = root.author_id
        post.audience, post.department_id = root.audience, root.department_id
    else:
        if audience not in Audience.values:
            raise ValidationError({"audience": _("Choose who the post is for.")})
        if audience == Audience.DEPARTMENT and department is None:
            raise ValidationError({"department": _("Choose the department the post is for.")})
        post.audience = audience
        post.department = department if audience == Audience.DEPARTMENT else None
        if is_announcement:
            if not can_announce(author):
                raise PermissionDenied(_("Only announcers can pin announcements."))
            post.is_announcement = True
    post.save()
    for item in checked:
        attachment = Attachment(
            post=post,
            name=item.name,
            content_type=item.content_type,
            size=item.size,
            is_image=item.is_image,
            width=item.width,
            height=item.height,
        )
        attachment.file.save(item.name, item.content, save=False)
        attachment.save()
    _sync_tags_and_mentions(post, notify_new=True, chosen_topics=chosen_topics)
    _index(post)
    if post.root_id:
        Post.objects.filter(pk=post.root_id).update(reply_count=F("reply_count") + 1)
        if notify_thread:
            _notify_thread(post)
    return post


def _notify_thread(reply: Post) -> None:
    """Tell the thread's starter and the person replied to (not the replier, not the mentioned)."""
    mentioned = set(Mention.objects.filter(post=reply).values_list("user_id", flat=True))
    recipients = {reply.root_author_id}
    if reply.parent_id and reply.parent_id != reply.root_id:
        recipients.add(
            Post.objects.filter(pk=reply.parent_id).values_list("author_id", flat=True).first()
        )
    recipients -= {reply.author_id, None, *mentioned}
    name = reply.author.full_name
    url = post_url(reply)
    muted = set(
        Mute.objects.filter(thread_id=reply.root_id, user_id__in=recipients).values_list(
            "user_id", flat=True
        )
    )
    for user in User.objects.filter(pk__in=recipients - muted):
        transaction.on_commit(
            lambda user=user: _notify(
                recipient=user,
                kind="reply",
                actor=reply.author,
                summary=_("%(name)s replied to your post") % {"name": name},
                target_url=url,
                post_id=reply.pk,
                group_key=f"reply:thread:{reply.root_id}",
            ),
            robust=True,
        )


@transaction.atomic
def edit_post(editor, post: Post, *, body: str) -> Post:
    """Change a post's text; the previous text is kept as a revision and the post shows "edited".
    (A question is edited through help.actions.edit_question: it has a title and topics.)"""
    if editor.pk != post.author_id:
        raise PermissionDenied(_("Only the author can edit a post."))
    if post.kind == PostKind.QUESTION:
        raise ValidationError(_("Edit a question on its page."))
    return revise_post(post, body=body, max_body=MAX_BODY_BY_KIND[post.kind])


@transaction.atomic
def revise_post(
    post: Post,
    *,
    body: str,
    title: str | None = None,
    chosen_topics: Sequence | None = None,
    max_body: int = MAX_BODY,
) -> Post:
    """Change a post's text (and a question's title and chosen topics), keeping the previous
    text and title as a revision. Callers check who may edit (edit_post, help.actions)."""
    if post.is_deleted:
        raise ValidationError(_("A deleted post can't be edited."))
    body = _clean_body(body, max_body=max_body, required=post.kind != PostKind.QUESTION)
    title = post.title if title is None else _clean_title(title, kind=post.kind)
    if chosen_topics is None:
        chosen_topics = inherited_topics(post)
    if body == post.body and title == post.title:
        if chosen_topics is not None:
            _sync_tags_and_mentions(post, notify_new=False, chosen_topics=chosen_topics)
        return post
    now = timezone.now()
    PostRevision.objects.create(post=post, title=post.title, body=post.body, created_at=now)
    post.body = body
    post.title = title
    post.edited_at = now
    post.save(update_fields=["body", "title", "edited_at"])
    _sync_tags_and_mentions(post, notify_new=True, chosen_topics=chosen_topics or ())
    _index(post)
    return post


def _index(post: Post) -> None:
    """Write the post's search document in this transaction: it is findable (and a question
    is suggested as "asked before?") the moment it is committed, with the text it has then."""
    from knowflow.search.actions import index_post

    index_post(post)


@transaction.atomic
def delete_post(actor, post: Post) -> None:
    """Delete a post: its text, history, topics and mentions go; a thread keeps its place.
    The author may, staff may; a question, its asker and moderators (help decides: the author
    of an anonymous question is a placeholder, and a question's answers go with it)."""
    if post.kind == PostKind.QUESTION:
        from knowflow.help.queries import can_delete_question, question_of

        if not (actor.is_staff or can_delete_question(actor, question_of(post))):
            raise PermissionDenied(_("Only the asker or a moderator can delete this question."))
    elif actor.pk != post.author_id and not actor.is_staff:
        raise PermissionDenied(_("Only the author can delete a post."))
    if not remove_post(post):
        return
    if post.kind != PostKind.POST:
        from knowflow.help.actions import post_deleted

        post_deleted(post)


def remove_post(post: Post) -> bool:
    """Delete a post without asking who may (callers have checked): False when it already
    was deleted. The row is locked first, so two deletes at once count as one."""
    current = Post.objects.select_for_update().filter(pk=post.pk).first()
    if current is None or current.is_deleted:
        return False
    post.body = ""
    post.body_html = ""
    post.deleted_at = timezone.now()
    post.title = ""
    post.is_announcement = False
    post.asks_question = False
    post.save(
        update_fields=[
            "title",
            "body",
            "body_html",
            "deleted_at",
            "is_announcement",
            "asks_question",
        ]
    )
    PostRevision.objects.filter(post=post).delete()
    had = list(PostTopic.objects.filter(post=post).values_list("topic_id", flat=True))
    PostTopic.objects.filter(post=post).delete()
    if post.kind in (PostKind.ANSWER, PostKind.POST):
        from knowflow.expertise.tallies import evidence_changed

        evidence_changed([post.author_id], had)  # it no longer counts as evidence
    for attachment in Attachment.objects.filter(post=post):
        name, storage = attachment.file.name, attachment.file.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        attachment.delete()
    Mention.objects.filter(post=post).delete()
    delete_notifications_for_post(post_id=post.pk)
    if post.root_id:
        Post.objects.filter(pk=post.root_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
    # Out of search in the same transaction: a deleted post is never suggested again.
    from knowflow.search.actions import remove_post as unindex

    unindex(post.pk)
    return True


def _check_can_interact(user, post: Post) -> None:
    if post.is_deleted or not can_see_post(user, post):
        raise PermissionDenied


def add_reaction(user, post: Post, *, kind: str) -> bool:
    """React to a post (idempotent). Returns True when a new reaction was added."""
    if kind not in ReactionKind.values:
        raise ValidationError({"kind": _("Unknown reaction.")})
    _check_can_interact(user, post)
    try:
        with transaction.atomic():
            _r, created = Reaction.objects.get_or_create(post=post, user=user, kind=kind)
            if created:
                Post.objects.filter(pk=post.pk).update(reaction_count=F("reaction_count") + 1)
    except IntegrityError:
        return False
    if created and user.pk != post.author_id:
        transaction.on_commit(
            lambda: _notify(
                recipient=post.author,
                kind="reaction",
                actor=user,
                summary=_("%(name)s reacted to your post") % {"name": user.full_name},
                target_url=post_url(post),
                post_id=post.pk,
                group_key=f"reaction:post:{post.pk}",
            ),
            robust=True,
        )
    return created


def remove_reaction(user, post: Post, *, kind: str) -> None:
    """Take a reaction back (idempotent)."""
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
        if deleted:
            Post.objects.filter(pk=post.pk, reaction_count__gt=0).update(
                reaction_count=F("reaction_count") - 1
            )


def thank_author(user, post: Post, *, message: str = "") -> Thanks:
    """Publicly thank a post's author for a helpful post (once per post)."""
    _check_can_interact(user, post)
    if user.pk == post.author_id:
        raise ValidationError(_("You can't thank yourself."))
    message = (message or "").strip()[:280]
    try:
        with transaction.atomic():
            thanks = Thanks.objects.create(
                post=post, sender=user, recipient_id=post.author_id, message=message
            )
            Post.objects.filter(pk=post.pk).update(thanks_count=F("thanks_count") + 1)
            from knowflow.expertise.tallies import posts_changed

            posts_changed([post.pk])  # thanks for a post or answer count as evidence
    except IntegrityError:
        return Thanks.objects.get(post=post, sender=user)
    transaction.on_commit(
        lambda: _notify(
            recipient=post.author,
            kind="thanks",
            actor=user,
            summary=(
                _("%(name)s thanked you: “%(msg)s”") % {"name": user.full_name, "msg": message}
            )
            if message
            else _("%(name)s thanked you for your post") % {"name": user.full_name},
            target_url=post_url(post),
            post_id=post.pk,
        ),
        robust=True,
    )
    return thanks


def mute(
    user, *, person=None, topic=None, thread: Post | None = None, days: int | None = None
) -> Mute:
    """Hide a person, a topic or a thread from one's feed; `days` snoozes instead (e.g. 7)."""
    targets = [t for t in (person, topic, thread) if t is not None]
    if len(targets) != 1:
        raise ValidationError(_("Mute one person, topic or thread at a time."))
    if person is not None and person.pk == user.pk:
        raise ValidationError(_("You can't mute yourself."))
    until = timezone.now() + dt.timedelta(days=days) if days else None
    lookup = (
        {"muted_user": person}
        if person
        else {"topic": topic}
        if topic
        else {"thread": thread.root or thread}
    )
    with transaction.atomic():
        row, _created = Mute.objects.update_or_create(
            user=user, **lookup, defaults={"until": until}
        )
    return row


def unmute(user, *, person=None, topic=None, thread: Post | None = None) -> None:
    """Show a muted person, topic or thread again."""
    lookup = (
        {"muted_user": person}
        if person
        else {"topic": topic}
        if topic
        else {"thread": thread.root or thread}
    )
    Mute.objects.filter(user=user, **lookup).delete()


def dismiss_announcement(user, post: Post) -> None:
    """Unpin an announcement from one's own feed."""
    AnnouncementDismissal.objects.get_or_create(user=user, post=post)


# --- Imports ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PreparedText:
    """What a post derives from its title and text alone: HTML, local links, whether the text
    asks something, search terms. Pure and the costly part of importing a post, so an import
    works it out in other processes ahead of its writes (prepare_text); import_posts uses it
    only for the very title and text it was made from."""

    title: str
    body: str
    body_html: str
    links: list[dict[str, str]]
    asks_question: bool  # the text's own question mark (questions ask anyway)
    title_terms: str
    body_terms: str


def prepare_text(*, kind: str, title: str, body: str) -> PreparedText:
    """The PreparedText of an imported post's title and Markdown body (raises ValidationError
    for a question without a usable title)."""
    title = _clean_title(title, kind=kind)
    body = (body or "").strip()
    html, asks = render_and_ask(body)
    title_terms, body_terms = document_terms(title, body)
    return PreparedText(
        title=title,
        body=body,
        body_html=str(html),
        links=local_links(body),
        asks_question=asks,
        title_terms=title_terms,
        body_terms=body_terms,
    )


@dataclass(slots=True)
class ImportedPost:
    """A post written in another system, its text already converted to Markdown."""

    author_id: int
    kind: str
    body: str
    created_at: dt.datetime
    title: str = ""
    parent: Post | None = None  # replies: the post answered or commented on
    audience: str = Audience.EVERYONE  # thread starters; replies take their thread's
    department_id: int | None = None
    edited_at: dt.datetime | None = None
    topic_ids: Sequence[int] = ()
    # prepare_text(kind, title, body), if worked out ahead; ignored if made from other text.
    prepared: PreparedText | None = None


def add_to_counts(field: str, increments: Mapping[int, int]) -> None:
    """Add to a counter of many posts (one prepared statement run for each)."""
    column = Post._meta.get_field(field).column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            # Identifiers come from the model; values are parameters.
            f"UPDATE {quote(Post._meta.db_table)} SET {quote(column)} = {quote(column)} + %s "  # noqa: S608
            f"WHERE {quote(Post._meta.pk.column)} = %s",
            [(n, pk) for pk, n in increments.items()],
        )


def recount_replies(root_ids: Sequence[int]) -> None:
    """Set the reply counts of these thread starters from their threads' live replies (one
    statement, however many: cheaper than adding to each, and right whatever came before)."""
    live = (
        Post.objects.filter(root_id=OuterRef("pk"), deleted_at__isnull=True)
        .order_by()
        .values("root_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    Post.objects.filter(pk__in=list(root_ids)).update(reply_count=Coalesce(Subquery(live), 0))


@transaction.atomic
def import_posts(items: Sequence[ImportedPost], *, evidence: bool = True) -> list[Post]:
    """Create many posts written elsewhere at once (imports), dated as they were, with what a
    post derives from its text (HTML, local links, whether it asks something), its topics,
    its author's department and its thread's reply count. Imported text is not read for
    #hashtags or @mentions (it was not written for Knowflow: "C#", "@john" in a comment), and
    nobody is notified: imported posts are history, not news. `evidence=False`: the caller
    adds the answers to expertise's sums itself (after what it sets besides: acceptance)."""
    from knowflow.people.models import Profile

    author_ids = {item.author_id for item in items}
    departments = dict(
        Profile.objects.filter(user_id__in=author_ids).values_list("user_id", "department_id")
    )
    posts: list[Post] = []
    texts: list[PreparedText] = []
    roots: set[int] = set()
    kinds = {PostKind.QUESTION, PostKind.ANSWER, PostKind.COMMENT}
    for item in items:
        if item.kind not in kinds:
            raise ValidationError(_("Only questions, answers and comments are imported."))
        if (item.kind == PostKind.QUESTION) != (item.parent is None):
            raise ValidationError(_("Questions start threads; answers and comments reply in one."))
        title = _clean_title(item.title, kind=item.kind)
        body = (item.body or "").strip()
        text = item.prepared
        if text is None or text.body != body or text.title != title:
            text = prepare_text(kind=item.kind, title=title, body=body)
        texts.append(text)
        values = {
            "author_id": item.author_id,
            "kind": item.kind,
            "title": title,
            "body": body,
            "body_html": text.body_html,
            "links": text.links,
            "asks_question": item.kind == PostKind.QUESTION or text.asks_question,
            "created_at": item.created_at,
            "edited_at": item.edited_at,
            "author_department_id": departments.get(item.author_id),
        }
        parent = item.parent
        if parent is None:
            if item.audience == Audience.DEPARTMENT and item.department_id is None:
                raise ValidationError({"department": _("Choose the department the post is for.")})
            values["audience"] = item.audience
            values["department_id"] = (
                item.department_id if item.audience == Audience.DEPARTMENT else None
            )
        else:
            values["parent_id"] = parent.pk
            values["root_id"] = parent.root_id or parent.pk
            values["root_author_id"] = parent.root_author_id if parent.root_id else parent.author_id
            values["audience"], values["department_id"] = parent.audience, parent.department_id
            roots.add(values["root_id"])
        # Positional: thousands per batch, and keywords cost three times as much.
        post = new_instance(Post, values)
        if parent is not None:
            Post.parent.field.set_cached_value(post, parent)
        posts.append(post)
    insert_objects(posts)
    insert_rows(
        PostTopic,
        ("post_id", "topic_id", "created_at"),
        [
            (post.pk, topic_id, post.created_at)
            for post, item in zip(posts, items, strict=True)
            for topic_id in dict.fromkeys(item.topic_ids)
        ],
    )
    recount_replies(sorted(roots))
    # Findable (questions also as "asked before?") once the transaction commits.
    from knowflow.search.actions import bulk_index

    bulk_index(
        posts,
        known_terms={
            post.pk: (text.title_terms, text.body_terms)
            for post, text in zip(posts, texts, strict=True)
        },
        new=True,
    )
    if evidence:
        from knowflow.expertise.tallies import posts_added

        posts_added([post.pk for post in posts])
    return posts


@transaction.atomic
def revise_imported_body(post: Post, *, body: str) -> Post:
    """Replace an imported post's text without an edit in its history (an import pointing its
    links at posts imported after it); links it was given besides its text's stay."""
    body = body.strip()
    if body == post.body:
        return post
    post.body = body
    post.body_html = render_markdown(body)
    merged: list[dict[str, str]] = []
    for link in [*local_links(body), *(post.links or [])]:
        if link not in merged:
            merged.append(link)
    post.links = merged
    post.save(update_fields=["body", "body_html", "links"])
    _index(post)
    return post


@transaction.atomic
def import_post_links(links: Mapping[int, Sequence[int]]) -> int:
    """Add links between posts (imported "related" links) to the posts' link cards, which show
    each target only to readers who may see it. Returns how many links were added."""
    added = 0
    posts = Post.objects.filter(pk__in=list(links)).only("pk", "links")
    for post in posts:
        have = list(post.links or [])
        for target in links[post.pk]:
            link = {"kind": "post", "key": str(target)}
            if target != post.pk and link not in have:
                have.append(link)
                added += 1
        post.links = have
    Post.objects.bulk_update(posts, ["links"], batch_size=500)
    return added


@transaction.atomic
def import_revisions(revisions: Sequence[tuple[int, str, str, dt.datetime]]) -> list[PostRevision]:
    """Add the earlier texts of imported posts to their history: (post id, title, Markdown
    body, when it was replaced)."""
    return PostRevision.objects.bulk_create(
        [
            PostRevision(post_id=post_id, title=title, body=body, created_at=replaced_at)
            for post_id, title, body, replaced_at in revisions
        ],
        batch_size=500,
    )
