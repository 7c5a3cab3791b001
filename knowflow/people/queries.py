"""Reads of people and profiles, with every optional field checked against its audience.

Pages, the API and (later) search all go through `person_view` / `search_people`, so a field a
person hid is absent from the data handed to templates and serializers, not merely unrendered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice

from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.urls import reverse

from knowflow.core.memo import shared_value
from knowflow.core.names import Hit, NameIndex, build_name_index, fold, query_words, score
from knowflow.core.pagination import Page, paginate
from knowflow.core.sql import fetch_rows
from knowflow.org.models import Department, Location
from knowflow.org.queries import department_subtree_ids
from knowflow.topics.models import Topic

from .models import OPTIONAL_FIELDS, Profile, ProfileTopic, TimelineEntry, TopicKind, Visibility

User = get_user_model()

# Which optional field governs each kind of profile topic.
KIND_FIELD = {
    TopicKind.SKILL: "skills",
    TopicKind.ASK_ME_ABOUT: "ask_me_about",
    TopicKind.WANT_TO_LEARN: "want_to_learn",
    TopicKind.CAN_MENTOR: "can_mentor",
}


def viewer_department_id(viewer) -> int | None:
    """The viewer's department id, read once per request object."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    if not hasattr(viewer, "_kf_department_id"):
        viewer._kf_department_id = (
            Profile.objects.filter(user_id=viewer.pk)
            .values_list("department_id", flat=True)
            .first()
        )
    return viewer._kf_department_id


def can_see_field(viewer, profile: Profile, field_name: str) -> bool:
    """Whether `viewer` may see the optional field `field_name` of `profile`."""
    return _field_visible(
        viewer.pk,
        viewer_department_id(viewer),
        owner_id=profile.user_id,
        owner_department_id=profile.department_id,
        visibility=profile.visibility_of(field_name),
    )


def _field_visible(
    viewer_id: int, viewer_department: int | None, *, owner_id: int, owner_department_id, visibility
) -> bool:
    """The rule, on plain values (can_see_field, hiding_fields; visible_field_q in SQL)."""
    if viewer_id == owner_id or visibility == Visibility.EVERYONE:
        return True
    if visibility == Visibility.DEPARTMENT:
        return viewer_department is not None and viewer_department == owner_department_id
    return False


def visible_field_q(viewer, field_name: str, *, prefix: str = "profile__") -> Q:
    """The same rule as can_see_field, as a database filter (for searching by hidden fields)."""
    vis = f"{prefix}visibility_{field_name}"
    q = Q(**{vis: Visibility.EVERYONE})
    dept = viewer_department_id(viewer)
    if dept is not None:
        q |= Q(**{vis: Visibility.DEPARTMENT, f"{prefix}department_id": dept})
    owner = "pk" if prefix == "profile__" else f"{prefix}user_id"
    return q | Q(**{owner: viewer.pk})


def hiding_fields(viewer, field_names: Sequence[str]) -> dict[str, set[int]]:
    """For each field, the people whose field the viewer may not see (can_see_field's rule),
    read from the profiles that restrict any of them at all: few, and indexed for skills and
    "ask me about" (where every profile would be read to join them to what is looked up)."""
    found: dict[str, set[int]] = {name: set() for name in field_names}
    if not field_names:
        return found
    # A statement per field, each read from its field's index alone, in one round trip.
    parts = [
        Profile.objects.exclude(**{f"visibility_{name}": Visibility.EVERYONE})
        .annotate(field=Value(name, output_field=CharField()))
        .values_list("user_id", "department_id", "field", f"visibility_{name}")
        .order_by()
        for name in field_names
    ]
    rows = parts[0].union(*parts[1:], all=True)
    viewer_id, department = viewer.pk, viewer_department_id(viewer)
    # Plain rows (numbers and strings): hundreds, read on every ranking.
    for user_id, department_id, name, visibility in fetch_rows(*rows.query.sql_with_params()):
        if not _field_visible(
            viewer_id,
            department,
            owner_id=user_id,
            owner_department_id=department_id,
            visibility=visibility,
        ):
            found[name].add(user_id)
    return found


def people_visible_to(viewer) -> QuerySet:
    """Everyone in the organization with an active account; the directory's universe."""
    return User.objects.filter(is_active=True)


