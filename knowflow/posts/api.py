"""API: posts, replies, reactions and the home feed (cursor pagination)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from knowflow.org.models import Department

from . import actions
from .queries import FeedView, access_post, decode_cursor, decorate, encode_cursor, home_feed

router = Router(tags=["posts"])


class PostIn(Schema):
    body: str = Field(..., max_length=actions.MAX_BODY)
    audience: str = Field("everyone", description="everyone or department")
    department: str | None = Field(None, description="Department slug, for audience=department")
    is_announcement: bool = False


class ReplyIn(Schema):
    body: str = Field(..., max_length=actions.MAX_BODY)
    parent_id: int | None = Field(None, description="Reply to a reply in the same thread")


class ReactionIn(Schema):
    kind: str = Field(..., description="thanks, insightful, plus_one or celebrate")
    remove: bool = False


# Output models are plain pydantic models: a ninja Schema re-reads every field of every item
# through its Django attribute getter, which was a third of the feed endpoint's time.
class PostOut(BaseModel):
    id: int
    kind: str  # post, question, answer or comment (questions: /api/v1/questions/{id})
    title: str  # questions have one
    author_id: int
    author_name: str
    body: str
    body_html: str
    audience: str
    department: str | None
    root_id: int | None
    parent_id: int | None
    created_at: dt.datetime
    edited_at: dt.datetime | None
    reply_count: int
    asks_question: bool
    reactions: dict[str, int]
    topics: list[str]


class FeedOut(BaseModel):
    results: list[PostOut]
    next_cursor: str | None


def post_out(post) -> PostOut:
    return PostOut(
        id=post.pk,
        kind=post.kind,
        title=post.title,
        author_id=post.author_id,
        author_name=post.author.full_name,
        body=post.body,
        body_html=post.body_html,
        audience=post.audience,
        department=post.department.slug if post.department_id else None,
        root_id=post.root_id,
        parent_id=post.parent_id,
        created_at=post.created_at,
        edited_at=post.edited_at,
        reply_count=post.reply_count,
        asks_question=post.asks_question,
        reactions={
            kind: count
            for kind, _label, count, _mine in getattr(post, "reaction_summary", [])
            if count
        },
        topics=[t.slug for t in getattr(post, "topic_list", [])],
    )


def _with_details(request, post):
    decorate(request.auth, [post])
    return post_out(post)


@router.post("/posts", response={201: PostOut}, summary="Publish a post")
def create_post(request: HttpRequest, payload: PostIn):
    department = None
    if payload.department:
        department = get_object_or_404(Department, slug=payload.department)
    post = actions.create_post(
        request.auth,
        body=payload.body,
        audience=payload.audience,
        department=department,
        is_announcement=payload.is_announcement,
    )
    return Status(201, _with_details(request, access_post(request.auth, post_id=post.pk)))


@router.get("/posts/{int:post_id}", response=PostOut, summary="One post")
def get_post(request: HttpRequest, post_id: int):
    return _with_details(request, access_post(request.auth, post_id=post_id))


@router.post("/posts/{int:post_id}/replies", response={201: PostOut}, summary="Reply to a post")
def reply(request: HttpRequest, post_id: int, payload: ReplyIn):
    parent = access_post(request.auth, post_id=payload.parent_id or post_id)
    if payload.parent_id and (parent.root_id or parent.pk) != (
        access_post(request.auth, post_id=post_id).pk
    ):
        from django.core.exceptions import ValidationError

        raise ValidationError({"parent_id": "That reply is not in this thread."})
    post = actions.create_post(request.auth, body=payload.body, parent=parent)
    return Status(201, _with_details(request, access_post(request.auth, post_id=post.pk)))


@router.post(
    "/posts/{int:post_id}/reactions", response=PostOut, summary="React to a post (or take it back)"
)
def react(request: HttpRequest, post_id: int, payload: ReactionIn):
    post = access_post(request.auth, post_id=post_id)
    if payload.remove:
        actions.remove_reaction(request.auth, post, kind=payload.kind)
    else:
        actions.add_reaction(request.auth, post, kind=payload.kind)
    return _with_details(request, access_post(request.auth, post_id=post_id))


class FeedQuery(Schema):
    cursor: str = ""
    show: FeedView = "all"
    limit: int = Field(20, ge=1, le=100)


@router.get(
    "/feed", response=FeedOut, summary="My home feed, newest first (pass next_cursor for more)"
)
def feed(request: HttpRequest, query: Query[FeedQuery]):
    page = home_feed(
        request.auth, cursor=decode_cursor(query.cursor), limit=query.limit, show=query.show
    )
    return FeedOut(
        results=[post_out(p) for p in page.posts],
        next_cursor=encode_cursor(page.next_cursor) or None,
    )
