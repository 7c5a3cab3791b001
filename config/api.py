"""The REST API: one NinjaAPI, with a router per app, served at /api/v1/ (OpenAPI at /api/v1/docs)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.http.request import RawPostDataException
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth

from knowflow.accounts.api import BearerTokenAuth
from knowflow.accounts.api import router as accounts_router
from knowflow.expertise.api import router as expertise_router
from knowflow.help.api import router as help_router
from knowflow.network.api import router as network_router
from knowflow.notifications.api import router as notifications_router
from knowflow.org.api import router as org_router
from knowflow.people.api import router as people_router
from knowflow.posts.api import router as posts_router
from knowflow.search.api import router as search_router
from knowflow.topics.api import router as topics_router

api = NinjaAPI(
    title="Knowflow API",
    version="1",
    urls_namespace="api",
    auth=[SessionAuth(), BearerTokenAuth()],
    docs_url="/docs",
)

api.add_router("/", accounts_router)
api.add_router("/people", people_router)
api.add_router("/topics", topics_router)
api.add_router("/org", org_router)
api.add_router("/", network_router)
api.add_router("/", posts_router)
api.add_router("/", help_router)
api.add_router("/", search_router)
api.add_router("/", expertise_router)
api.add_router("/notifications", notifications_router)


# Every error is a JSON object with a human "detail" and a machine "code"; field errors add
# "errors" ({field: [messages]}). Clients never have to parse HTML error pages.


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        detail = next(iter(errors.values()))[0]
        return api.create_response(
            request, {"detail": detail, "code": "invalid", "errors": errors}, status=400
        )
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "code": "invalid"}, status=400
    )


@api.exception_handler(NinjaValidationError)
def _schema_error(request: HttpRequest, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [
            str(p)
            for p in err.get("loc", [])
            if p not in ("body", "query", "path", "form", "payload")
        ]
        errors.setdefault(".".join(loc) or "request", []).append(err.get("msg", "invalid"))
    detail = "; ".join(f"{k}: {v[0]}" for k, v in errors.items())
    return api.create_response(
        request, {"detail": detail, "code": "invalid", "errors": errors}, status=422
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(
        request, {"detail": str(exc) or "Not found.", "code": "not_found"}, status=404
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(
        request, {"detail": str(exc) or "You may not do that.", "code": "forbidden"}, status=403
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request, {"detail": "Sign in or send an API token.", "code": "unauthenticated"}, status=401
    )


@api.exception_handler(RawPostDataException)
def _multipart_body(request: HttpRequest, exc: RawPostDataException):
    # A multipart form posted to an endpoint that reads a JSON body: the form parser has
    # already consumed the stream. The client sent the wrong kind of body, not a server error.
    return api.create_response(
        request,
        {"detail": "Send the body as JSON (Content-Type: application/json).", "code": "invalid"},
        status=400,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    return api.create_response(
        request, {"detail": str(exc), "code": "error"}, status=exc.status_code
    )
