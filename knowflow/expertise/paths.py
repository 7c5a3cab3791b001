"""The trust path: how the viewer can reach a suggested person through people they know.

A chain of at most three steps, "you -> Priya -> Tom". The first step may use what only the
viewer knows of themselves: the colleagues they trust (their private list) and the people they
follow. Every later step uses only the organization's shared map, which everyone sees: having
worked together (the same department, or one manages the other). Nobody's private trust list
but the viewer's own is ever read, so a path never reveals whom someone else trusts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from knowflow.accounts.models import User
from knowflow.network.models import Follow, TrustedColleague
from knowflow.people.models import Profile

# How the viewer knows the first person on the path, best first.
TRUSTED, FOLLOWED, WORKED_WITH = "trusted", "followed", "worked_with"
HOW_LABELS = {
    TRUSTED: _("you trust them"),
    FOLLOWED: _("you follow them"),
    WORKED_WITH: _("works with"),
}
# The viewer's own team can be large; the path needs only someone who knows the person.
MAX_FIRST_STEPS = 5_000


@dataclass(frozen=True)
class Step:
    person: User
    how: str  # TRUSTED, FOLLOWED or WORKED_WITH: how the previous person on the path knows them


@dataclass(frozen=True)
class _Place:
    department_id: int | None
    manager_id: int | None


def _places(user_ids) -> dict[int, _Place]:
    return {
        user_id: _Place(department_id, manager_id)
        for user_id, department_id, manager_id in Profile.objects.filter(
            user_id__in=list(user_ids), user__is_active=True
        ).values_list("user_id", "department_id", "manager_id")
    }


def _worked_together(a: int, pa: _Place, b: int, pb: _Place) -> bool:
    same_team = pa.department_id is not None and pa.department_id == pb.department_id
    return same_team or pa.manager_id == b or pb.manager_id == a


FIRST_STEPS_SECONDS = 60


def first_steps_key(user_id: int) -> str:
    return f"expertise:first-steps:{user_id}"


def first_steps_changed(user_id: int) -> None:
    """The person's follows or trusted list changed: their paths start afresh, now (for the
    rest of this request) and again once the change is committed (a request in between may
    have read the old list back in)."""
    from django.core.cache import cache
    from django.db import transaction

    key = first_steps_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), robust=True)


def _first_steps(viewer) -> tuple[dict[int, str], dict[int, tuple[int | None, int | None]]]:
    """Whom the viewer knows directly (and how), and where each of them works."""
    first: dict[int, str] = {}
    for colleague_id in TrustedColleague.objects.filter(owner=viewer).values_list(
        "colleague_id", flat=True
    ):
        first.setdefault(colleague_id, TRUSTED)
    for user_id in Follow.objects.filter(follower=viewer, user__isnull=False).values_list(
        "user_id", flat=True
    ):
        first.setdefault(user_id, FOLLOWED)
    mine = _places([viewer.pk]).get(viewer.pk)
    if mine is not None:
        teammates = Profile.objects.filter(user__is_active=True).exclude(user_id=viewer.pk)
        near = teammates.filter(user_id=mine.manager_id) | teammates.filter(manager_id=viewer.pk)
        if mine.department_id is not None:
            near = near | teammates.filter(department_id=mine.department_id)
        for user_id in near.values_list("user_id", flat=True)[:MAX_FIRST_STEPS]:
            first.setdefault(user_id, WORKED_WITH)
    first.pop(viewer.pk, None)
    places = _places(first)  # active people only
    return first, {u: (p.department_id, p.manager_id) for u, p in places.items()}


class PathFinder:
    """Trust paths from one viewer (their first steps are read once, for many people)."""

    def __init__(self, viewer) -> None:
        from django.core.cache import cache

        self.viewer = viewer
        # The viewer's first steps are kept a minute: a person opens question after question,
        # and each one's "people who may know" starts from the same colleagues (hundreds, for
        # a large team). Their own follows and trusted list changing forget them at once;
        # colleagues moving between teams show within the minute. In the cache itself (its
        # size is bounded; one entry per person would grow a process-local copy without end).
        key = first_steps_key(viewer.pk)
        steps = cache.get(key)
        if steps is None:
            steps = _first_steps(viewer)
            cache.set(key, steps, FIRST_STEPS_SECONDS)
        first, places = steps
        self.first = first
        self.places = {user_id: _Place(*place) for user_id, place in places.items()}
        rank = [TRUSTED, FOLLOWED, WORKED_WITH]
        self.order = sorted(self.places, key=lambda u: (rank.index(first[u]), u))

    def path(self, person_id: int) -> list[Step] | None:
        """The shortest chain to the person (the most trusted first step among equals), or
        None when there is none within three steps."""
        return self.paths([person_id]).get(person_id)

    def paths(self, person_ids) -> dict[int, list[Step] | None]:
        """path() for many people, in three statements whatever their number."""
        targets = [p for p in dict.fromkeys(person_ids) if p != self.viewer.pk]
        places = _places(targets)
        # Everyone who worked with one of them: their teams, managers and reports.
        teams = {p.department_id for p in places.values() if p.department_id is not None}
        managers = {p.manager_id for p in places.values() if p.manager_id is not None}
        around = Profile.objects.filter(user__is_active=True).filter(
            Q(department_id__in=teams) | Q(user_id__in=managers) | Q(manager_id__in=targets)
        )
        near = {
            user_id: _Place(department_id, manager_id)
            for user_id, department_id, manager_id in around.values_list(
                "user_id", "department_id", "manager_id"
            )
        }
        chains: dict[int, tuple[list[int], list[str]] | None] = {}
        for target in targets:
            theirs = places.get(target)
            if target in self.places:
                chains[target] = ([target], [self.first[target]])
            elif theirs is None:
                chains[target] = None
            else:
                second = {
                    b: place
                    for b, place in near.items()
                    if b != target and _worked_together(b, place, target, theirs)
                }
                chains[target] = self._through(target, second)
        people = User.objects.in_bulk({i for c in chains.values() if c for i in c[0]})
        return {
            target: [Step(person=people[i], how=h) for i, h in zip(*chain, strict=True)]
            if chain
            else None
            for target, chain in chains.items()
        }

    def _through(self, target: int, second: dict[int, _Place]):
        """Two or three steps to `target`, given the people who worked with them."""
        for a in self.order:
            if a in second:
                return [a, target], [self.first[a], WORKED_WITH]
        by_team: dict[int, list[int]] = {}
        by_manager: dict[int, list[int]] = {}
        for b, place in second.items():
            if place.department_id is not None:
                by_team.setdefault(place.department_id, []).append(b)
            if place.manager_id is not None:
                by_manager.setdefault(place.manager_id, []).append(b)
        for a in self.order:
            pa = self.places[a]
            links = [
                *by_team.get(pa.department_id, []),
                *by_manager.get(a, []),
                *([pa.manager_id] if pa.manager_id in second else []),
            ]
            for b in sorted(set(links)):
                if b != a and _worked_together(a, pa, b, second[b]):
                    return [a, b, target], [self.first[a], WORKED_WITH, WORKED_WITH]
        return None
