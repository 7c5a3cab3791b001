"""API: the people directory and profiles, with hidden fields left out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from knowflow.core.pagination import parse_page_number

from .queries import access_person, person_view, search_people
from .services import directory_filters_from

router = Router(tags=["people"])


class PersonSummaryOut(Schema):
    id: int
    full_name: str
    title: str
    department: str | None
    location: str | None
    skills: list[str] | None = Field(
        None, description="Absent when the person hides their skills from you."
    )
    can_mentor: list[str] | None = None


class DirectoryOut(Schema):
    page: int
    has_next: bool
    results: list[PersonSummaryOut]


class DirectoryQuery(Schema):
    q: str = ""
    skill: str = ""
    department: str = ""
    location: str = ""
    can_mentor: str = ""
    wants_to_learn: str = ""
    page: int = 1


@router.get("", response=DirectoryOut, summary="Find people", exclude_none=True)
def list_people(request: HttpRequest, query: Query[DirectoryQuery]):
    viewer = request.auth
    filters = directory_filters_from(viewer, query.dict())
    page = search_people(viewer, filters=filters, page=parse_page_number(query.page), per_page=50)
    return {
        "page": page.number,
        "has_next": page.has_next,
        "results": [
            {
                "id": c.user.pk,
                "full_name": c.user.full_name,
                "title": c.profile.title,
                "department": c.profile.department.name if c.profile.department else None,
                "location": c.profile.location.name if c.profile.location else None,
                "skills": [t.slug for t in c.skills] if c.skills is not None else None,
                "can_mentor": [t.slug for t in c.can_mentor] if c.can_mentor is not None else None,
            }
            for c in page.items
        ],
    }


@router.get("/{int:person_id}", summary="A person's profile (only the fields you may see)")
def get_person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    viewer = request.auth
    return person_view(viewer, access_person(viewer, user_id=person_id)).as_public_dict()
