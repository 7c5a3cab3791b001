"""Post cards as the pages show them, with the part that is the same for every reader cached.

Rendering a card with Django templates costs about a millisecond (a dozen URL reversals,
translations, attribute lookups), and a feed page shows 20-25 of them: most of the page's
time. Most of a card (author, date, body, attachments, link cards, topics) depends only on
data that is already in memory when the page renders, so it is cached under a hash of exactly
that data, plus the language, the time zone and the templates' own source. Nothing is ever
invalidated: an edited post, a renamed author or a changed template hashes to a new key, and
old entries age out. The most recently used parts are also kept in the process
(core.memo.immutable_get_many), so a page whose cards a worker has served before reads no
cache at all. The hash includes what the *viewer* gets (link cards are resolved through
the reader's access), so a card is only ever served to a reader whose data hashes the same.

The reader's part (reaction counts and "mine", thanks, reply and edit links) comes from
posts/_post_actions.html and is cached the same way under a hash of the reader's state for the
post (my reactions, thanked, is it mine), which most readers share. Its forms carry the
reader's CSRF token: they are rendered with a placeholder that no rendered text can contain
(NUL; RejectNulMiddleware refuses it in every request, and rendering escapes nothing to it)
and this request's token replaces it.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from knowflow.core.memo import immutable_get_many, immutable_set_many

STATIC_TEMPLATE = "posts/_post_card.html"
ACTIONS_TEMPLATE = "posts/_post_actions.html"
# Templates the static part includes: their source is part of every key.
STATIC_INCLUDES = ("people/_avatar.html",)
MARKER = "<!--post-actions-->"
CSRF_PLACEHOLDER = "\x00csrf\x00"
CACHE_SECONDS = 24 * 60 * 60


def _templates_digest() -> str:
    """The source of the templates behind the cards: a deploy that changes them starts on new
    keys. Read once per process in production; in development (DEBUG) on every call, since the
    development server reloads edited templates without restarting."""
    if settings.DEBUG:
        return _read_templates_digest()
    return _cached_templates_digest()


def _read_templates_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in (STATIC_TEMPLATE, *STATIC_INCLUDES, ACTIONS_TEMPLATE):
        digest.update(get_template(name).template.source.encode())
    return digest.hexdigest()


_cached_templates_digest = cache(_read_templates_digest)


def _key(kind: str, inputs: tuple, setting: tuple) -> str:
    """A part's key: what it shows, and the reader's setting (templates, language, zone)."""
    raw = repr((setting, inputs))
    return f"post-{kind}:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def _setting() -> tuple:
    # Read once per list: each of these is a context-local lookup.
    return (
        _templates_digest(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )


def _static_inputs(post, *, show_context: bool) -> tuple:
    """Everything posts/_post_card.html reads, as plain values."""
    if post.is_deleted:
        return (post.pk, "deleted")
    author = post.author
    profile = getattr(author, "profile", None)
    return (
        post.pk,
        post.root_id,
        post.author_id,
        author.full_name,
        author.email if not author.full_name else "",
        profile.title if profile else "",
        profile.photo.name if profile and profile.photo else "",
        post.created_at.isoformat(),
        post.edited_at.isoformat() if post.edited_at else "",
        post.audience,
        post.department.name if post.department_id else "",
        post.is_announcement,
        post.body_html,
        tuple(getattr(post, "files", ())),
        tuple((u.url, u.title, u.detail) for u in getattr(post, "unfurls", ())),
        tuple(getattr(post, "topic_list", ())),
        bool(show_context and post.root_id),
        post.root.author.full_name if show_context and post.root_id else "",
        post.kind,
        post.title,
        post.root.title if show_context and post.root_id else "",
        post.author.is_active,
        getattr(post, "question_status", ""),
    )


def _actions_inputs(post, *, viewer_id, in_thread: bool, pinned: bool) -> tuple:
    """Everything posts/_post_actions.html reads, as plain values (the reader's user id only
    as "is this post mine")."""
    return (
        post.pk,
        post.root_id,
        post.kind,
        post.reply_count,
        post.author_id == viewer_id,
        post.author.get_short_name(),
        post.author.is_active,
        getattr(post, "answer_count", 0),
        # Kinds, counts and mine: the labels follow from the language, already in the key.
        tuple(
            (kind, count, mine)
            for kind, _label, count, mine in getattr(post, "reaction_summary", ())
        ),
        bool(getattr(post, "thanked_by_me", False)),
        in_thread,
        pinned,
    )


def card_keys(
    posts, *, viewer_id, show_context: bool = False, in_thread: bool = False, pinned: bool = False
) -> list[tuple[str, str | None]]:
    """Per post, the keys of its shared part and of its reader's part (None for a deleted
    post, which has no actions). Kept on the post: the home page asks twice (prefetch, then
    the tag), and hashing a card's inputs is not free."""
    setting = _setting()
    options = (viewer_id, show_context, in_thread, pinned, setting)
    out = []
    for p in posts:
        known = p.__dict__.setdefault("_kf_card_keys", {})
        if options not in known:
            known[options] = (
                _key("card", _static_inputs(p, show_context=show_context), setting),
                None
                if p.is_deleted
                else _key(
                    "actions",
                    _actions_inputs(p, viewer_id=viewer_id, in_thread=in_thread, pinned=pinned),
                    setting,
                ),
            )
        out.append(known[options])
    return out


