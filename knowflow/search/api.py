"""API: one search over posts, questions, answers and comments (with matching people and
topics), as the search page shows it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import strip_tags
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from knowflow.org.queries import departments_visible_to
from knowflow.people.queries import people_visible_to

from .forms import MAX_DATE, MIN_DATE, day_after, day_start
from .queries import (
    RESULT_CAP,
    SearchFilters,
    matching_people_and_topics,
    search,
    visible_topic,
)
from .syntax import MAX_QUERY_CHARS, parse

router = Router(tags=["search"])


class SearchQuery(Schema):
    q: str = Field(
        "", max_length=20 * MAX_QUERY_CHARS, description='Words, "phrases", -word, #topic, @person'
    )
    kind: Literal["", "question", "answer", "post", "comment"] = ""
    topic: str = Field("", max_length=80)
    department: str = Field("", max_length=120, description="Department slug (teams under it too)")
    author: int | None = Field(None, description="Only posts by this person (their id)")
    since: dt.date | None = None
    until: dt.date | None = None
    answered: bool | None = Field(
        None, description="Questions with (true) or without (false) an answer"
    )
    sort: Literal["relevance", "newest"] = "relevance"
    cursor: str = Field("", max_length=12, description="next_cursor of the previous page")


class AuthorOut(BaseModel):
    id: int
    name: str


class ResultOut(BaseModel):
    id: int
    kind: str
    title: str
    snippet_html: str = Field(description="A passage with the matching words in <mark>; escaped")
    url: str
    author: AuthorOut
    created_at: dt.datetime
    topics: list[str]
    question_status: str | None
    answer_count: int | None


class PersonOut(BaseModel):
    id: int
    name: str
    title: str


class SearchOut(BaseModel):
    results: list[ResultOut]
    total: int = Field(description=f"Visible results, counted up to {RESULT_CAP:,}")
    capped: bool = Field(description=f"There are more than {RESULT_CAP:,}")
    facets: dict[str, int]
    people: list[PersonOut]
    topics: list[str]
    notes: list[str]
    next_cursor: str | None


@router.get("/search", response=SearchOut, summary="Search everything the caller may see")
def search_everything(request: HttpRequest, query: Query[SearchQuery]):
    viewer = request.auth
    for name in ("since", "until"):
        day = getattr(query, name)
        if day is not None and not (MIN_DATE <= day <= MAX_DATE):
            raise ValidationError({name: [f"A date between {MIN_DATE} and {MAX_DATE}."]})
    if query.since and query.until and query.since > query.until:
        raise ValidationError({"until": ["The end date is before the start date."]})
    topic = visible_topic(viewer, query.topic) if query.topic else None
    if query.topic and topic is None:
        raise ValidationError({"topic": [f"Unknown topic “{query.topic[:80]}”."]})
    department = None
    if query.department:
        department = departments_visible_to(viewer).filter(slug=query.department).first()
        if department is None:
            raise ValidationError({"department": ["Unknown department."]})
    author = None
    if query.author is not None:
        author = people_visible_to(viewer).filter(pk=query.author).first()
        if author is None:
            raise ValidationError({"author": ["Unknown person."]})
    page_number = 1
    if query.cursor:
        if not re.fullmatch(r"[0-9]{1,4}", query.cursor) or not 1 < int(query.cursor) <= 1_000:
            raise ValidationError({"cursor": ["Not a cursor this API gave."]})
        page_number = int(query.cursor)
    parsed = parse(query.q)
    filters = SearchFilters(
        kind=query.kind,
        topic=topic,
        department=department,
        author=author.pk if author else None,
        since=day_start(query.since),
        until=day_after(query.until),
        answered=query.answered,
        sort=query.sort,
    )
    page = search(viewer, parsed, filters, page=page_number)
    people, topics = ([], [])
    if page_number == 1:
        people, topics = matching_people_and_topics(viewer, parsed)
    return SearchOut(
        results=[
            ResultOut(
                id=r.post.pk,
                kind=r.kind,
                title=strip_tags(r.title),
                snippet_html=str(r.snippet),
                url=r.url,
                author=AuthorOut(id=r.post.author_id, name=r.post.author.full_name),
                created_at=r.post.created_at,
                topics=[t.slug for t in getattr(r.post, "topic_list", [])],
                question_status=r.question_status or None,
                answer_count=r.answer_count if r.kind == "question" else None,
            )
            for r in page.results
        ],
        total=page.total,
        capped=page.capped,
        facets=page.facets,
        people=[
            PersonOut(id=p.pk, name=p.full_name, title=getattr(p.profile, "title", ""))
            for p in people
        ],
        topics=[t.slug for t in topics],
        notes=[str(n) for n in page.notes],
        next_cursor=str(page_number + 1) if page.has_next else None,
    )
