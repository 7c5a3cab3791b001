"""Writes of the expertise app: endorsements and opting out of suggestions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from knowflow.topics.queries import topics_visible_to

from .models import Endorsement, NotSuggested


def endorse(endorser, person, topic) -> bool:
    """Vouch that `person` knows `topic`; once per pair and topic (False when it was already
    there). Nobody endorses themselves, or on a topic they cannot see."""
    if not getattr(endorser, "is_active", False) or not person.is_active:
        raise PermissionDenied
    if endorser.pk == person.pk:
        raise ValidationError(_("You can't endorse yourself."))
    if not topics_visible_to(endorser).filter(pk=topic.pk).exists():
        raise PermissionDenied
    try:
        with transaction.atomic():
            Endorsement.objects.create(
                endorser=endorser, person=person, topic=topic, created_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True


def withdraw_endorsement(endorser, person, topic) -> bool:
    """Take one's endorsement back; False when there was none."""
    deleted, _rows = Endorsement.objects.filter(
        endorser=endorser, person=person, topic=topic
    ).delete()
    return bool(deleted)


def set_suggested(user, *, suggested: bool) -> None:
    """Whether the router may suggest this person and "who knows" may list them."""
    if suggested:
        NotSuggested.objects.filter(user=user).delete()
    else:
        NotSuggested.objects.get_or_create(user=user, defaults={"created_at": timezone.now()})
