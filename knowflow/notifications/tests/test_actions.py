import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from knowflow.accounts.actions import set_account_active
from knowflow.network.actions import _notify_new_follower, follow_person, unfollow_person
from knowflow.notifications.actions import (
    delete_notifications_for_post,
    mark_read,
    notify,
    set_preferences,
)
from knowflow.notifications.models import Notification, NotificationKind
from knowflow.notifications.queries import preferences_for, unread_count


def mention(recipient, actor=None, **kw):
    defaults = {
        "recipient": recipient,
        "kind": NotificationKind.MENTION,
        "actor": actor,
        "summary": f"{actor.full_name if actor else 'Someone'} mentioned you",
        "target_url": "/people/",
    }
    return notify(**(defaults | kw))


def test_notify_creates_an_unread_notification(alice, bob):
    n = mention(alice, bob, post_id=42)
    assert n is not None and n.is_unread and n.count == 1
    assert (n.recipient, n.actor, n.post_id, n.emailed_at) == (alice, bob, 42, None)
    assert unread_count(alice) == 1 and unread_count(bob) == 0


def test_notify_skips_self_inactive_and_turned_off_kinds(alice, bob, charlie):
    assert mention(alice, alice) is None  # one's own doing
    set_account_active(charlie, active=False)
    assert mention(charlie, bob) is None
    set_preferences(alice, choices={NotificationKind.MENTION: False})
    assert mention(alice, bob) is None
    # Other kinds still arrive, and turning it back on works.
    assert notify(
        recipient=alice,
        kind=NotificationKind.REPLY,
        actor=bob,
        summary="Bob replied",
        target_url="/",
    )
    set_preferences(alice, choices={NotificationKind.MENTION: True})
    assert mention(alice, bob) is not None
    assert Notification.objects.count() == 2


def test_notify_without_actor_is_allowed(alice):
    n = notify(
        recipient=alice,
        kind=NotificationKind.ANNOUNCEMENT,
        summary="  The   office\nis closed on Friday ",
        target_url="/",
    )
    assert n.actor is None and n.summary == "The office is closed on Friday"


@pytest.mark.parametrize(
    "kw",
    [
        {"kind": "nonsense"},
        {"target_url": "https://evil.example/"},
        {"target_url": "//evil.example/x"},
        {"target_url": "javascript:alert(1)"},
        {"target_url": ""},
        {"group_key": "x" * 201},
    ],
)
def test_notify_rejects_bad_arguments(alice, bob, kw):
    with pytest.raises(ValidationError):
        mention(alice, bob, **kw)
    assert not Notification.objects.exists()


def test_long_summaries_are_truncated(alice, bob):
    n = mention(alice, bob, summary="x" * 1000)
    assert len(n.summary) == 300 and n.summary.endswith("…")


def test_repeated_events_collapse_by_group_key(alice, bob, charlie):
    first = mention(alice, bob, kind=NotificationKind.REACTION, group_key="reaction:post:42")
    mark_read(alice, notification_ids=[])  # nothing given: nothing marked
    first.refresh_from_db()
    Notification.objects.filter(pk=first.pk).update(emailed_at=first.created_at)
    second = mention(
        alice,
        charlie,
        kind=NotificationKind.REACTION,
        summary="Charlie reacted to your post",
        group_key="reaction:post:42",
    )
    assert second.pk == first.pk
    second.refresh_from_db()
    assert second.count == 2 and second.actor == charlie
    assert second.summary == "Charlie reacted to your post"
    assert second.created_at > first.created_at
    assert second.emailed_at is None  # new activity: the next digest tells again
    assert Notification.objects.count() == 1 and unread_count(alice) == 1

    # Another group, or another recipient, is another notification.
    mention(alice, bob, kind=NotificationKind.REACTION, group_key="reaction:post:43")
    mention(charlie, bob, kind=NotificationKind.REACTION, group_key="reaction:post:42")
    assert Notification.objects.count() == 3

    # Once read, the next event starts a fresh unread notification.
    mark_read(alice)
    third = mention(alice, bob, kind=NotificationKind.REACTION, group_key="reaction:post:42")
    assert third.pk != first.pk and third.count == 1
    assert unread_count(alice) == 1


