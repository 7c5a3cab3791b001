"""Writes to accounts: creating people, invitations, account settings."""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, Invitation, User, validate_timezone

logger = logging.getLogger(__name__)


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
    return user


def update_account(user: User, *, full_name: str, timezone_name: str) -> User:
    """Change a person's display name or time zone."""
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Your name cannot be empty.")})
    validate_timezone(timezone_name)
    user.full_name = full_name
    user.timezone = timezone_name
    user.save(update_fields=["full_name", "timezone"])
    return user


def set_account_active(user: User, *, active: bool) -> User:
    """Deactivate (cannot sign in, hidden from the directory, API tokens refused) or reactivate."""
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


def invite_person(*, email: str, full_name: str = "", invited_by: User | None) -> Invitation:
    """Invite an email address to sign in, and send the invitation once the row is committed."""
    email = normalize_email(email)
    if email.endswith(".invalid"):
        # The reserved domain of placeholder accounts (the author of anonymous questions).
        raise ValidationError({"email": _("%(email)s is not a real address.") % {"email": email}})
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.has_usable_password():
        raise ValidationError({"email": _("%(email)s can already sign in.") % {"email": email}})
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name.strip() or (existing.full_name if existing else ""),
        invited_by=invited_by,
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
    if user is None:
        user = create_person(email=invitation.email, full_name=full_name, password=password)
    else:
        user.full_name = full_name.strip() or user.full_name
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["full_name", "password", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    mark_email_verified(user)
    return user


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
