import datetime as dt
from io import StringIO
from string import Formatter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from knowflow.accounts.actions import create_person
from knowflow.accounts.models import User
from knowflow.core.markdown import HASHTAG_RE, MENTION_RE
from knowflow.core.testing import make_person
from knowflow.demo import data, generator
from knowflow.demo.generator import department_count, load_demo
from knowflow.network.models import Follow, TrustedColleague
from knowflow.notifications.models import Notification
from knowflow.org.models import Department, Location, SignupMode
from knowflow.org.queries import get_organization
from knowflow.people.models import OPTIONAL_FIELDS, Profile, ProfileTopic, TimelineEntry
from knowflow.posts.actions import extract_mentions
from knowflow.posts.models import Mention, Post, Reaction, Thanks
from knowflow.posts.queries import active_announcements, home_feed, posts_visible_to
from knowflow.topics.models import Topic, TopicSynonym
from knowflow.topics.queries import topic_slug

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
    # Post times follow the clock; what was posted, by whom, for whom and in reply to what
    # does not.
    posts = sorted(
        Post.objects.values_list(
            "author__email", "body", "audience", "department__name", "parent__body"
        ),
        key=str,
    )
    reactions = sorted(Reaction.objects.values_list("user__email", "kind", "post__body"))
    thanks = sorted(Thanks.objects.values_list("sender__email", "post__body", "message"))
    return people, topics, follows, timeline, posts, reactions, thanks


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
def test_default_demo_is_a_believable_organization(client, django_capture_on_commit_callbacks):
    # The demo's notifications are sent when its transactions commit.
    with django_capture_on_commit_callbacks(execute=True):
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

    assert_flows_are_believable(admin=admin, member=member)
    assert client.get("/").status_code == 200
    assert client.get("/notifications/").status_code == 200


def assert_flows_are_believable(*, admin, member):
    now = timezone.now()
    roots = Post.objects.filter(root__isnull=True)
    replies = Post.objects.filter(root__isnull=False)
    assert 250 <= roots.count() <= 320
    # About a third of the threads have replies, and replies come after what they answer.
    assert 0.25 <= roots.filter(reply_count__gt=0).count() / roots.count() <= 0.5
    assert replies.count() >= 150
    assert not replies.filter(created_at__lte=F("parent__created_at")).exists()
    # Spread over the last couple of months, never in the future, with fresh posts this week.
    assert not Post.objects.filter(created_at__gt=now).exists()
    assert not Post.objects.filter(created_at__lt=now - dt.timedelta(days=70)).exists()
    assert roots.filter(created_at__gte=now - dt.timedelta(days=7)).count() >= 20
    # Many people post, nobody dominates.
    authors = roots.values("author").annotate(n=Count("id"))
    assert len(authors) >= 60
    assert max(row["n"] for row in authors) <= 25
    # Reactions of every kind, several on the popular posts; a few public thanks.
    assert Reaction.objects.count() >= 200
    assert set(Reaction.objects.values_list("kind", flat=True)) == {
        "thanks",
        "insightful",
        "plus_one",
        "celebrate",
    }
    assert roots.filter(reaction_count__gte=5).count() >= 5
    assert 5 <= Thanks.objects.count() <= 60
    # Hashtags are demo topics (posting created no new ones); every @mention is a colleague.
    assert Topic.objects.count() == len(data.TOPICS)
    assert roots.filter(post_topics__isnull=False).distinct().count() >= 0.9 * roots.count()
    locals_ = {email.split("@")[0] for email in User.objects.values_list("email", flat=True)}
    for body in Post.objects.values_list("body", flat=True):
        assert set(extract_mentions(body)) <= locals_, body
    assert Mention.objects.count() >= 50

    # Pinned announcements by the admin, who holds the permission to post them.
    assert admin.user_permissions.filter(
        codename="announce", content_type__app_label="posts"
    ).exists()
    announcements = Post.objects.filter(is_announcement=True)
    assert announcements.count() == 2
    assert set(announcements.values_list("author", flat=True)) == {admin.pk}
    assert len(active_announcements(member)) == 2

    # About a fifth of the threads are for the author's department only, and only that
    # department (with its sub-teams) sees them.
    department_only = roots.filter(audience="department")
    assert 0.1 <= department_only.count() / roots.count() <= 0.3
    assert not department_only.exclude(department=F("author__profile__department")).exists()
    post = department_only.select_related("department").first()
    outsider = User.objects.exclude(
        profile__department__path__startswith=post.department.path
    ).first()
    insider = User.objects.filter(profile__department=post.department).exclude(pk=post.author_id)
    assert not posts_visible_to(outsider).filter(pk=post.pk).exists()
    assert posts_visible_to(insider.first()).filter(pk=post.pk).exists()
    visible = posts_visible_to(outsider).filter(audience="department")
    assert not visible.exclude(
        department__in=Department.objects.filter(
            pk__in=outsider.profile.department.path.strip("/").split("/")
        )
    ).exists()

    # The newest posts don't repeat each other.
    newest = list(roots.order_by("-created_at").values_list("body", flat=True)[:25])
    assert len({body[:40] for body in newest}) == len(newest)

    # The member's feed is lively: a full first page, mentions, a thread of her own.
    page = home_feed(member)
    assert len(page.posts) == 20 and page.next_cursor is not None
    assert len({p.author_id for p in page.posts}) >= 8
    assert len({p.body[:40] for p in page.posts}) == 20
    assert Mention.objects.filter(user=member).count() >= 3
    assert roots.filter(author=member, reply_count__gte=2).exists()
    assert Follow.objects.filter(follower=member, department__name="Data & AI").exists()
    # ... and so are her notifications: dated when things happened, the older ones read.
    notifications = Notification.objects.filter(recipient=member)
    assert {"mention", "reply", "reaction"} <= set(notifications.values_list("kind", flat=True))
    assert notifications.filter(created_at__lt=now - dt.timedelta(days=5)).exists()
    assert notifications.filter(read_at__isnull=True).exists()
    assert notifications.filter(read_at__isnull=False).exists()


