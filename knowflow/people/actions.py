"""Writes to profiles."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from knowflow.core.images import square_photo
from knowflow.core.markdown import render_markdown
from knowflow.core.sql import insert_rows
from knowflow.org.models import Department, Location
from knowflow.topics.actions import get_or_create_topic

from .models import (
    OPTIONAL_FIELDS,
    Profile,
    ProfileTopic,
    TimelineEntry,
    TimelineKind,
    TopicKind,
    Visibility,
)

MAX_TOPICS_PER_KIND = 30


def create_profile(user) -> Profile:
    """Give a new account its (empty) profile."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def create_profiles(user_ids: list[int], *, department_id: int | None = None) -> None:
    """Give many new accounts (created in bulk, without the signal) their profiles at once."""
    insert_rows(Profile, ("user_id", "department_id"), [(pk, department_id) for pk in user_ids])


def update_profile(
    user,
    *,
    title: str,
    department: Department | None,
    location: Location | None,
    manager=None,
    bio: str,
    aspirations: str,
) -> Profile:
    """Change the descriptive fields of a person's profile."""
    if manager is not None and manager.pk == user.pk:
        raise ValidationError({"manager": _("A person cannot be their own manager.")})
    profile = user.profile
    profile.title = title.strip()
    profile.department = department
    profile.location = location
    profile.manager = manager
    profile.bio = bio.strip()
    profile.bio_html = render_markdown(profile.bio)
    profile.aspirations = aspirations.strip()
    profile.aspirations_html = render_markdown(profile.aspirations)
    profile.save(
        update_fields=[
            "title",
            "department",
            "location",
            "manager",
            "bio",
            "bio_html",
            "aspirations",
            "aspirations_html",
            "updated_at",
        ]
    )
    return profile


@transaction.atomic
def set_profile_topics(user, *, kind: str, names: list[str]) -> list:
    """Replace the person's topics of one kind (skills, ask me about, ...); new names become topics."""
    if kind not in TopicKind.values:
        raise ValidationError(_("Unknown kind of profile topic."))
    cleaned = [n.strip().lstrip("#").strip() for n in names if n and n.strip().lstrip("#").strip()]
    if len(cleaned) > MAX_TOPICS_PER_KIND:
        raise ValidationError(_("At most %(n)s topics per list.") % {"n": MAX_TOPICS_PER_KIND})
    topics = []
    seen: set[int] = set()
    for name in cleaned:
        topic = get_or_create_topic(name=name)
        if topic.pk not in seen:
            seen.add(topic.pk)
            topics.append(topic)
    ProfileTopic.objects.filter(user=user, kind=kind).exclude(topic_id__in=seen).delete()
    existing = set(
        ProfileTopic.objects.filter(user=user, kind=kind).values_list("topic_id", flat=True)
    )
    ProfileTopic.objects.bulk_create(
        [ProfileTopic(user=user, topic=t, kind=kind) for t in topics if t.pk not in existing]
    )
    Profile.objects.filter(user=user).update(updated_at=dt.datetime.now(tz=dt.UTC))
    return topics


def set_visibility(user, *, choices: dict[str, str]) -> Profile:
    """Choose who sees each optional profile field."""
    profile = user.profile
    fields = []
    for field, value in choices.items():
        if field not in OPTIONAL_FIELDS:
            raise ValidationError(
                _("“%(field)s” is not an optional profile field.") % {"field": field}
            )
        if value not in Visibility.values:
            raise ValidationError(_("“%(value)s” is not a visibility choice.") % {"value": value})
        setattr(profile, f"visibility_{field}", value)
        fields.append(f"visibility_{field}")
    if fields:
        profile.save(update_fields=[*fields, "updated_at"])
    return profile


def set_photo(user, *, upload: UploadedFile) -> Profile:
    """Validate, square and store a new profile photo (the old file is removed)."""
    content = square_photo(upload, max_bytes=settings.KNOWFLOW_PHOTO_MAX_BYTES)
    profile = user.profile
    old = profile.photo.name if profile.photo else ""
    # A fresh name per upload so browsers and proxies never show a cached old photo.
    profile.photo.save(f"{user.pk}-{secrets.token_hex(6)}.jpg", content, save=False)
    profile.save(update_fields=["photo", "updated_at"])
    if old:
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    return profile


def remove_photo(user) -> Profile:
    """Remove the profile photo (initials are shown instead)."""
    profile = user.profile
    if profile.photo:
        old = profile.photo.name
        profile.photo = ""
        profile.save(update_fields=["photo", "updated_at"])
        transaction.on_commit(lambda: profile.photo.storage.delete(old))
    return profile


def add_timeline_entry(
    user,
    *,
    kind: str,
    title: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    detail: str = "",
) -> TimelineEntry:
    """Add a role held, a thing learned or a milestone to the person's timeline."""
    if kind not in TimelineKind.values:
        raise ValidationError({"kind": _("Choose a role, something learned or a milestone.")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the entry a title.")})
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": _("The end cannot be before the start.")})
    return TimelineEntry.objects.create(
        user=user,
        kind=kind,
        title=title,
        detail=detail.strip(),
        started_on=started_on,
        ended_on=ended_on,
    )


def delete_timeline_entry(user, *, entry_id: int) -> None:
    """Remove one of the person's own timeline entries."""
    deleted, _rows = TimelineEntry.objects.filter(user=user, pk=entry_id).delete()
    if not deleted:
        raise ValidationError(_("No such timeline entry."))
