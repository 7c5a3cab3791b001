"""The notifications page, its settings, the header badge, and opening a notification."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from knowflow.core.htmx import render_page
from knowflow.core.pagination import Page, paginate, parse_page_number

from . import actions
from .forms import MarkReadForm, PreferencesForm
from .queries import access_notification, notifications_for, preferences_for, unread_count

PER_PAGE = 30
# htmx stops polling when a response has this status (the session ended: nothing to show).
HTMX_STOP_POLLING = 286


def _page(request: HttpRequest, number: int) -> Page:
    return paginate(notifications_for(request.user), page=number, per_page=PER_PAGE)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    # Opening the page marks nothing read: people mark read themselves, or open an item.
    page = _page(request, parse_page_number(request.GET.get("page")))
    return render_page(request, "notifications/list.html", {"page": page}, partial="list")


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    number = parse_page_number(request.POST.get("page"))
    form = MarkReadForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            actions.mark_read(request.user, notification_ids=form.notification_ids())
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(form.errors["id"])
    if error:
        return render_page(
            request,
            "notifications/list.html",
            {"page": _page(request, number), "error": error},
            partial="list",
            status=400,
        )
    if request.htmx:
        response = render(request, "notifications/list.html#list", {"page": _page(request, number)})
        response["HX-Trigger"] = "notifications-read"  # the header badge refreshes itself
        return response
    url = reverse("notifications:list")
    return redirect(f"{url}?page={number}" if number > 1 else url)


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and follow its link (only ever to this site)."""
    notification = access_notification(request.user, notification_id=notification_id)
    if notification.is_unread:
        actions.mark_read(request.user, notification_ids=[notification.pk])
    target = notification.target_url
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:list")
    return redirect(target)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            actions.set_preferences(request.user, choices=form.choices())
            messages.success(request, _("Your notification choices are saved."))
            return redirect("notifications:settings")
    else:
        wanted = [kind for kind, on in preferences_for(request.user).items() if on]
        form = PreferencesForm(initial={"in_app": wanted})
    return render(
        request,
        "notifications/settings.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@never_cache
def badge(request: HttpRequest) -> HttpResponse:
    """The header's link with the unread count; polled by htmx every 30 seconds."""
    if not request.user.is_authenticated:
        # Polling from a page whose session expired must not swap the sign-in page in.
        if request.htmx:
            return HttpResponse(status=HTMX_STOP_POLLING)
        return redirect_to_login(request.get_full_path())
    count = unread_count(request.user)
    if request.htmx and request.GET.get("shown") == str(count):
        # Unchanged: 204 makes htmx keep what is there, so screen readers hear nothing new.
        return HttpResponse(status=204)
    # The page the badge sits on (for aria-current), as htmx reports it.
    path = (request.htmx.current_url_abs_path or "") if request.htmx else ""
    # Rendered without the request's context processors: every open tab polls this, and the
    # fragment needs none of what they add (the organization row, messages).
    html = render_to_string("notifications/_badge.html", {"count": count, "path": path})
    return HttpResponse(html)
