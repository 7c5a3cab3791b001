"""Reads of the organization's structure. Departments and locations are visible to everyone
signed in: they are the shared map of the company."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from knowflow.core.memo import shared_value

from .models import Department, Location, Organization


def get_organization() -> Organization:
    """The organization's settings row (created with defaults the first time)."""
    org, _created = Organization.objects.get_or_create(pk=1)
    return org


ORGANIZATION_DISPLAY_KEY = "org:organization:display"
ORGANIZATION_DISPLAY_SECONDS = 60


def organization_for_display() -> Organization:
    """The organization row for page chrome (its name on every page), cached: a rename shows
    at once where it was made and within seconds elsewhere (core.memo). Decisions (the sign-up
    policy) read get_organization()."""
    return shared_value(
        ORGANIZATION_DISPLAY_KEY, get_organization, seconds=ORGANIZATION_DISPLAY_SECONDS
    )


def departments_visible_to(viewer) -> QuerySet[Department]:
    return Department.objects.all()


def locations_visible_to(viewer) -> QuerySet[Location]:
    return Location.objects.all()


def access_department(viewer, *, slug: str) -> Department:
    try:
        return departments_visible_to(viewer).get(slug=slug)
    except Department.DoesNotExist:
        raise Http404("No such department.") from None


def department_subtree_ids(department: Department) -> QuerySet:
    """Ids of the department and all departments below it."""
    return Department.objects.filter(path__startswith=department.path).values("id")


DEPARTMENT_TREE_KEY = "org:department-tree"
DEPARTMENT_TREE_SECONDS = 5 * 60


def department_tree(viewer) -> list[tuple[Department, int]]:
    """All departments in tree order with their depth, for indented pickers and lists.

    Cached (core.memo): the composer on every home page shows it. org.actions and the admin
    drop it when a department changes. Every department is
    visible to everyone (departments_visible_to); if that changes, so must this cache."""
    return shared_value(
        DEPARTMENT_TREE_KEY,
        lambda: _tree(list(departments_visible_to(viewer))),
        seconds=DEPARTMENT_TREE_SECONDS,
    )


def _tree(departments: list[Department]) -> list[tuple[Department, int]]:
    children: dict[int | None, list[Department]] = {}
    for d in departments:
        children.setdefault(d.parent_id, []).append(d)
    out: list[tuple[Department, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for d in sorted(children.get(parent_id, []), key=lambda x: x.name.lower()):
            out.append((d, depth))
            walk(d.id, depth + 1)

    walk(None, 0)
    return out


def department_ancestor_ids(viewer) -> list[int]:
    """Ids of the viewer's department and every department above it (cached on the viewer)."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    if not hasattr(viewer, "_kf_department_ancestors"):
        from knowflow.people.models import Profile

        path = (
            Profile.objects.filter(user_id=viewer.pk)
            .values_list("department__path", flat=True)
            .first()
        )
        remember_department_path(viewer, path)
    return viewer._kf_department_ancestors


def remember_department_path(viewer, path: str | None) -> None:
    """Cache the ids in a department path ("/1/5/9/") on the viewer for department_ancestor_ids."""
    viewer._kf_department_ancestors = [int(p) for p in (path or "").strip("/").split("/") if p]
