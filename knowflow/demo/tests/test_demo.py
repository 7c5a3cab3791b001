from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from knowflow.accounts.actions import create_person
from knowflow.accounts.models import User
from knowflow.core.testing import make_person
from knowflow.demo.generator import department_count, load_demo
from knowflow.network.models import Follow, TrustedColleague
from knowflow.org.models import Department, Location, SignupMode
from knowflow.org.queries import get_organization
from knowflow.people.models import OPTIONAL_FIELDS, Profile, ProfileTopic, TimelineEntry
from knowflow.topics.models import Topic, TopicSynonym

ADMIN_LINE = "Admin sign-in:  admin@northwind.example / knowflow-demo"
MEMBER_LINE = "Member sign-in: maria.santos@northwind.example / knowflow-demo"


def run_demo(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue().splitlines()


def assert_paths_consistent():
    for department in Department.objects.select_related("parent"):
        parent_path = department.parent.path if department.parent else "/"
        assert department.path == f"{parent_path}{department.pk}/", department


def assert_everyone_has_a_profile():
    assert not User.objects.filter(profile__isnull=True).exists()
    assert Profile.objects.count() == User.objects.count()


def fingerprint():
    people = sorted(
        User.objects.values_list(
            "email",
            "full_name",
            "timezone",
            "profile__title",
            "profile__department__name",
            "profile__location__name",
            "profile__manager__email",
            "profile__bio",
            "profile__visibility_timeline",
        )
    )
    topics = sorted(ProfileTopic.objects.values_list("user__email", "kind", "topic__slug"))
    follows = sorted(
        Follow.objects.values_list("follower__email", "user__email", "topic__slug"),
        key=str,
    )
    timeline = sorted(TimelineEntry.objects.values_list("user__email", "title", "started_on"))
    return people, topics, follows, timeline


class _Rollback(Exception):
    pass


def fingerprint_of_a_run(**kwargs):
    """Load a demo, fingerprint it, and roll it back so the next run starts empty again."""
    try:
        with transaction.atomic():
            load_demo(**kwargs)
            result = fingerprint()
            raise _Rollback
    except _Rollback:
        return result


@pytest.mark.django_db
def test_default_demo_is_a_believable_organization(client):
    lines = run_demo()

    assert lines[-3:] == [
        ADMIN_LINE,
        MEMBER_LINE,
        "Demo organization: 200 people, 12 departments, 4 locations, "
        f"{Topic.objects.count()} topics.",
    ]
    assert User.objects.count() == 200
    assert Department.objects.count() == 12
    assert Location.objects.count() == 4
    assert Topic.objects.count() >= 70
    assert TopicSynonym.objects.filter(slug="k8s", topic__slug="kubernetes").exists()
    org = get_organization()
    assert org.name == "Northwind Labs"
    assert org.signup_mode == SignupMode.INVITE_ONLY

    # The department tree: sub-teams under top-level departments, paths kept by the action.
    assert_paths_consistent()
    assert Department.objects.filter(parent__name="Engineering", name="Platform").exists()
    assert Department.objects.filter(parent__isnull=False).count() >= 3
    assert not Department.objects.annotate(n=Count("profiles")).filter(n=0).exists()

    # Everyone has a filled profile, works somewhere, and has that office's time zone.
    assert_everyone_has_a_profile()
    assert not User.objects.exclude(email__endswith="@northwind.example").exists()
    profiles = Profile.objects.select_related("user", "location")
    assert all(p.user.timezone == p.location.timezone != "" for p in profiles)
    assert not Profile.objects.filter(Q(department=None) | Q(title="") | Q(bio="")).exists()
    assert not Profile.objects.filter(bio_html="").exists()
    assert Profile.objects.filter(bio_html__contains="<strong>").exists()

    # One CEO; department heads report to them or to the head of the department above.
    ceo = Profile.objects.get(manager=None)
    assert ceo.title == "Chief Executive Officer"
    for department in Department.objects.all():
        head = Profile.objects.filter(department=department).exclude(
            manager__profile__department=department
        )
        assert head.count() == 1, department
    assert not Profile.objects.filter(manager=None).exclude(pk=ceo.pk).exists()

    # Skills, interests and timelines, with can-mentor only for senior people.
    skill_counts = ProfileTopic.objects.filter(kind="skill").values("user").annotate(n=Count("id"))
    assert all(3 <= row["n"] <= 8 for row in skill_counts)
    assert len(skill_counts) == 200
    mentors = User.objects.filter(profile_topics__kind="can_mentor").distinct()
    assert not mentors.filter(profile__title__startswith="Junior").exists()
    assert not mentors.filter(profile__title__startswith="Associate").exists()
    timeline_counts = TimelineEntry.objects.values("user").annotate(n=Count("id"))
    assert len(timeline_counts) == 200
    assert all(1 <= row["n"] <= 4 for row in timeline_counts)
    assert Follow.objects.filter(topic__isnull=False).exists()
    assert Follow.objects.filter(user__isnull=False).count() > 200 * 3
    assert TrustedColleague.objects.count() >= 200

    # Privacy is visible: most share everything, some restrict fields to their department,
    # a few to themselves.
    department_only = Q()
    only_me = Q()
    for name in OPTIONAL_FIELDS:
        department_only |= Q(**{f"visibility_{name}": "department"})
        only_me |= Q(**{f"visibility_{name}": "only_me"})
    restricted = Profile.objects.filter(department_only | only_me).count()
    assert 10 <= restricted <= 100
    assert Profile.objects.filter(only_me).exists()

    # The two sign-in accounts.
    admin = User.objects.get(email="admin@northwind.example")
    assert admin.is_staff and admin.is_superuser
    member = User.objects.get(email="maria.santos@northwind.example")
    assert not member.is_staff
    assert member.profile.department.name == "Platform"
    assert member.profile.bio_html.startswith("<p>")
    assert member.follows.exists() and member.trusted.exists() and member.timeline.exists()
    wanted = member.profile_topics.filter(kind="want_to_learn").values("topic")
    assert (
        ProfileTopic.objects.filter(kind="can_mentor", topic__in=wanted)
        .exclude(user=member)
        .exists()
    )

    assert client.login(email="admin@northwind.example", password="knowflow-demo")
    client.logout()
    assert client.login(email="maria.santos@northwind.example", password="knowflow-demo")
    assert client.get("/people/").status_code == 200
    assert client.get(f"/people/{ceo.user_id}/").status_code == 200
    assert client.get("/org/departments/").status_code == 200
    # Everyone else can sign in with the same password too.
    client.logout()
    assert client.login(email=ceo.user.email, password="knowflow-demo")


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_organization():
    first = fingerprint_of_a_run(people=60, seed=7)
    second = fingerprint_of_a_run(people=60, seed=7)
    other = fingerprint_of_a_run(people=60, seed=8)

    assert len(first[0]) == 60
    assert first == second
    assert first[0] != other[0]


@pytest.mark.django_db
def test_a_larger_demo_loads_into_an_empty_database_with_more_teams():
    lines = run_demo("--people", "500", "--seed", "3", "--if-empty")

    assert User.objects.count() == 500
    assert Department.objects.count() == department_count(500) > 12
    assert_paths_consistent()
    assert_everyone_has_a_profile()
    assert User.objects.values("email").distinct().count() == 500
    assert lines[-1] == (
        f"Demo organization: 500 people, {department_count(500)} departments, "
        f"4 locations, {Topic.objects.count()} topics."
    )


@pytest.mark.django_db
def test_if_empty_does_nothing_when_there_are_people():
    make_person("Existing Person")

    lines = run_demo("--if-empty")

    assert lines == ["Database already has people; demo not loaded."]
    assert User.objects.count() == 1
    assert not Department.objects.exists()


@pytest.mark.django_db
def test_if_empty_repeats_the_sign_in_lines_of_a_loaded_demo():
    create_person(email="admin@northwind.example", full_name="Noor Haddad", password="x")

    lines = run_demo("--if-empty")

    assert lines == ["Database already has people; demo not loaded.", ADMIN_LINE]


@pytest.mark.django_db
def test_a_database_with_people_is_refused_without_if_empty():
    make_person("Existing Person")

    with pytest.raises(CommandError, match="already has people"):
        run_demo()
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_too_few_people_is_refused():
    with pytest.raises(CommandError, match="at least"):
        run_demo("--people", "5")
    assert not User.objects.exists()
