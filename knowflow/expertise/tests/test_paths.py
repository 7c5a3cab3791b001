"""Trust paths: the viewer's own trust and follows first, then only the shared org map."""

from __future__ import annotations

from knowflow.core.testing import make_department, make_person
from knowflow.expertise.paths import FOLLOWED, TRUSTED, WORKED_WITH, PathFinder
from knowflow.network.actions import follow_person, trust_colleague
from knowflow.people.models import Profile


def steps(path) -> list[tuple[str, str]]:
    return [(s.person.full_name, s.how) for s in path] if path is not None else None


def test_through_someone_i_trust_who_works_with_them(alice, charlie, sales):
    priya = make_person("Priya Patel", department=sales)
    assert steps(PathFinder(alice).path(charlie.pk)) is None
    trust_colleague(alice, colleague=priya)
    assert steps(PathFinder(alice).path(charlie.pk)) == [
        ("Priya Patel", TRUSTED),
        ("Charlie Chen", WORKED_WITH),
    ]


def test_direct_steps_and_my_own_team(alice, bob, charlie):
    finder = PathFinder(alice)
    assert steps(finder.path(bob.pk)) == [("Bob Baker", WORKED_WITH)]  # same department
    follow_person(alice, person=charlie)
    assert steps(PathFinder(alice).path(charlie.pk)) == [("Charlie Chen", FOLLOWED)]
    assert PathFinder(alice).path(alice.pk) is None


def test_someone_elses_trust_list_is_never_used(alice, charlie, sales):
    legal = make_department("Legal")
    priya = make_person("Priya Patel", department=legal)
    trust_colleague(alice, colleague=priya)
    trust_colleague(priya, colleague=charlie)  # Priya's private list
    follow_person(priya, person=charlie)  # and whom she follows: hers too
    assert PathFinder(alice).path(charlie.pk) is None


def test_three_steps_through_a_manager(alice, charlie, sales):
    legal = make_department("Legal")
    priya = make_person("Priya Patel", department=legal)
    boss = make_person("Olga Owens", department=make_department("Board"))
    Profile.objects.filter(user=priya).update(manager=boss)
    Profile.objects.filter(user=charlie).update(manager=boss)  # Olga manages Charlie too...
    Profile.objects.filter(user=boss).update(department=sales)  # ...and sits in Sales
    trust_colleague(alice, colleague=priya)
    got = steps(PathFinder(alice).path(charlie.pk))
    assert got == [
        ("Priya Patel", TRUSTED),
        ("Olga Owens", WORKED_WITH),
        ("Charlie Chen", WORKED_WITH),
    ]
