"""Department pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from knowflow.core.pagination import parse_page_number
from knowflow.network.queries import is_following_department
from knowflow.people.queries import DirectoryFilters, search_people
from knowflow.posts.queries import decode_cursor, department_posts, encode_cursor

from .queries import access_department, department_tree, departments_visible_to


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    return render(request, "org/departments.html", {"tree": department_tree(request.user)})


@login_required
def department_detail(request: HttpRequest, slug: str) -> HttpResponse:
    department = access_department(request.user, slug=slug)
    ancestors_ids = [int(p) for p in department.path.strip("/").split("/") if p][:-1]
    ancestors = sorted(
        departments_visible_to(request.user).filter(pk__in=ancestors_ids), key=lambda d: len(d.path)
    )
    feed = department_posts(
        request.user, department, cursor=decode_cursor(request.GET.get("before"))
    )
    next_url = f"?before={encode_cursor(feed.next_cursor)}" if feed.next_cursor else ""
    if request.htmx and not request.htmx.boosted and request.GET.get("before"):
        return render(
            request, "posts/list.html#feed-items", {"posts": feed.posts, "next_url": next_url}
        )
    page = search_people(
        request.user,
        filters=DirectoryFilters(department=department),
        page=parse_page_number(request.GET.get("page")),
        per_page=24,
    )
    return render(
        request,
        "org/department.html",
        {
            "department": department,
            "ancestors": ancestors,
            "children": departments_visible_to(request.user).filter(parent=department),
            "page": page,
            "posts": feed.posts,
            "next_url": next_url,
            "is_following": is_following_department(request.user, department),
        },
    )
