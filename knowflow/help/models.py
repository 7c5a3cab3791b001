"""Help: the Q&A facts of questions (asked, answered, accepted, duplicate) and votes on answers.

A question, its answers and its comments are posts (posts.Post with kind question / answer /
comment): their text, audience, topics, history, mentions, reactions and thanks are the posts
app's. What only Q&A has lives here, one row beside each question.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Unanswered")
    ANSWERED = "answered", _("Answered")
    ACCEPTED = "accepted", _("Accepted answer")
    DUPLICATE = "duplicate", _("Duplicate")


def _accepted_answer_deleted(collector, field, sub_objs, using) -> None:
    """The accepted answer's row is deleted (with its author's account: answers themselves are
    deleted softly, through help.actions): the question is answered, no longer accepted."""
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(sub_objs[0]._meta.get_field("accepted_at"), None, sub_objs)
    collector.add_field_update(
        sub_objs[0]._meta.get_field("status"), QuestionStatus.ANSWERED, sub_objs
    )


def _original_deleted(collector, field, sub_objs, using) -> None:
    """The original's row is deleted (with its asker's account): its duplicates reopen."""
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(sub_objs[0]._meta.get_field("status"), QuestionStatus.OPEN, sub_objs)


class Question(models.Model):
    """The Q&A facts of a question; its title, text, audience and topics are its post's."""

    post = models.OneToOneField(
        "posts.Post", primary_key=True, on_delete=models.CASCADE, related_name="question"
    )
    # The person who asked. For an anonymous question the post's author is a placeholder
    # account (help.actions.anonymous_author), so nothing that shows authors can reveal them;
    # only this column knows, and only the asker and moderators are shown it.
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="questions_asked",
        db_index=False,
    )
    is_anonymous = models.BooleanField(default=False)
    # The question's description and the optional structure that grounds it, as the asker
    # wrote them (the post's body is all of them together: help.actions.compose_body).
    details = models.TextField(blank=True, default="")
    goal = models.TextField(blank=True, default="")  # what I am trying to do
    tried = models.TextField(blank=True, default="")  # what I have tried
    good_answer = models.TextField(blank=True, default="")  # what a good answer looks like
    status = models.CharField(
        max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=_accepted_answer_deleted, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=_original_deleted, related_name="duplicates"
    )
    duplicate_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()  # the post's, for the lists' indexes
    last_activity_at = models.DateTimeField()  # asked, answered, commented, accepted

    class Meta:
        ordering = ["-created_at", "-post"]
        indexes = [
            models.Index(fields=["-created_at", "-post"], name="question_recent"),
            models.Index(
                fields=["-created_at", "-post"],
                name="question_open",
                condition=Q(status="open"),
            ),
            models.Index(fields=["asker", "-created_at", "-post"], name="question_by_asker"),
            models.Index(
                fields=["duplicate_of"],
                name="question_duplicates",
                condition=Q(duplicate_of__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("post")), name="question_not_own_duplicate"
            ),
        ]
        permissions = [
            ("moderate", "Can moderate questions: mark duplicates, accept answers, see askers")
        ]

    def __str__(self) -> str:
        return f"question {self.post_id} ({self.status})"


class AnswerVote(models.Model):
    """One person's up-vote on an answer (once per person: the constraint makes it race-safe)."""

    answer = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["answer", "user"], name="answervote_once")]

    def __str__(self) -> str:
        return f"vote by {self.user_id} on {self.answer_id}"
