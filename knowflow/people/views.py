"""People pages: the directory, profiles, and editing one's own profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowflow.accounts.actions import update_account
from knowflow.core.forms import add_action_errors
from knowflow.core.htmx import render_page
from knowflow.core.pagination import parse_page_number
from knowflow.expertise.actions import set_suggested
from knowflow.expertise.queries import endorsements_of, is_suggested
from knowflow.network.queries import follower_count, is_following_person, my_trust
from knowflow.posts.queries import is_muted, person_posts

from . import actions
from .forms import DirectoryForm, PhotoForm, ProfileForm, TimelineEntryForm
from .models import OPTIONAL_FIELDS, TopicKind, Visibility
from .queries import (
    KIND_FIELD,
    DirectoryFilters,
    access_person,
    name_suggestions,
    people_visible_to,
    person_view,
    search_people,
)
from .services import directory_filters_from


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None, viewer=request.user)
    errors: dict[str, list[str]] = {}
    try:
        filters = directory_filters_from(request.user, request.GET)
    except ValidationError as exc:
        errors = exc.message_dict
        filters = DirectoryFilters()
    for field, messages_ in errors.items():
        if field in form.fields:
            form.add_error(field, messages_)
    page = search_people(
        request.user, filters=filters, page=parse_page_number(request.GET.get("page")), per_page=24
    )
    # A typo or a missing accent finds no one by the text itself: offer the closest names.
    did_you_mean = (
        name_suggestions(request.user, filters=filters)
        if filters.text and not page.items and page.number == 1
        else []
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "people/directory.html",
        {
            "form": form,
            "page": page,
            "did_you_mean": did_you_mean,
            "filters": filters,
            "errors": errors,
            "querystring": query.urlencode(),
        },
        partial="results",
    )


@login_required
def profile(request: HttpRequest, user_id: int) -> HttpResponse:
    person = access_person(request.user, user_id=user_id)
    view = person_view(request.user, person)
    feed = person_posts(request.user, person, limit=5)
    # Colleagues endorse what someone says they know (skills, ask me about), as shown here.
    endorsed_kinds = (TopicKind.SKILL, TopicKind.ASK_ME_ABOUT)
    endorsements = endorsements_of(
        request.user,
        person,
        topic_ids=[t.pk for kind in endorsed_kinds for t in view.topics.get(kind) or []],
    )
    topic_lists = {
        kind: None
        if topics is None
        else [(t, endorsements[t.pk] if kind in endorsed_kinds else None) for t in topics]
        for kind, topics in view.topics.items()
    }
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "view": view,
            "topic_lists": topic_lists,
            "can_endorse": not view.is_self,
            "is_following": is_following_person(request.user, person)
            if not view.is_self
            else False,
            "trust": my_trust(request.user, person) if not view.is_self else None,
            "follower_count": follower_count(person),
            "posts": feed.posts,
            "more_posts": feed.next_cursor is not None,
            "is_muted": is_muted(request.user, person=person) if not view.is_self else False,
            "visibility_rows": [
                (label, Visibility(view.profile.visibility_of(f)).label)
                for f, label in OPTIONAL_FIELDS.items()
            ]
            if view.is_self
            else [],
        },
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return redirect("people:profile", user_id=request.user.pk)


def _initial(user) -> dict:
    p = user.profile
    topics: dict[str, list[str]] = {k: [] for k in TopicKind.values}
    for row in user.profile_topics.select_related("topic").order_by("topic__name"):
        topics[row.kind].append(row.topic.name)
    data = {
        "full_name": user.full_name,
        "title": p.title,
        "department": p.department_id,
        "location": p.location_id,
        "manager": f"{p.manager.full_name} <{p.manager.email}>" if p.manager else "",
        "timezone": user.timezone,
        "bio": p.bio,
        "aspirations": p.aspirations,
        "suggested": is_suggested(user),
        **{KIND_FIELD[k]: ", ".join(v) for k, v in topics.items()},
    }
    for name in OPTIONAL_FIELDS:
        data[f"visibility_{name}"] = p.visibility_of(name)
    return data


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    update_account(
                        user, full_name=data["full_name"], timezone_name=data["timezone"]
                    )
                    actions.update_profile(
                        user,
                        title=data["title"],
                        department=data["department"],
                        location=data["location"],
                        manager=data["manager"],
                        bio=data["bio"],
                        aspirations=data["aspirations"],
                    )
                    for kind, field_name in KIND_FIELD.items():
                        actions.set_profile_topics(user, kind=kind, names=data[field_name])
                    actions.set_visibility(user, choices=form.visibility_choices())
                    set_suggested(user, suggested=data["suggested"])
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("people:profile", user_id=user.pk)
    else:
        form = ProfileForm(initial=_initial(user), user=user)
    return render(
        request,
        "people/edit.html",
        {
            "form": form,
            "photo_form": PhotoForm(),
            "timeline_form": TimelineEntryForm(),
            "timeline": user.timeline.all(),
            "profile": user.profile,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def upload_photo(request: HttpRequest) -> HttpResponse:
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.set_photo(request.user, upload=form.cleaned_data["photo"])
        except ValidationError as exc:
            form.add_error("photo", exc.messages)
    if form.errors:
        return (
            render(
                request,
                "people/edit.html#photo",
                {"photo_form": form, "profile": request.user.profile},
                status=400,
            )
            if request.htmx
            else render(
                request,
                "people/edit.html",
                {
                    "form": ProfileForm(initial=_initial(request.user), user=request.user),
                    "photo_form": form,
                    "timeline_form": TimelineEntryForm(),
                    "timeline": request.user.timeline.all(),
                    "profile": request.user.profile,
                },
                status=400,
            )
        )
    messages.success(request, _("Your photo is updated."))
    return redirect("people:edit")


@login_required
@require_POST
def remove_photo(request: HttpRequest) -> HttpResponse:
    actions.remove_photo(request.user)
    messages.success(request, _("Your photo is removed."))
    return redirect("people:edit")


@login_required
@require_POST
def add_timeline_entry(request: HttpRequest) -> HttpResponse:
    form = TimelineEntryForm(request.POST)
    if form.is_valid():
        try:
            actions.add_timeline_entry(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            form = TimelineEntryForm()
    status = 400 if form.errors else 200
    return render_page(
        request,
        "people/edit.html",
        {
            "form": ProfileForm(initial=_initial(request.user), user=request.user),
            "photo_form": PhotoForm(),
            "timeline_form": form,
            "timeline": request.user.timeline.all(),
            "profile": request.user.profile,
        },
        partial="timeline",
        status=status,
    )


@login_required
@require_POST
def delete_timeline_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        actions.delete_timeline_entry(request.user, entry_id=entry_id)
    except ValidationError:
        pass  # already gone: the list below shows the truth
    return render_page(
        request,
        "people/edit.html",
        {
            "form": ProfileForm(initial=_initial(request.user), user=request.user),
            "photo_form": PhotoForm(),
            "timeline_form": TimelineEntryForm(),
            "timeline": request.user.timeline.all(),
            "profile": request.user.profile,
        },
        partial="timeline",
    )


@login_required
def autocomplete(request: HttpRequest) -> HttpResponse:
    """`<option>`s of people matching a name, for the people pickers (a manager, a colleague
    to forward an invitation to)."""
    q = (request.GET.get("manager") or request.GET.get("to") or request.GET.get("q") or "").strip()
    people = []
    if len(q) >= 2:
        people = list(
            people_visible_to(request.user)
            .filter(Q(full_name__icontains=q) | Q(email__istartswith=q))
            .exclude(pk=request.user.pk)
            .order_by("full_name")[:10]
        )
    return render(request, "people/edit.html#manager-options", {"options": people})
