"""People's accounts: who can sign in, and the invitations that let them."""

from __future__ import annotations

import secrets
import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(known_timezones())]


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    # available_timezones() walks the tz database on disk on every call (~13 ms).
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value and value not in known_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager["User"]):
    """Creates accounts keyed by email (there is no separate username)."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person of the organization; signs in with an email address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, default="", validators=[validate_timezone]
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "id"]
        indexes = [
            models.Index(Lower("full_name"), name="user_full_name_lower"),
            # The directory lists people by name; this index serves its ORDER BY and paging.
            models.Index(fields=["full_name", "id"], name="user_directory_order"),
            # The few deactivated accounts, read whole whenever helpers are ranked (they are
            # never suggested): without it, every account is read to find them.
            models.Index(fields=["id"], condition=models.Q(is_active=False), name="user_inactive"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def initials(self) -> str:
        parts = [p for p in self.full_name.split() if p]
        if not parts:
            return self.email[:1].upper()
        return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timezone.timedelta(days=settings.KNOWFLOW_INVITATION_DAYS)


class Invitation(models.Model):
    """An admin's invitation for one email address to join (or start signing in)."""

    email = models.EmailField(_("email address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An imported person (no real address yet) whom this invitation lets sign in: accepting
    # gives that account the invited address, so their imported posts stay theirs.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("An imported person this invitation is for (their posts stay theirs)."),
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), name="invitation_email_lower")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """A personal token for the REST API; only a hash of the secret is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
