"""The router: invitations when a question is posted, load spreading, declining, forwarding,
and widening once per round after the wait (working days)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from knowflow.core.testing import make_person
from knowflow.expertise.actions import decline_invitation, forward_invitation
from knowflow.expertise.models import Invitation, InvitationStatus, Routing
from knowflow.expertise.routing import add_working_hours, route_question, widen_due
from knowflow.help.actions import answer_question, ask_question
from knowflow.network.actions import follow_topic
from knowflow.notifications.models import Notification
from knowflow.topics.models import Topic


@pytest.fixture
def experts(alice, bob, charlie, engineering):
    """Bob and Charlie have answered on PostgreSQL; Erin on Kafka."""
    erin = make_person("Erin Evans", department=engineering)
    asked = ask_question(alice, title="Vacuum settings for a busy table", topics=["PostgreSQL"])
    answer_question(bob, asked, body="Lower the scale factor.")
    answer_question(charlie, asked, body="Vacuum by hand at night.")
    other = ask_question(alice, title="Consumer lag on the events topic", topics=["Kafka"])
    answer_question(erin, other, body="Add partitions.")
    return {"bob": bob, "charlie": charlie, "erin": erin}


def invited(question) -> set[int]:
    return set(Invitation.objects.filter(question=question).values_list("person_id", flat=True))


def test_a_new_question_invites_likely_helpers_with_the_reason(
    experts, alice, bob, charlie, engineering, django_capture_on_commit_callbacks
):
    dana = make_person("Dana Diaz", department=engineering)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask_question(dana, title="Autovacuum never finishes", topics=["PostgreSQL"])
    assert {bob.pk, charlie.pk} <= invited(question) and dana.pk not in invited(question)
    note = Notification.objects.get(recipient=bob, kind="help_request")
    assert "Autovacuum never finishes" in note.summary and "#postgresql" in note.summary
    assert Routing.objects.get(question=question).step == 0


def test_busy_people_and_people_who_declined_lately_are_passed_over(experts, alice, bob):
    for n in range(3):
        q = ask_question(alice, title=f"Index bloat {n}", topics=["Kafka"])
        Invitation.objects.create(question=q, person=bob, reason="", created_at=timezone.now())
    question = ask_question(alice, title="Autovacuum never finishes", topics=["PostgreSQL"])
    route_question(question)
    assert bob.pk not in invited(question) and experts["charlie"].pk in invited(question)
    charlie = experts["charlie"]
    decline_invitation(charlie, Invitation.objects.get(question=question, person=charlie))
    later = ask_question(alice, title="Replication slot keeps growing", topics=["PostgreSQL"])
    route_question(later)
    assert charlie.pk not in invited(later)


def test_not_my_area_keeps_the_router_away_from_those_topics(experts, alice, settings):
    settings.ROUTING_DECLINE_PAUSE_DAYS = 0
    erin = experts["erin"]
    question = ask_question(alice, title="Kafka consumer rebalances", topics=["Kafka"])
    route_question(question)
    invitation = Invitation.objects.get(question=question, person=erin)
    decline_invitation(erin, invitation, not_my_area=True)
    with pytest.raises(ValidationError):
        decline_invitation(erin, invitation)  # dealt with already
    with pytest.raises(PermissionDenied):
        decline_invitation(alice, Invitation.objects.exclude(person=erin).first() or invitation)
    later = ask_question(alice, title="Kafka retention settings", topics=["Kafka"])
    route_question(later)
    assert erin.pk not in invited(later)


def test_forwarding_to_a_colleague(experts, alice, charlie, engineering):
    bob = experts["bob"]
    frank = make_person("Frank Fox", department=engineering)
    question = ask_question(
        alice,
        title="Autovacuum on the billing cluster",
        topics=["PostgreSQL"],
        audience="department",
        department=engineering,
    )
    route_question(question)
    invitation = Invitation.objects.get(question=question, person=bob)
    with pytest.raises(ValidationError):
        forward_invitation(bob, invitation, to=charlie)  # Sales cannot see it
    with pytest.raises(ValidationError):
        forward_invitation(bob, invitation, to=alice)  # the asker
    forwarded = forward_invitation(bob, invitation, to=frank)
    assert forwarded.status == InvitationStatus.FORWARDED
    created = Invitation.objects.get(question=question, person=frank)
    assert created.invited_by == bob


def test_the_router_widens_once_per_round_then_stops(experts, alice, bob, engineering, settings):
    settings.ROUTING_HELPERS = 1
    follower = make_person("Gus Green", department=engineering)
    follow_topic(follower, topic=Topic.objects.get(slug="postgresql"))
    question = ask_question(alice, title="Autovacuum never finishes", topics=["PostgreSQL"])
    route_question(question)
    assert route_question(question) == []  # the first round runs once
    first = invited(question)
    assert len(first) == 1
    routing = Routing.objects.get(question=question)
    assert widen_due(routing.next_at - timedelta(minutes=1)) == 0  # not yet
    due = routing.next_at + timedelta(minutes=1)
    assert widen_due(due) == 1 and widen_due(due) == 0  # round 1 once
    assert len(invited(question)) == 2
    later = Routing.objects.get(question=question).next_at
    widen_due(later + timedelta(minutes=1))  # round 2: the topic's followers
    assert follower.pk in invited(question)
    routing = Routing.objects.get(question=question)
    assert (routing.step, routing.next_at) == (2, None)
    assert widen_due(later + timedelta(days=30)) == 0


def test_an_answer_stops_the_router_and_closes_the_invitation(experts, alice):
    question = ask_question(alice, title="Autovacuum never finishes", topics=["PostgreSQL"])
    route_question(question)
    bob = experts["bob"]
    answer_question(bob, question, body="Check for long transactions.")
    assert Invitation.objects.get(question=question, person=bob).status == "answered"
    assert Routing.objects.get(question=question).next_at is None
    assert widen_due(timezone.now() + timedelta(days=30)) == 0


def test_the_wait_counts_working_days_only():
    paris = ZoneInfo("Europe/Paris")
    with override_settings(TIME_ZONE="Europe/Paris"):  # the server's days, not the asker's
        _check_working_hours(paris)


def _check_working_hours(paris):
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=paris)
    assert add_working_hours(friday, 24) == datetime(2026, 11, 30, 10, 0, tzinfo=paris)
    saturday = datetime(2026, 11, 28, 12, 0, tzinfo=paris)
    assert add_working_hours(saturday, 24) == datetime(2026, 12, 1, 0, 0, tzinfo=paris)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=paris)
    assert add_working_hours(monday, 2) == datetime(2026, 11, 30, 11, 0, tzinfo=paris)


def test_rounds_are_queued_in_the_database_and_survive_a_restart(
    experts, alice, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        question = ask_question(alice, title="Autovacuum never finishes", topics=["PostgreSQL"])
    # The first round is a queued task (a worker runs it), kept in the database.
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [question.pk, 0]
    with django_capture_on_commit_callbacks(execute=True):
        route_question(question)
    later = DBTaskResult.objects.exclude(pk=queued.pk).get()
    assert later.args_kwargs["args"] == [question.pk, 1]
    assert later.run_after == Routing.objects.get(question=question).next_at


def test_route_due_command(experts, alice, settings):
    from io import StringIO

    from django.core.management import call_command

    question = ask_question(alice, title="Autovacuum never finishes", topics=["PostgreSQL"])
    route_question(question)
    Routing.objects.filter(question=question).update(next_at=timezone.now())
    out = StringIO()
    call_command("route_due", stdout=out)
    assert Routing.objects.get(question=question).step == 1
    assert out.getvalue().endswith("invitations sent\n")


def test_forwarding_never_tells_who_asked_anonymously_or_who_opted_out(
    experts, alice, engineering, settings
):
    from knowflow.expertise.actions import set_suggested
    from knowflow.org.actions import update_organization

    update_organization(allow_anonymous_questions=True)
    bob = experts["bob"]
    frank = make_person("Frank Fox", department=engineering)
    set_suggested(frank, suggested=False)
    question = ask_question(
        alice, title="Autovacuum never finishes", topics=["PostgreSQL"], anonymous=True
    )
    route_question(question)
    invitation = Invitation.objects.get(question=question, person=bob)
    # Forwarding to the real asker looks like any forward, and invites nobody.
    assert forward_invitation(bob, invitation, to=alice).status == InvitationStatus.FORWARDED
    assert not Invitation.objects.filter(question=question, person=alice).exists()
    charlie = experts["charlie"]
    other = Invitation.objects.get(question=question, person=charlie)
    assert forward_invitation(charlie, other, to=frank).status == InvitationStatus.FORWARDED
    assert not Invitation.objects.filter(question=question, person=frank).exists()


def test_invitations_to_questions_answered_since_keep_nobody_busy(experts, alice, bob):
    from knowflow.expertise.queries import open_invitations

    for n in range(3):
        q = ask_question(alice, title=f"Index bloat {n}", topics=["Kafka"])
        Invitation.objects.create(question=q, person=bob, reason="", created_at=timezone.now())
        answer_question(experts["erin"], q, body="Answered by someone else.")
    assert list(open_invitations(bob)) == []
    question = ask_question(alice, title="Autovacuum never finishes", topics=["PostgreSQL"])
    route_question(question)
    assert bob.pk in invited(question)
