"""The search page: one box over posts, questions, answers, comments, people and topics."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from knowflow.core.htmx import render_page
from knowflow.help.forms import STATUS_LABELS
from knowflow.org.queries import departments_visible_to

from .forms import KIND_LABELS, SearchForm, answered_value, day_after, day_start
from .queries import (
    SearchFilters,
    find_author,
    matching_people_and_topics,
    search,
    visible_topic,
)
from .syntax import parse


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    viewer = request.user
    form = SearchForm(request.GET)
    errors: list[str] = []
    page = people = topics = None
    parsed = parse("")
    if form.is_valid():
        data = form.cleaned_data
        parsed = parse(data["q"])
        topic = department = author = None
        if data["topic"]:
            topic = visible_topic(viewer, data["topic"])
            if topic is None:
                form.add_error("topic", _("There is no topic “%(t)s”.") % {"t": data["topic"]})
        if data["department"]:
            department = departments_visible_to(viewer).filter(slug=data["department"]).first()
            if department is None:
                form.add_error("department", _("There is no such department."))
        author = find_author(viewer, data["author"]) if data["author"] else None
        if data["author"] and author is None:
            form.add_error("author", _("Nobody is called “%(a)s”.") % {"a": data["author"]})
        if not form.errors:
            filters = SearchFilters(
                kind=data["kind"] or "",
                topic=topic,
                department=department,
                author=author.pk if author else None,
                since=day_start(data["since"]),
                until=day_after(data["until"]),
                answered=answered_value(data["answered"]),
                sort=data["sort"] or "relevance",
            )
            page = search(viewer, parsed, filters, page=data["page"] or 1)
            if (data["page"] or 1) == 1 and not data["kind"]:
                people, topics = matching_people_and_topics(viewer, parsed)
    if form.errors:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    params = request.GET.copy()
    params.pop("page", None)
    tabs = []
    if page is not None:
        plus = "+" if page.capped else ""
        for value, label in KIND_LABELS.items():
            count = sum(page.facets.values()) if not value else page.facets.get(value, 0)
            tabs.append((value, label, f"{count:,}{plus}"))
        for result in page.results:
            result.kind_label = KIND_LABELS.get(result.kind, result.kind)
            result.status_label = STATUS_LABELS.get(result.question_status, "")
    context = {
        "tabs": tabs,
        "form": form,
        "q": request.GET.get("q", "")[:500],
        "parsed": parsed,
        "page": page,
        "people": people or [],
        "topics": topics or [],
        "errors": errors,
        "kind": request.GET.get("kind", ""),
        "departments": departments_visible_to(viewer).order_by("name"),
        "base_query": params.urlencode(),
        "without_kind": _without(params, "kind"),
    }
    return render_page(
        request,
        "search/search.html",
        context,
        partial="results" if request.GET.get("partial") else None,
        status=400 if errors else 200,
    )


def _without(params, key: str) -> str:
    params = params.copy()
    params.pop(key, None)
    return params.urlencode()
