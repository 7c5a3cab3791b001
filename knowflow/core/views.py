"""Site-wide pages: home, health check, uploaded files."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from knowflow.network.queries import followed_topics
from knowflow.people.queries import helpers_for, person_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    me = person_view(viewer, viewer)
    learn = me.topics.get("want_to_learn") or []
    # People who could help with what I want to learn: mentors first, then skilled colleagues.
    helpers = helpers_for(viewer, topics=learn)
    profile = viewer.profile
    checklist = [
        ("photo", bool(profile.photo)),
        ("title", bool(profile.title)),
        ("department", bool(profile.department_id)),
        ("bio", bool(profile.bio)),
        ("skills", bool(me.topics.get("skill"))),
        ("want_to_learn", bool(learn)),
    ]
    return render(
        request,
        "core/home.html",
        {
            "me": me,
            "helpers": helpers,
            "topics": followed_topics(viewer)[:20],
            "checklist": checklist,
            "completion": round(100 * sum(1 for _k, ok in checklist if ok) / len(checklist)),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness and database check for load balancers and `knowflow healthcheck`."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return JsonResponse({"status": "error", "database": str(exc)[:200]}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def media(request: HttpRequest, name: str) -> HttpResponse:
    """Serve an uploaded file to signed-in people only (photos are not public on the web)."""
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("No such file.")
    content_type, _enc = mimetypes.guess_type(path.name)
    response = FileResponse(
        path.open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
