"""API: who knows about a topic or a question's subject, each with why (never a score)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from knowflow.help.queries import access_question
from knowflow.topics.queries import resolve_topic

from .actions import decline_invitation
from .queries import (
    Explained,
    access_invitation,
    answer_figures,
    experts,
    helpers_for_question,
    open_invitations,
    questions_i_could_answer,
)

router = Router(tags=["expertise"])


class EvidenceOut(BaseModel):
    title: str
    url: str


class StepOut(BaseModel):
    id: int
    full_name: str
    how: str = Field(description="trusted, followed or worked_with: how the one before knows them")


class ExpertOut(BaseModel):
    id: int
    full_name: str
    title: str
    department: str | None
    url: str
    reason: str
    evidence: list[EvidenceOut]
    trust_path: list[StepOut] | None = Field(
        None, description="From you to them, at most three steps; null when none is known"
    )


class TopicOut(BaseModel):
    slug: str
    name: str


class ExpertsOut(BaseModel):
    topics: list[TopicOut]
    people: list[ExpertOut]


class ExpertsQuery(Schema):
    topic: str = Field("", max_length=80, description="A topic's slug or name")
    q: str = Field("", max_length=1000, description="Or what you need to know, in words")
    limit: int = Field(10, ge=1, le=20)


class HelpersQuery(Schema):
    limit: int = Field(3, ge=1, le=10)


def _out(found: list[Explained]) -> list[ExpertOut]:
    return [
        ExpertOut(
            id=e.person.pk,
            full_name=e.person.full_name,
            title=e.person.profile.title,
            department=e.person.profile.department.name if e.person.profile.department_id else None,
            url=reverse("people:profile", args=[e.person.pk]),
            reason=e.reason,
            evidence=[EvidenceOut(title=t, url=u) for t, u in e.evidence],
            trust_path=[
                StepOut(id=s.person.pk, full_name=s.person.full_name, how=s.how) for s in e.path
            ]
            if e.path is not None
            else None,
        )
        for e in found
    ]


@router.get("/experts", response=ExpertsOut, summary="Who knows about a topic, or about this")
def list_experts(request: HttpRequest, query: Query[ExpertsQuery]):
    if not query.topic.strip() and not query.q.strip():
        raise ValidationError({"q": [_("Give a topic or some words.")]})
    try:
        topic = resolve_topic(query.topic) if query.topic.strip() else None
    except ValidationError as exc:
        raise ValidationError({"topic": exc.messages}) from None
    topics, found = experts(request.auth, topic=topic, text=query.q, limit=query.limit)
    return ExpertsOut(
        topics=[TopicOut(slug=t.slug, name=t.name) for t in topics], people=_out(found)
    )


class CouldAnswerOut(BaseModel):
    question_id: int
    title: str
    url: str
    status: str
    answer_count: int
    reason: str
    invited: bool


@router.get(
    "/questions/could-answer",
    response=list[CouldAnswerOut],
    summary="Questions I could answer (open, on topics I know)",
)
def could_answer(request: HttpRequest, query: Query[HelpersQuery]):
    from knowflow.help.queries import question_url

    return [
        CouldAnswerOut(
            question_id=c.question.pk,
            title=c.question.post.title,
            url=question_url(c.question.post),
            status=c.question.status,
            answer_count=c.question.answer_count,
            reason=c.reason,
            invited=c.invited,
        )
        for c in questions_i_could_answer(request.auth, limit=query.limit * 5)
    ]


@router.get(
    "/questions/{question_id}/suggested-helpers",
    response=list[ExpertOut],
    summary="People likely to answer this question, with why",
)
def suggested_helpers(request: HttpRequest, question_id: int, query: Query[HelpersQuery]):
    question = access_question(request.auth, question_id=question_id)
    return _out(helpers_for_question(request.auth, question, limit=query.limit))


class InvitationOut(BaseModel):
    id: int
    question_id: int
    title: str
    url: str
    reason: str
    status: str
    created_at: dt.datetime


class DeclineIn(Schema):
    not_my_area: bool = Field(
        False, description="Outside what I know: don't ask me about these topics"
    )


@router.get(
    "/invitations", response=list[InvitationOut], summary="Questions I was asked to help with"
)
def my_invitations(request: HttpRequest):
    return [_invitation_out(i) for i in open_invitations(request.auth)]


@router.post(
    "/invitations/{invitation_id}/decline",
    response=InvitationOut,
    summary="Decline an invitation to help",
)
def decline(request: HttpRequest, invitation_id: int, payload: DeclineIn):
    invitation = access_invitation(request.auth, invitation_id=invitation_id)
    invitation = decline_invitation(request.auth, invitation, not_my_area=payload.not_my_area)
    return _invitation_out(invitation)


def _invitation_out(invitation) -> InvitationOut:
    from knowflow.help.queries import question_url

    post = invitation.question.post
    return InvitationOut(
        id=invitation.pk,
        question_id=invitation.question_id,
        title=post.title,
        url=question_url(post),
        reason=invitation.reason,
        status=invitation.status,
        created_at=invitation.created_at,
    )


class FiguresQuery(Schema):
    by: Literal["topic", "department"] = "topic"
    days: int = Field(90, ge=1, le=3660)


class FiguresOut(BaseModel):
    key: str
    label: str
    questions: int
    answered_share: float | None = Field(
        description="null when the group has fewer questions than the minimum group size"
    )
    median_hours_to_first_answer: float | None


@router.get(
    "/insights/answers",
    response=list[FiguresOut],
    summary="Share of questions answered and median time to a first answer, per topic or "
    "department (aggregate only)",
)
def answer_insights(request: HttpRequest, query: Query[FiguresQuery]):
    return [
        FiguresOut(**f.__dict__) for f in answer_figures(request.auth, by=query.by, days=query.days)
    ]
