"""API: following people and topics."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from knowflow.people.queries import access_person
from knowflow.topics.queries import access_topic

from . import actions
from .queries import followed_people, followed_topics

router = Router(tags=["follows"])


class FollowingOut(Schema):
    people: list[int]
    topics: list[str]


class FollowState(Schema):
    following: bool


@router.get("/me/following", response=FollowingOut, summary="What I follow")
def my_following(request: HttpRequest):
    viewer = request.auth
    return FollowingOut(
        people=list(followed_people(viewer).values_list("pk", flat=True)),
        topics=list(followed_topics(viewer).values_list("slug", flat=True)),
    )


@router.post("/people/{int:person_id}/follow", response=FollowState, summary="Follow a person")
def follow_person(request: HttpRequest, person_id: int):
    actions.follow_person(request.auth, person=access_person(request.auth, user_id=person_id))
    return FollowState(following=True)


@router.delete("/people/{int:person_id}/follow", response=FollowState, summary="Unfollow a person")
def unfollow_person(request: HttpRequest, person_id: int):
    actions.unfollow_person(request.auth, person=access_person(request.auth, user_id=person_id))
    return FollowState(following=False)


@router.post("/topics/{slug}/follow", response=FollowState, summary="Follow a topic")
def follow_topic(request: HttpRequest, slug: str):
    actions.follow_topic(request.auth, topic=access_topic(request.auth, slug=slug))
    return FollowState(following=True)


@router.delete("/topics/{slug}/follow", response=FollowState, summary="Unfollow a topic")
def unfollow_topic(request: HttpRequest, slug: str):
    actions.unfollow_topic(request.auth, topic=access_topic(request.auth, slug=slug))
    return FollowState(following=False)
