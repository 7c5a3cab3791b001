"""Account pages of our own: accepting an invitation, settings, API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions
from .forms import AcceptInvitationForm
from .models import Invitation


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(
            request, "accounts/invitation_invalid.html", status=410 if invitation else 404
        )
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.accept_invitation(
                invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            login(request, user, backend="knowflow.accounts.backends.ModelBackend")
            messages.success(
                request, _("Welcome! Start by telling colleagues what you know and want to learn.")
            )
            return redirect("people:edit")
    return render(
        request,
        "accounts/accept_invitation.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    secret = None
    error = None
    if request.method == "POST":
        try:
            _token, secret = actions.create_api_token(
                request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": request.user.api_tokens.all(), "secret": secret, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    actions.revoke_api_token(request.user, token_id=token_id)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens")