def access_person(viewer, *, user_id: int):
    """The person with this id, with their profile, or 404."""
    try:
        return (
            people_visible_to(viewer)
            .select_related(
                "profile", "profile__department", "profile__location", "profile__manager"
            )
            .get(pk=user_id)
        )
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No such person.") from None


@dataclass
class PersonCard:
    """What a viewer may see of a person in a list."""

    user: object
    profile: Profile
    skills: list[Topic] | None = None
    can_mentor: list[Topic] | None = None

    @property
    def pk(self) -> int:
        return self.user.pk


@dataclass
class PersonView:
    """What a viewer may see of a person's whole profile; hidden fields are None."""

    user: object
    profile: Profile
    is_self: bool
    bio_html: str | None = None
    aspirations_html: str | None = None
    topics: dict[str, list[Topic] | None] = field(default_factory=dict)
    timeline: list[TimelineEntry] | None = None
    reports: list = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)

    def as_public_dict(self) -> dict:
        """The visible fields as plain data (the API's shape); hidden ones are omitted."""
        p = self.profile
        data: dict = {
            "id": self.user.pk,
            "full_name": self.user.full_name,
            "title": p.title,
            "department": p.department.name if p.department else None,
            "department_slug": p.department.slug if p.department else None,
            "location": p.location.name if p.location else None,
            "manager_id": p.manager_id,
            "photo_url": reverse("media", args=[p.photo.name]) if p.photo else None,
        }
        if self.bio_html is not None:
            data["bio"] = p.bio
        if self.aspirations_html is not None:
            data["aspirations"] = p.aspirations
        for kind, topics in self.topics.items():
            if topics is not None:
                data[kind] = [t.slug for t in topics]
        if self.timeline is not None:
            data["timeline"] = [
                {
                    "kind": e.kind,
                    "title": e.title,
                    "detail": e.detail,
                    "started_on": e.started_on.isoformat(),
                    "ended_on": e.ended_on.isoformat() if e.ended_on else None,
                }
                for e in self.timeline
            ]
        return data


