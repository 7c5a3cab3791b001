"""In-app notifications and each person's choice of which kinds they want."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What happened; each kind can be turned off by the person who receives it."""

    MENTION = "mention", _("Someone mentions me")
    REPLY = "reply", _("Replies to my posts")
    THANKS = "thanks", _("Someone thanks me")
    REACTION = "reaction", _("Reactions to my posts")
    NEW_FOLLOWER = "new_follower", _("Someone starts following me")
    ANSWER = "answer", _("Answers to my questions")
    COMMENT = "comment", _("Comments on my posts")
    ACCEPTED_ANSWER = "accepted_answer", _("My answer is accepted")
    ANNOUNCEMENT = "announcement", _("Announcements")
    HELP_REQUEST = "help_request", _("Someone asks for my help with a question")


class Notification(models.Model):
    """Something that happened which one person should know about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(max_length=300)
    target_url = models.CharField(max_length=500)
    # A plain id, not a foreign key: the posts app did not exist when this table was made, and
    # notifications must not depend on it. The posts app owns the cleanup: when it deletes a
    # post it calls notifications.actions.delete_notifications_for_post(post_id=...).
    post_id = models.BigIntegerField(null=True, blank=True)
    # Repeated events with the same key (e.g. "reaction:post:42") collapse into one unread row.
    group_key = models.CharField(max_length=200, blank=True, default="")
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # For the email digest (a later issue): set when this notification went out by email.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # At most one unread row per group: concurrent notify() calls cannot both insert.
            models.UniqueConstraint(
                fields=["recipient", "group_key"],
                condition=Q(read_at__isnull=True) & ~Q(group_key=""),
                name="notification_one_unread_per_group",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="notification_count_positive"),
        ]
        indexes = [
            # The unread count (recipient, read_at IS NULL) and the future digest scan.
            models.Index(fields=["recipient", "read_at", "created_at"], name="notif_unread"),
            # The notifications page: newest first.
            models.Index(fields=["recipient", "-created_at"], name="notif_recent"),
            models.Index(
                fields=["post_id"], condition=Q(post_id__isnull=False), name="notif_by_post"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.summary}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """One person's choice for one kind; without a row the defaults hold (in app, no email)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: in_app={self.in_app} email={self.email}"