def all_flow_texts():
    yield from (t.text for t in data.GENERIC_FLOWS)
    yield from (t.text for templates in data.AREA_FLOWS.values() for t in templates)
    yield from (text for _days, _kind, text, _replies in data.MEMBER_FLOWS)
    yield from (text for _days, _who, _kind, text in data.MEMBER_MENTION_FLOWS)
    yield from (text for _days, text, _replies in data.ANNOUNCEMENTS)


def test_flow_texts_use_known_slots_topics_and_no_literal_mentions():
    known = {t.slug for t in data.TOPICS} | {
        topic_slug(synonym) for t in data.TOPICS for synonym in t.synonyms
    }
    slots = generator.FLOW_SLOTS | {"member", "learning_week"}
    for text in all_flow_texts():
        fields = {name for _lit, name, _spec, _conv in Formatter().parse(text) if name}
        assert fields <= slots, text
        assert {topic_slug(tag) for tag in HASHTAG_RE.findall(text)} <= known, text
        assert not MENTION_RE.findall(text), text
    for spec in [*data.BOOKS, *data.LINKS]:
        assert set(spec.topics) <= known
    for template in [*data.GENERIC_FLOWS, *(t for ts in data.AREA_FLOWS.values() for t in ts)]:
        assert template.kind in data.REPLIES and template.kind in data.REACTION_BASE


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_organization(monkeypatch):
    monkeypatch.setattr(generator, "MAX_FLOWS", 40)  # fewer posts: the same code, faster
    first = fingerprint_of_a_run(people=60, seed=7)
    second = fingerprint_of_a_run(people=60, seed=7)
    other = fingerprint_of_a_run(people=60, seed=8)

    assert len(first[0]) == 60
    assert len([p for p in first[4] if p[4] is None]) == 40 + len(data.ANNOUNCEMENTS)
    assert first[5] and first[6] is not None
    assert first == second
    assert first[0] != other[0]
    assert first[4] != other[4]


@pytest.mark.django_db
def test_a_larger_demo_loads_into_an_empty_database_with_more_teams(monkeypatch):
    monkeypatch.setattr(generator, "MAX_FLOWS", 30)  # posts are tested above
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
def test_benchmarks_can_leave_the_flows_out():
    load_demo(people=40, seed=1, flows=False)

    assert User.objects.count() == 40
    assert not Post.objects.exists()


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
