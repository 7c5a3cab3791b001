"""Who follows whom or what, and each person's private list of trusted colleagues."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Follow(models.Model):
    """One person following a person, a topic or a department (exactly one target is set)."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    topic = models.ForeignKey(
        "topics.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, topic__isnull=True, department__isnull=True)
                | Q(user__isnull=True, topic__isnull=False, department__isnull=True)
                | Q(user__isnull=True, topic__isnull=True, department__isnull=False),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["follower", "user"],
                condition=Q(user__isnull=False),
                name="follow_user_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "topic"],
                condition=Q(topic__isnull=False),
                name="follow_topic_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "department"],
                condition=Q(department__isnull=False),
                name="follow_department_once",
            ),
            models.CheckConstraint(condition=~Q(follower=models.F("user")), name="follow_not_self"),
        ]
        indexes = [
            models.Index(fields=["user", "follower"], name="follow_by_user"),
            models.Index(fields=["topic", "follower"], name="follow_by_topic"),
            models.Index(fields=["department", "follower"], name="follow_by_department"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} -> {self.user_id or self.topic_id or self.department_id}"


class TrustedColleague(models.Model):
    """A person on someone's private "people I turn to" list; only its owner sees it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_by"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "colleague"], name="trusted_once"),
            models.CheckConstraint(
                condition=~Q(owner=models.F("colleague")), name="trusted_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id} trusts {self.colleague_id}"
