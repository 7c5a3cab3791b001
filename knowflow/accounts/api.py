"""API: authentication and the signed-in person's own account."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.security import HttpBearer

from .actions import hash_token
from .models import ApiToken

router = Router(tags=["me"])


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer kf_...` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str):
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        # Write at most once a minute per token: busy scripts must not turn reads into writes.
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    timezone: str
    is_admin: bool


@router.get("/me", response=MeOut, summary="The signed-in person")
def me(request: HttpRequest):
    user = request.auth
    return MeOut(
        id=user.pk,
        email=user.email,
        full_name=user.full_name,
        timezone=user.timezone,
        is_admin=user.is_staff,
    )
