"""Follow and trust buttons, and the page of one's own network."""

from __future__ import annotations

from collections.abc import Callable

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


def _toggle(
    request: HttpRequest,
    *,
    turn_off: str,
    on: Callable[[], object],
    off: Callable[[], object],
    partial: str,
    state: Callable[[], dict],
    fallback: str,
) -> HttpResponse:
    """One on/off button (follow, trust): POST action=<turn_off> turns it off, anything else
    on. htmx gets the button again; a plain form goes back to where it was."""
    if request.POST.get("action") == turn_off:
        off()
    else:
        try:
            on()
        except ValidationError:
            pass  # following or trusting oneself: the button is never shown for that
    if request.htmx:
        return render(request, partial, state())
    return _back(request, fallback)


@login_required
@require_POST
def toggle_follow_person(request: HttpRequest, user_id: int) -> HttpResponse:
    me, person = request.user, access_person(request.user, user_id=user_id)
    return _toggle(
        request,
        turn_off="unfollow",
        on=lambda: actions.follow_person(me, person=person),
        off=lambda: actions.unfollow_person(me, person=person),
        partial="network/buttons.html#follow-person",
        state=lambda: {"person": person, "is_following": is_following_person(me, person)},
        fallback=reverse("people:profile", args=[person.pk]),
    )


@login_required
@require_POST
def toggle_trust(request: HttpRequest, user_id: int) -> HttpResponse:
    me, person = request.user, access_person(request.user, user_id=user_id)
    return _toggle(
        request,
        turn_off="untrust",
        on=lambda: actions.trust_colleague(me, colleague=person),
        off=lambda: actions.untrust_colleague(me, colleague=person),
        partial="network/buttons.html#trust",
        state=lambda: {"person": person, "trust": my_trust(me, person)},
        fallback=reverse("people:profile", args=[person.pk]),
    )


@login_required
@require_POST
def toggle_follow_topic(request: HttpRequest, slug: str) -> HttpResponse:
    me, topic = request.user, access_topic(request.user, slug=slug)
    return _toggle(
        request,
        turn_off="unfollow",
        on=lambda: actions.follow_topic(me, topic=topic),
        off=lambda: actions.unfollow_topic(me, topic=topic),
        partial="network/buttons.html#follow-topic",
        state=lambda: {"topic": topic, "is_following": is_following_topic(me, topic)},
        fallback=reverse("topics:detail", args=[topic.slug]),
    )


@login_required
@require_POST
def toggle_follow_department(request: HttpRequest, slug: str) -> HttpResponse:
    me, department = request.user, access_department(request.user, slug=slug)
    return _toggle(
        request,
        turn_off="unfollow",
        on=lambda: actions.follow_department(me, department=department),
        off=lambda: actions.unfollow_department(me, department=department),
        partial="network/buttons.html#follow-department",
        state=lambda: {
            "department": department,
            "is_following": is_following_department(me, department),
        },
        fallback=reverse("org:department", args=[department.slug]),
    )


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