def _topics_by_user(user_ids: list[int], kinds: list[str]) -> dict[int, dict[str, list[Topic]]]:
    out: dict[int, dict[str, list[Topic]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        ProfileTopic.objects.filter(user_id__in=user_ids, kind__in=kinds)
        .select_related("topic")
        .order_by("topic__name")
    )
    for row in rows:
        out[row.user_id][row.kind].append(row.topic)
    return out


def person_view(viewer, user) -> PersonView:
    """Assemble the profile of `user` as `viewer` may see it."""
    profile = user.profile
    view = PersonView(user=user, profile=profile, is_self=viewer.pk == user.pk)
    visible = {f: can_see_field(viewer, profile, f) for f in OPTIONAL_FIELDS}
    view.hidden = [f for f, ok in visible.items() if not ok]
    if visible["bio"]:
        view.bio_html = profile.bio_html
    if visible["aspirations"]:
        view.aspirations_html = profile.aspirations_html
    kinds = [k for k, f in KIND_FIELD.items() if visible[f]]
    topics = _topics_by_user([user.pk], kinds).get(user.pk, {})
    for kind, field_name in KIND_FIELD.items():
        view.topics[kind] = list(topics.get(kind, [])) if visible[field_name] else None
    if visible["timeline"]:
        view.timeline = list(TimelineEntry.objects.filter(user=user))
    view.reports = list(
        people_visible_to(viewer)
        .filter(profile__manager=user)
        .select_related("profile")
        .order_by("full_name")
    )
    return view


@dataclass
class DirectoryFilters:
    text: str = ""
    skill: Topic | None = None
    department: Department | None = None
    location: Location | None = None
    can_mentor: Topic | None = None
    wants_to_learn: Topic | None = None

    @property
    def active(self) -> bool:
        return any(
            [
                self.text,
                self.skill,
                self.department,
                self.location,
                self.can_mentor,
                self.wants_to_learn,
            ]
        )


def _has_visible_topic(viewer, topic_q: Q, kinds: list[str]) -> Q:
    """People who have a matching topic of one of `kinds` on a list the viewer may see."""
    q = Q()
    for kind in kinds:
        match = ProfileTopic.objects.filter(topic_q, user_id=OuterRef("pk"), kind=kind)
        q |= Exists(match) & visible_field_q(viewer, KIND_FIELD[kind])
    return q


def _directory_people(viewer, filters: DirectoryFilters) -> QuerySet:
    """People meeting every directory filter, judged by what the viewer may see of them."""
    qs = people_visible_to(viewer).select_related(
        "profile", "profile__department", "profile__location"
    )
    if filters.text:
        text = filters.text.strip()
        topic_ids = list(
            Topic.objects.filter(Q(name__icontains=text) | Q(synonyms__name__icontains=text))
            .values_list("pk", flat=True)
            .distinct()[:50]
        )
        q = Q(full_name__icontains=text) | Q(profile__title__icontains=text)
        if topic_ids:
            q |= _has_visible_topic(
                viewer,
                Q(topic_id__in=topic_ids),
                [TopicKind.SKILL, TopicKind.ASK_ME_ABOUT, TopicKind.CAN_MENTOR],
            )
        qs = qs.filter(q)
    if filters.skill:
        qs = qs.filter(
            _has_visible_topic(
                viewer,
                Q(topic=filters.skill),
                [TopicKind.SKILL, TopicKind.ASK_ME_ABOUT, TopicKind.CAN_MENTOR],
            )
        )
    if filters.can_mentor:
        qs = qs.filter(
            _has_visible_topic(viewer, Q(topic=filters.can_mentor), [TopicKind.CAN_MENTOR])
        )
    if filters.wants_to_learn:
        qs = qs.filter(
            _has_visible_topic(viewer, Q(topic=filters.wants_to_learn), [TopicKind.WANT_TO_LEARN])
        )
    if filters.department:
        qs = qs.filter(profile__department_id__in=department_subtree_ids(filters.department))
    if filters.location:
        qs = qs.filter(profile__location=filters.location)
    return qs


def search_people(viewer, *, filters: DirectoryFilters, page: int = 1, per_page: int = 24) -> Page:
    """The directory: people matching every filter, by what the viewer may see of them."""
    qs = _directory_people(viewer, filters)
    result = paginate(qs.order_by("full_name", "pk"), page=page, per_page=per_page)
    return Page(
        items=person_cards(viewer, result.items),
        number=result.number,
        has_next=result.has_next,
        has_previous=result.has_previous,
    )


def helpers_for(viewer, *, topics: list[Topic], limit: int = 6) -> list[PersonCard]:
    """People who list any of `topics` as a skill or as something they mentor, mentors first,
    counting only lists the viewer may see (being suggested must not reveal a hidden skill)."""
    if not topics:
        return []
    base = (
        people_visible_to(viewer)
        .exclude(pk=viewer.pk)
        .select_related("profile", "profile__department", "profile__location")
        .order_by("full_name", "pk")
    )
    topic_q = Q(topic__in=topics)
    mentors = list(base.filter(_has_visible_topic(viewer, topic_q, [TopicKind.CAN_MENTOR]))[:limit])
    found = {u.pk for u in mentors}
    skilled = []
    if len(mentors) < limit:
        skilled = list(
            base.filter(_has_visible_topic(viewer, topic_q, [TopicKind.SKILL])).exclude(
                pk__in=found
            )[: limit - len(mentors)]
        )
    return person_cards(viewer, mentors + skilled)


def person_cards(viewer, users: list) -> list[PersonCard]:
    """Cards for a page of people, with only the topic lists the viewer may see (one query)."""
    topics = _topics_by_user([u.pk for u in users], [TopicKind.SKILL, TopicKind.CAN_MENTOR])
    cards = []
    for user in users:
        profile = user.profile
        mine = topics.get(user.pk, {})
        cards.append(
            PersonCard(
                user=user,
                profile=profile,
                skills=list(mine.get(TopicKind.SKILL, []))
                if can_see_field(viewer, profile, "skills")
                else None,
                can_mentor=(
                    list(mine.get(TopicKind.CAN_MENTOR, []))
                    if can_see_field(viewer, profile, "can_mentor")
                    else None
                ),
            )
        )
    return cards


def profile_checklist(view: PersonView) -> list[tuple[str, bool]]:
    """What a person's own profile still lacks (shown only to them, to invite completion)."""
    profile = view.profile
    return [
        ("photo", bool(profile.photo)),
        ("title", bool(profile.title)),
        ("department", bool(profile.department_id)),
        ("bio", bool(profile.bio)),
        ("skills", bool(view.topics.get(TopicKind.SKILL))),
        ("want_to_learn", bool(view.topics.get(TopicKind.WANT_TO_LEARN))),
    ]


# --- Name search (typo-tolerant; docs/subsystems/people.md) -----------------------------------

PEOPLE_NAMES_KEY = "people:names:v1"
# How long a built index serves: a new or renamed person is found by name within this time in
# every process (at once in the process that made the change: accounts.actions forgets it).
PEOPLE_NAMES_SECONDS = 300
# A match is fetched with the viewer's visibility applied, in rounds of growing size; the index
# holds only active people, so the first round almost always suffices. The cap bounds the
# work when most matches are hidden from the viewer (fewer results, never a hidden one).
_FETCH_ROUNDS = 4


@dataclass(frozen=True)
class PersonMatch:
    """A person found by name: how well, and by which name."""

    user: object
    name: str
    kind: str  # "exact", "prefix" or "fuzzy" (core.names)
    edits: int

    @property
    def score(self) -> float:
        return score(self.kind, self.edits)


def _build_people_names() -> NameIndex:
    # The directory's universe (people_visible_to): active accounts. The placeholder author of
    # anonymous questions is inactive, so it is never indexed.
    rows = list(User.objects.filter(is_active=True).values_list("pk", "full_name"))
    rows.sort(key=lambda row: (fold(row[1]), row[0]))
    return build_name_index(rows)


def people_name_index() -> NameIndex:
    """The words of every active person's name, shared by the processes for a few minutes."""
    return shared_value(PEOPLE_NAMES_KEY, _build_people_names, seconds=PEOPLE_NAMES_SECONDS)


def find_people(viewer, text: str, *, limit: int = 10) -> list[PersonMatch]:
    """People the viewer may see whose full name matches `text` (a leading @ and other
    punctuation are ignored), typos tolerated: exact words first, then starts of words, then
    near misses with fewer edits first, then by name. Any input is safe: what holds no letters
    or digits finds no one."""
    words = query_words(text)
    if not words or limit <= 0:
        return []
    return _fetch_people(viewer, people_name_index().search(words), limit=limit)


def _fetch_people(viewer, hits: Iterator[Hit], *, limit: int) -> list[PersonMatch]:
    found: list[PersonMatch] = []
    size = max(limit * 2, 20)
    for _round in range(_FETCH_ROUNDS):
        chunk = list(islice(hits, size))
        if not chunk:
            break
        users = people_visible_to(viewer).select_related(
            "profile", "profile__department", "profile__location"
        )
        by_id = {u.pk: u for u in users.filter(pk__in=[hit.owner for hit in chunk])}
        for hit in chunk:
            user = by_id.get(hit.owner)
            if user is not None:
                found.append(PersonMatch(user, user.full_name, hit.kind, hit.edits))
        if len(found) >= limit:
            break
        size *= 4
    return found[:limit]


def name_suggestions(viewer, *, filters: DirectoryFilters, limit: int = 6) -> list[PersonCard]:
    """ "Did you mean": people whose names are close to the directory's text (a typo, a missing
    accent), who meet its other filters; for when the text itself finds no one."""
    if not filters.text:
        return []
    others = replace(filters, text="")
    # With other filters, the closest names may all be filtered out: look further.
    matches = find_people(viewer, filters.text, limit=50 if others.active else limit)
    users = [m.user for m in matches]
    if others.active and users:
        allowed = set(
            _directory_people(viewer, others)
            .filter(pk__in=[u.pk for u in users])
            .values_list("pk", flat=True)
        )
        users = [u for u in users if u.pk in allowed]
    return person_cards(viewer, users[:limit])


def complete_people(viewer, *, text: str, limit: int = 6) -> list:
    """People for an @mention being typed: by name (typos tolerated), then by the handle the
    mention will use (the email's local part), which names do not always resemble."""
    people = [m.user for m in find_people(viewer, text, limit=limit)]
    handle = text.strip().lstrip("@").lower()[:100]
    if len(people) < limit and handle and "\x00" not in handle:
        seen = {u.pk for u in people}
        people += list(
            people_visible_to(viewer)
            .filter(email__startswith=handle)
            .exclude(pk__in=seen)
            .order_by("full_name", "pk")[: limit - len(people)]
        )
    return people
