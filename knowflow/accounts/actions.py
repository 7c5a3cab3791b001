"""Writes to accounts: creating people, invitations, account settings."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from knowflow.core.memo import forget

from .models import ApiToken, Invitation, User, validate_timezone

logger = logging.getLogger(__name__)
# people.queries.PEOPLE_NAMES_KEY: the name-search index (accounts sits below people, so the
# key is spelt out here rather than imported upwards).
PEOPLE_NAMES_KEY = "people:names:v1"


def forget_people_names() -> None:
    """Drop the cached name-search index after a name or an account's activity changes: now,
    so this process finds the new name at once, and again on commit, since another request
    could rebuild it from the old rows in between."""
    forget(PEOPLE_NAMES_KEY)
    transaction.on_commit(lambda: forget(PEOPLE_NAMES_KEY))


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(email)s” is not a valid email address.") % {"email": email[:200]}}
        ) from None
    return email


def create_person(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    timezone_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an account (and, through the signal, its profile). No password: cannot sign in."""
    email = normalize_email(email)
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("A person needs a name.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Someone already uses %(email)s.") % {"email": email}})
    validate_timezone(timezone_name)
    user = User(
        email=email,
        full_name=full_name,
        timezone=timezone_name,
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    forget_people_names()
    return user


def update_account(user: User, *, full_name: str, timezone_name: str) -> User:
    """Change a person's display name or time zone."""
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Your name cannot be empty.")})
    validate_timezone(timezone_name)
    renamed = user.full_name != full_name
    user.full_name = full_name
    user.timezone = timezone_name
    user.save(update_fields=["full_name", "timezone"])
    if renamed:
        forget_people_names()
    return user


def set_account_active(user: User, *, active: bool) -> User:
    """Deactivate (cannot sign in, hidden from the directory, API tokens refused) or reactivate."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        forget_people_names()
    return user


# The reserved domain (RFC 2606) of accounts without a real address: the author of anonymous
# questions (anonymous@knowflow.invalid), people imported from another system
# (user12@ai.stackexchange.com.imported.invalid).
PLACEHOLDER_DOMAIN = ".invalid"
IMPORTED_DOMAIN = ".imported.invalid"


def invite_person(
    *, email: str, full_name: str = "", invited_by: User | None, person: User | None = None
) -> Invitation:
    """Invite an email address to sign in, and send the invitation once the row is committed.
    With `person`, an imported account (which has no real address) is invited at `email`:
    accepting gives it that address, and its imported posts stay its own."""
    email = normalize_email(email)
    if email.endswith(PLACEHOLDER_DOMAIN):
        raise ValidationError({"email": _("%(email)s is not a real address.") % {"email": email}})
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.has_usable_password():
        raise ValidationError({"email": _("%(email)s can already sign in.") % {"email": email}})
    if person is not None:
        if not is_imported_person(person):
            raise ValidationError(
                {"person": _("Only an imported person who cannot sign in yet can be invited.")}
            )
        if existing is not None and existing.pk != person.pk:
            raise ValidationError(
                {"email": _("Someone else already uses %(email)s.") % {"email": email}}
            )
        existing = person
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip() or (existing.full_name if existing else ""),
        invited_by=invited_by,
        person=person,
    )
    transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


def send_invitation(invitation: Invitation) -> None:
    """Email the invitation link and note when it went out."""
    from knowflow.org.queries import get_organization

    link = settings.SITE_URL + reverse("accept_invitation", args=[invitation.token])
    context = {"invitation": invitation, "link": link, "organization": get_organization()}
    send_mail(
        subject=_("You are invited to %(org)s on Knowflow") % {"org": context["organization"].name},
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


@transaction.atomic
def accept_invitation(invitation: Invitation, *, full_name: str, password: str) -> User:
    """Turn an invitation into an account that can sign in (a new one, or an imported one)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or was already used."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if invitation.person_id is not None:
        if user is not None and user.pk != invitation.person_id:
            raise ValidationError(_("Someone else signed up with this address meanwhile."))
        user = User.objects.select_for_update().get(pk=invitation.person_id)
        user.email = invitation.email  # the imported account's placeholder address goes
    if user is None:
        user = create_person(email=invitation.email, full_name=full_name, password=password)
    else:
        user.full_name = full_name.strip() or user.full_name
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["email", "full_name", "password", "is_active"])
        forget_people_names()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    mark_email_verified(user)
    return user


def is_imported_person(user: User) -> bool:
    """An imported person who may be invited: an import's placeholder address, no password
    yet, and active (an import's stand-ins, such as "deleted user", are inactive: nobody may
    take over what many people wrote; nor can anyone become the anonymous author)."""
    return (
        user.email.endswith(IMPORTED_DOMAIN) and user.is_active and not user.has_usable_password()
    )


@dataclass(frozen=True, slots=True)
class ImportedPerson:
    """A person another system knew: a display name, when they joined, a placeholder address."""

    email: str  # ends in IMPORTED_DOMAIN: imports never invent real-looking addresses
    full_name: str
    joined_at: dt.datetime
    # False for stand-ins that are nobody in particular ("deleted user", a site's bot).
    active: bool = True


@transaction.atomic
def create_imported_people(
    people: Sequence[ImportedPerson], *, department_id: int | None = None
) -> list[User]:
    """Create many accounts at once for people of an imported system (and their profiles, in
    `department_id` if given). They cannot sign in (no password, no real address) until an
    admin invites them at a real address (invite_person(person=...)); nobody is emailed."""
    from django.contrib.auth.hashers import (
        UNUSABLE_PASSWORD_PREFIX,
        UNUSABLE_PASSWORD_SUFFIX_LENGTH,
    )

    from knowflow.core.sql import insert_objects
    from knowflow.people.actions import create_profiles

    name_length = User._meta.get_field("full_name").max_length
    users = []
    for person in people:
        email = person.email.strip().lower()
        if not email.endswith(IMPORTED_DOMAIN):
            raise ValidationError(
                {
                    "email": _("Imported people get a placeholder address, not %(email)s.")
                    % {"email": email}
                }
            )
        users.append(
            User(
                email=email,
                full_name=" ".join(person.full_name.split())[:name_length] or email.split("@")[0],
                # Unusable: no sign-in until invited. make_password(None)'s form, its random
                # part drawn at once (make_password draws it a character at a time).
                password=UNUSABLE_PASSWORD_PREFIX
                + secrets.token_hex(UNUSABLE_PASSWORD_SUFFIX_LENGTH // 2),
                date_joined=person.joined_at,
                is_active=person.active,
            )
        )
    insert_objects(users)
    create_profiles([u.pk for u in users], department_id=department_id)
    forget_people_names()
    return users


def mark_email_verified(user: User) -> None:
    """Record the account's email address as verified (an invitation link reached it)."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def create_api_token(user: User, *, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; the secret is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token after what will use it.")})
    if ApiToken.objects.filter(user=user).count() >= 20:
        raise ValidationError(_("You have 20 tokens already; revoke one first."))
    secret = "kf_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:80], prefix=secret[:10], key_hash=hash_token(secret)
    )
    return token, secret


def revoke_api_token(user: User, *, token_id: int) -> None:
    """Delete one of the person's own tokens."""
    ApiToken.objects.filter(user=user, pk=token_id).delete()


def hash_token(secret: str) -> str:
    # Tokens are long random strings, so a fast hash is enough (no dictionary to attack).
    return hashlib.sha256(secret.encode()).hexdigest()
