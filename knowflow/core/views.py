"""Site-wide pages: home, health check, uploaded files, the benchmark baseline."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache


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


def hello(request: HttpRequest) -> HttpResponse:
    """A constant answer, no database and no sign-in: the baseline of `knowflow bench feed`."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def media(request: HttpRequest, name: str) -> HttpResponse:
    """Serve a profile photo to signed-in people only (photos are not public on the web)."""
    # Only profile photos are served here; other uploads (post attachments) have their own
    # views that check who may see them.
    root = (Path(settings.MEDIA_ROOT) / "photos").resolve()
    path = (Path(settings.MEDIA_ROOT) / name).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("No such file.")
    content_type, _enc = mimetypes.guess_type(path.name)
    response = FileResponse(
        path.open("rb"), content_type=content_type or "application/octet-stream"
    )
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