def prefetch(request, *lists: tuple[list, dict]) -> None:
    """Read the cached parts of several lists of cards that one page shows, in one round trip
    (each list with the options its {% post_cards %} tag is given); render_cards then only
    asks for what is not here."""
    viewer_id = getattr(getattr(request, "user", None), "pk", None)
    keys = [
        key
        for posts, options in lists
        for pair in card_keys(posts, viewer_id=viewer_id, **options)
        for key in pair
        if key
    ]
    found = getattr(request, "_post_cards_found", {})
    found.update(immutable_get_many(keys) if keys else {})
    request._post_cards_found = found


def render_cards(
    context: Context,
    posts,
    *,
    show_context: bool = False,
    in_thread: bool = False,
    pinned: bool = False,
) -> SafeString:
    """The cards of these posts, in order, with at most one cache round trip: the parts found
    are reused, the missing ones rendered and stored."""
    posts = list(posts)
    if not posts:
        return mark_safe("")
    request = context.get("request")
    viewer_id = getattr(getattr(request, "user", None), "pk", None)
    keys = card_keys(
        posts, viewer_id=viewer_id, show_context=show_context, in_thread=in_thread, pinned=pinned
    )
    found = getattr(request, "_post_cards_found", None) or {}
    wanted = [key for pair in keys for key in pair if key and key not in found]
    if wanted:
        found = {**found, **immutable_get_many(wanted)}
    static_template = get_template(STATIC_TEMPLATE).template
    actions_template = get_template(ACTIONS_TEMPLATE).template
    missing: dict[str, str] = {}
    out: list[str] = []
    for post, (static_key, actions_key) in zip(posts, keys, strict=True):
        static = found.get(static_key)
        if static is None:
            with context.push(post=post, show_context=show_context):
                static = missing[static_key] = static_template.render(context)
        head, marker, tail = static.partition(MARKER)
        out.append(head)
        if marker and actions_key:
            actions = found.get(actions_key)
            if actions is None:
                with context.push(
                    post=post, in_thread=in_thread, pinned=pinned, csrf_token=CSRF_PLACEHOLDER
                ):
                    actions = missing[actions_key] = actions_template.render(context)
            out.append(actions)
            out.append(tail)
    if missing:
        immutable_set_many(missing, CACHE_SECONDS)
    html = "".join(out)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, str(context.get("csrf_token", "")))
    # Every part comes from an autoescaping template; the token is a plain alphanumeric string.
    return mark_safe(html)  # noqa: S308
