"""API: departments and locations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from .queries import department_tree, locations_visible_to

router = Router(tags=["organization"])


class DepartmentOut(Schema):
    slug: str
    name: str
    parent: str | None
    depth: int


class LocationOut(Schema):
    slug: str
    name: str
    country: str


@router.get("/departments", response=list[DepartmentOut], summary="Departments in tree order")
def list_departments(request: HttpRequest):
    by_id = {}
    rows = department_tree(request.auth)
    for d, _depth in rows:
        by_id[d.pk] = d.slug
    return [
        DepartmentOut(slug=d.slug, name=d.name, parent=by_id.get(d.parent_id), depth=depth)
        for d, depth in rows
    ]


@router.get("/locations", response=list[LocationOut], summary="Locations")
def list_locations(request: HttpRequest):
    return [
        LocationOut(slug=loc.slug, name=loc.name, country=loc.country)
        for loc in locations_visible_to(request.auth)
    ]
