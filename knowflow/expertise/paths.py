"""The trust path: how the viewer can reach a suggested person through people they know.

A chain of at most three steps, "you -> Priya -> Tom". The first step may use what only the
viewer knows of themselves: the colleagues they trust (their private list) and the people they
follow. Every later step uses only the organization's shared map, which everyone sees: having
worked together (the same department, or one manages the other). Nobody's private trust list
but the viewer's own is ever read, so a path never reveals whom someone else trusts.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class PathFinder:
    """Trust paths from one viewer (their first steps are read once, for many people)."""

    def __init__(self, viewer) -> None:
        self.viewer = viewer
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
            near = teammates.filter(user_id=mine.manager_id) | teammates.filter(
                manager_id=viewer.pk
            )
            if mine.department_id is not None:
                near = near | teammates.filter(department_id=mine.department_id)
            for user_id in near.values_list("user_id", flat=True)[:MAX_FIRST_STEPS]:
                first.setdefault(user_id, WORKED_WITH)
        first.pop(viewer.pk, None)
        self.first = first
        self.places = _places(first)  # active people only

    def path(self, person_id: int) -> list[Step] | None:
        """The shortest chain to the person (the most trusted first step among equals), or
        None when there is none within three steps."""
        if person_id == self.viewer.pk:
            return None
        order = sorted(
            self.places, key=lambda u: ([TRUSTED, FOLLOWED, WORKED_WITH].index(self.first[u]), u)
        )
        if person_id in self.places:
            return self._steps([person_id], [self.first[person_id]])
        theirs = _places([person_id]).get(person_id)
        if theirs is None:
            return None
        # People who worked with the person: their team, their manager, their reports.
        near = Profile.objects.filter(user__is_active=True).exclude(user_id=person_id)
        around = near.filter(user_id=theirs.manager_id) | near.filter(manager_id=person_id)
        if theirs.department_id is not None:
            around = around | near.filter(department_id=theirs.department_id)
        second = _places(around.values_list("user_id", flat=True)[:MAX_FIRST_STEPS])
        for a in order:
            if a in second:
                return self._steps([a, person_id], [self.first[a], WORKED_WITH])
        by_team: dict[int, list[int]] = {}
        by_manager: dict[int, list[int]] = {}
        for b, place in second.items():
            if place.department_id is not None:
                by_team.setdefault(place.department_id, []).append(b)
            if place.manager_id is not None:
                by_manager.setdefault(place.manager_id, []).append(b)
        for a in order:
            pa = self.places[a]
            links = [
                *by_team.get(pa.department_id, []),
                *by_manager.get(a, []),
                *([pa.manager_id] if pa.manager_id in second else []),
            ]
            for b in sorted(set(links)):
                if b != a and _worked_together(a, pa, b, second[b]):
                    return self._steps([a, b, person_id], [self.first[a], WORKED_WITH, WORKED_WITH])
        return None

    def _steps(self, ids: list[int], hows: list[str]) -> list[Step]:
        people = User.objects.in_bulk(ids)
        return [Step(person=people[i], how=h) for i, h in zip(ids, hows, strict=True)]