def test_collapsing_inside_a_caller_transaction(alice, bob):
    with transaction.atomic():
        a = mention(alice, bob, group_key="g")
        b = mention(alice, bob, group_key="g")
    assert a.pk == b.pk and Notification.objects.get().count == 2


def test_a_concurrent_insert_of_the_same_group_is_collapsed(alice, bob, monkeypatch):
    from django.db.models import QuerySet

    mention(alice, bob, group_key="g")
    # Another request inserted the group's row after this one looked: its lookup misses once,
    # the insert hits the unique constraint, and the retry updates the existing row.
    real_first, misses = QuerySet.first, []

    def first_missing_once(qs):
        if qs.model is Notification and not misses:
            misses.append(qs)
            return None
        return real_first(qs)

    monkeypatch.setattr(QuerySet, "first", first_missing_once)
    n = mention(alice, bob, group_key="g")
    assert misses and n.count == 2 and Notification.objects.get().count == 2


def test_mark_read_all_and_some(alice, bob):
    one, _two, _three = (mention(alice, bob) for _ in range(3))
    other = mention(bob, alice)
    assert mark_read(alice, notification_ids=[one.pk, other.pk]) == 1  # never someone else's
    assert unread_count(alice) == 2 and unread_count(bob) == 1
    assert mark_read(alice) == 2
    assert mark_read(alice) == 0
    assert unread_count(alice) == 0 and unread_count(bob) == 1


def test_preferences_default_on_and_are_stored_per_kind(alice, bob):
    assert preferences_for(alice) == {k: True for k in NotificationKind.values}
    set_preferences(alice, choices={"reaction": False, "thanks": False})
    set_preferences(alice, choices={"thanks": True})
    prefs = preferences_for(alice)
    assert prefs["reaction"] is False and prefs["thanks"] is True and prefs["mention"] is True
    assert preferences_for(bob)["reaction"] is True
    with pytest.raises(ValidationError):
        set_preferences(alice, choices={"nonsense": False})


def test_delete_notifications_for_post(alice, bob):
    mention(alice, bob, post_id=7)
    mention(alice, bob, post_id=8)
    assert delete_notifications_for_post(post_id=7) == 1
    assert list(Notification.objects.values_list("post_id", flat=True)) == [8]


def test_new_follower_is_notified_once_after_commit(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        follow_person(alice, person=bob)
    # One notification (the other callback forgets the follower's cached trust paths).
    assert len([c for c in callbacks if getattr(c, "func", None) is _notify_new_follower]) == 1
    n = Notification.objects.get()
    assert n.recipient == bob and n.actor == alice and n.kind == NotificationKind.NEW_FOLLOWER
    assert n.summary == "Alice Archer started following you"
    assert n.target_url == f"/people/{alice.pk}/"

    # Following again is not news; unfollowing and following again updates the same row.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        follow_person(alice, person=bob)
    assert callbacks == []
    unfollow_person(alice, person=bob)
    with django_capture_on_commit_callbacks(execute=True):
        follow_person(alice, person=bob)
    assert Notification.objects.get().count == 2


def test_new_follower_respects_preferences(alice, bob, django_capture_on_commit_callbacks):
    set_preferences(bob, choices={NotificationKind.NEW_FOLLOWER: False})
    with django_capture_on_commit_callbacks(execute=True):
        follow_person(alice, person=bob)
    assert not Notification.objects.exists()


def test_no_notification_when_the_follow_rolls_back(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                follow_person(alice, person=bob)
                raise RuntimeError("the request failed later")
        except RuntimeError:
            pass
    assert callbacks == [] and not Notification.objects.exists()
