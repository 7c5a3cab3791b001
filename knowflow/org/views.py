"""Department pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from knowflow.core.pagination import parse_page_number
from knowflow.people.queries import DirectoryFilters, search_people

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
        },
    )
