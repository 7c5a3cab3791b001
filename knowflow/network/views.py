"""Follow and trust buttons, and the page of one's own network."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from knowflow.org.queries import access_department
from knowflow.people.queries import access_person, person_cards
from knowflow.topics.queries import access_topic

from . import actions
from .queries import (
    followed_departments,
    followed_people,
    followed_topics,
    is_following_department,
    is_following_person,
    is_following_topic,
    my_trust,
    my_trusted_colleagues,
)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Return to the page the button was on (only ever a local URL)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target)


@login_required
@require_POST
def toggle_follow_person(request: HttpRequest, user_id: int) -> HttpResponse:
    person = access_person(request.user, user_id=user_id)
    if request.POST.get("action") == "unfollow":
        actions.unfollow_person(request.user, person=person)
    else:
        try:
            actions.follow_person(request.user, person=person)
        except ValidationError:
            pass  # following oneself: the button is never shown for that
    if request.htmx:
        return render(
            request,
            "network/buttons.html#follow-person",
            {"person": person, "is_following": is_following_person(request.user, person)},
        )
    return _back(request, reverse("people:profile", args=[person.pk]))


@login_required
@require_POST
def toggle_trust(request: HttpRequest, user_id: int) -> HttpResponse:
    person = access_person(request.user, user_id=user_id)
    if request.POST.get("action") == "untrust":
        actions.untrust_colleague(request.user, colleague=person)
    else:
        try:
            actions.trust_colleague(request.user, colleague=person)
        except ValidationError:
            pass
    if request.htmx:
        return render(
            request,
            "network/buttons.html#trust",
            {"person": person, "trust": my_trust(request.user, person)},
        )
    return _back(request, reverse("people:profile", args=[person.pk]))


@login_required
@require_POST
def toggle_follow_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = access_topic(request.user, slug=slug)
    if request.POST.get("action") == "unfollow":
        actions.unfollow_topic(request.user, topic=topic)
    else:
        actions.follow_topic(request.user, topic=topic)
    if request.htmx:
        return render(
            request,
            "network/buttons.html#follow-topic",
            {"topic": topic, "is_following": is_following_topic(request.user, topic)},
        )
    return _back(request, reverse("topics:detail", args=[topic.slug]))


@login_required
@require_POST
def toggle_follow_department(request: HttpRequest, slug: str) -> HttpResponse:
    department = access_department(request.user, slug=slug)
    if request.POST.get("action") == "unfollow":
        actions.unfollow_department(request.user, department=department)
    else:
        actions.follow_department(request.user, department=department)
    if request.htmx:
        return render(
            request,
            "network/buttons.html#follow-department",
            {
                "department": department,
                "is_following": is_following_department(request.user, department),
            },
        )
    return _back(request, reverse("org:department", args=[department.slug]))


@login_required
def my_network(request: HttpRequest) -> HttpResponse:
    people = list(
        followed_people(request.user).select_related("profile__department", "profile__location")
    )
    return render(
        request,
        "network/mine.html",
        {
            "following": person_cards(request.user, people),
            "topics": followed_topics(request.user),
            "departments": followed_departments(request.user),
            "trusted": my_trusted_colleagues(request.user),
        },
    )
