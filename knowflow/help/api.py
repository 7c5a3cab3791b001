"""API: questions, answers, acceptance, votes, and ask-time suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import BaseModel

from knowflow.org.queries import access_department, departments_visible_to
from knowflow.posts.queries import access_post, decode_cursor, decorate, encode_cursor
from knowflow.topics.queries import resolve_topic

from . import actions
from .models import Question
from .queries import (
    access_answer,
    access_question,
    question_list,
    question_page,
    question_url,
    shown_asker,
    visible_original_id,
)

router = Router(tags=["help"])


class QuestionIn(Schema):
    title: str = Field(..., max_length=200)
    body: str = Field("", max_length=actions.MAX_QUESTION_BODY)
    goal: str = Field("", max_length=actions.MAX_PART, description="What I am trying to do")
    tried: str = Field("", max_length=actions.MAX_PART, description="What I have tried")
    good_answer: str = Field(
        "", max_length=actions.MAX_PART, description="What a good answer looks like"
    )
    topics: list[str] = Field(default_factory=list, max_length=actions.MAX_TOPICS)
    audience: Literal["everyone", "department"] = "everyone"
    department: str | None = Field(None, description="Department slug, for audience=department")
    anonymous: bool = Field(False, description="Without the asker's name, if the admin allows it")


class AnswerIn(Schema):
    body: str = Field(..., max_length=actions.MAX_ANSWER_BODY)


class AcceptIn(Schema):
    remove: bool = Field(False, description="Withdraw the acceptance instead")


class VoteIn(Schema):
    remove: bool = Field(False, description="Take the vote back instead")


class CommentOut(BaseModel):
    id: int
    author_id: int | None
    author_name: str
    body: str
    body_html: str
    created_at: dt.datetime


class AnswerOut(BaseModel):
    id: int
    question_id: int
    author_id: int
    author_name: str
    body: str
    body_html: str
    vote_count: int
    voted: bool
    accepted: bool
    created_at: dt.datetime
    edited_at: dt.datetime | None
    comments: list[CommentOut]


class QuestionOut(BaseModel):
    id: int
    title: str
    body: str
    body_html: str
    details: str
    goal: str
    tried: str
    good_answer: str
    status: str
    answer_count: int
    accepted_answer_id: int | None
    duplicate_of_id: int | None
    topics: list[str]
    audience: str
    department: str | None
    anonymous: bool
    asker_id: int | None = Field(
        description="Null when anonymous, but for the asker and moderators"
    )
    asker_name: str | None
    asked_by_me: bool
    created_at: dt.datetime
    edited_at: dt.datetime | None
    url: str


class QuestionDetailOut(QuestionOut):
    answers: list[AnswerOut]
    comments: list[CommentOut]
    duplicate_ids: list[int]


class QuestionListOut(BaseModel):
    results: list[QuestionOut]
    next_cursor: str | None


class SimilarHitOut(BaseModel):
    id: int
    title: str
    url: str
    status: str
    answer_count: int
    accepted: bool


class TopicOut(BaseModel):
    slug: str
    name: str


class SimilarOut(BaseModel):
    results: list[SimilarHitOut]
    topics: list[TopicOut]


class VoteOut(BaseModel):
    answer_id: int
    vote_count: int
    voted: bool


def _comment_out(post) -> CommentOut:
    return CommentOut(
        id=post.pk,
        author_id=post.author_id if post.author.is_active else None,
        author_name=post.author.full_name,
        body=post.body,
        body_html=post.body_html,
        created_at=post.created_at,
    )


def _question_out(viewer, question: Question, post=None, cls=QuestionOut, **extra):
    post = post or question.post
    asker = shown_asker(viewer, question)
    return cls(
        id=question.pk,
        title=post.title,
        body=post.body,
        body_html=post.body_html,
        details=question.details,
        goal=question.goal,
        tried=question.tried,
        good_answer=question.good_answer,
        status=question.status,
        answer_count=question.answer_count,
        accepted_answer_id=question.accepted_answer_id,
        duplicate_of_id=visible_original_id(viewer, question),
        topics=[t.slug for t in getattr(post, "topic_list", [])],
        audience=post.audience,
        department=post.department.slug if post.department_id else None,
        anonymous=question.is_anonymous,
        asker_id=asker.pk if asker is not None else None,
        asker_name=asker.full_name if asker is not None else None,
        asked_by_me=question.asker_id == viewer.pk,
        created_at=post.created_at,
        edited_at=post.edited_at,
        url=question_url(post),
        **extra,
    )


def _detail(viewer, question: Question) -> QuestionDetailOut:
    page = question_page(viewer, question)
    return _question_out(
        viewer,
        question,
        page.post,
        QuestionDetailOut,
        answers=[
            AnswerOut(
                id=a.post.pk,
                question_id=question.pk,
                author_id=a.post.author_id,
                author_name=a.post.author.full_name,
                body=a.post.body,
                body_html=a.post.body_html,
                vote_count=a.post.vote_count,
                voted=a.voted,
                accepted=a.accepted,
                created_at=a.post.created_at,
                edited_at=a.post.edited_at,
                comments=[_comment_out(c) for c in a.comments],
            )
            for a in page.answers
        ],
        comments=[_comment_out(c) for c in page.comments],
        duplicate_ids=[d.pk for d in page.duplicates],
    )


@router.post("/questions", response={201: QuestionDetailOut}, summary="Ask a question")
def ask(request: HttpRequest, payload: QuestionIn):
    department = None
    if payload.department:
        department = departments_visible_to(request.auth).filter(slug=payload.department).first()
        if department is None:
            raise ValidationError({"department": "No such department."})
    question = actions.ask_question(
        request.auth,
        title=payload.title,
        body=payload.body,
        goal=payload.goal,
        tried=payload.tried,
        good_answer=payload.good_answer,
        topics=payload.topics,
        audience=payload.audience,
        department=department,
        anonymous=payload.anonymous,
    )
    return Status(
        201, _detail(request.auth, access_question(request.auth, question_id=question.pk))
    )


class SimilarQuery(Schema):
    title: str = Field("", max_length=200)
    body: str = Field("", max_length=5000, description="Only its first 1,500 characters are read")
    limit: int = Field(5, ge=1, le=20)


@router.get(
    "/questions/similar",
    response=SimilarOut,
    summary="Questions like this one (has this been asked before?) and topics for it",
)
def similar(request: HttpRequest, query: Query[SimilarQuery]):
    from knowflow.search.queries import similar as find_similar
    from knowflow.search.queries import suggest_topics

    body = query.body[:1500]
    hits = find_similar(request.auth, title=query.title, body=body, limit=max(query.limit, 10))
    topics = suggest_topics(request.auth, title=query.title, body=body, similar_hits=hits)
    hits = hits[: query.limit]
    return SimilarOut(
        results=[
            SimilarHitOut(
                id=h.post_id,
                title=h.title,
                url=h.url,
                status=h.status,
                answer_count=h.answer_count,
                accepted=h.accepted,
            )
            for h in hits
        ],
        topics=[TopicOut(slug=t.slug, name=t.name) for t in topics],
    )


class ListQuery(Schema):
    status: Literal["any", "unanswered"] = "any"
    scope: Literal["all", "for_me", "mine"] = "all"
    topic: str = ""
    department: str = ""
    cursor: str = ""
    limit: int = Field(20, ge=1, le=100)


@router.get("/questions", response=QuestionListOut, summary="Questions, newest first")
def list_questions(request: HttpRequest, query: Query[ListQuery]):
    viewer = request.auth
    try:
        topic = resolve_topic(query.topic) if query.topic else None
    except ValidationError as exc:
        raise ValidationError({"topic": exc.messages}) from None
    department = access_department(viewer, slug=query.department) if query.department else None
    view = {"for_me": "for_me", "mine": "mine"}.get(query.scope, "newest")
    if query.status == "unanswered":
        if view != "newest":
            raise ValidationError({"status": "unanswered combines with scope=all only."})
        view = "unanswered"
    rows, next_cursor = question_list(
        viewer,
        view=view,
        topic=topic,
        department=department,
        cursor=decode_cursor(query.cursor),
        limit=query.limit,
    )
    return QuestionListOut(
        results=[_question_out(viewer, q) for q in rows],
        next_cursor=encode_cursor(next_cursor) if next_cursor else None,
    )


@router.get("/questions/{int:question_id}", response=QuestionDetailOut, summary="One question")
def get_question(request: HttpRequest, question_id: int):
    return _detail(request.auth, access_question(request.auth, question_id=question_id))


@router.post(
    "/questions/{int:question_id}/answers", response={201: AnswerOut}, summary="Answer a question"
)
def answer(request: HttpRequest, question_id: int, payload: AnswerIn):
    question = access_question(request.auth, question_id=question_id)
    post = actions.answer_question(request.auth, question, body=payload.body)
    post = access_post(request.auth, post_id=post.pk)
    decorate(request.auth, [post])
    return Status(
        201,
        AnswerOut(
            id=post.pk,
            question_id=question.pk,
            author_id=post.author_id,
            author_name=post.author.full_name,
            body=post.body,
            body_html=post.body_html,
            vote_count=post.vote_count,
            voted=False,
            accepted=False,
            created_at=post.created_at,
            edited_at=post.edited_at,
            comments=[],
        ),
    )


@router.post(
    "/answers/{int:answer_id}/accept",
    response=QuestionOut,
    summary="Accept an answer (the asker or a moderator), or withdraw the acceptance",
)
def accept(request: HttpRequest, answer_id: int, payload: AcceptIn):
    post = access_answer(request.auth, answer_id=answer_id)
    question = access_question(request.auth, question_id=post.root_id)
    if payload.remove:
        actions.unaccept_answer(request.auth, question, answer=post)
    else:
        actions.accept_answer(request.auth, post)
    question = access_question(request.auth, question_id=post.root_id)
    decorate(request.auth, [question.post])
    return _question_out(request.auth, question)


@router.post("/answers/{int:answer_id}/votes", response=VoteOut, summary="Vote an answer up")
def vote(request: HttpRequest, answer_id: int, payload: VoteIn):
    post = access_answer(request.auth, answer_id=answer_id)
    if payload.remove:
        actions.unvote_answer(request.auth, post)
    else:
        actions.vote_answer(request.auth, post)
    post.refresh_from_db(fields=["vote_count"])
    from .models import AnswerVote

    voted = AnswerVote.objects.filter(answer=post, user=request.auth).exists()
    return VoteOut(answer_id=post.pk, vote_count=post.vote_count, voted=voted)
