"""What people say about who knows what. The rest of expertise is read from what people did
(answers, accepted answers, votes: expertise.queries)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Endorsement(models.Model):
    """A colleague vouching that someone knows a topic: once per pair and topic, withdrawable
    (the row goes)."""

    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsements_given"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements",
        db_index=False,  # the lookup index leads with topic, then person
    )
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="endorsements", db_index=False
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("endorsement")
        constraints = [
            models.UniqueConstraint(
                fields=["endorser", "person", "topic"], name="endorsement_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(endorser=models.F("person")), name="endorsement_not_self"
            ),
        ]
        indexes = [models.Index(fields=["topic", "person"], name="endorsement_lookup")]

    def __str__(self) -> str:
        return f"{self.endorser_id} endorses {self.person_id} on {self.topic_id}"


class NotSuggested(models.Model):
    """Someone who asked not to be suggested as a helper or listed as knowing a topic. Their
    evidence stays (their answers are still theirs); they are just never routed to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="not_suggested",
    )
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("opt-out from suggestions")

    def __str__(self) -> str:
        return f"{self.user_id} is not suggested"


class InvitationStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")
    FORWARDED = "forwarded", _("Forwarded")


class Invitation(models.Model):
    """The router (or a colleague forwarding) asking someone to help with a question."""

    question = models.ForeignKey(
        "help.Question", on_delete=models.CASCADE, related_name="invitations"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="help_invitations",
        db_index=False,  # the (person, status) index leads with it
    )
    # Who forwarded it; None when the router invited them.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    step = models.PositiveSmallIntegerField(default=0)  # the router's round that invited them
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN
    )
    not_my_area = models.BooleanField(default=False)  # declined as outside what they know
    created_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to help")
        constraints = [
            models.UniqueConstraint(fields=["question", "person"], name="invitation_once")
        ]
        indexes = [models.Index(fields=["person", "status"], name="invitation_person")]

    def __str__(self) -> str:
        return f"{self.person_id} invited to {self.question_id} ({self.status})"


class Routing(models.Model):
    """Where the router is with a question: the round it has reached, and when it looks again
    (a task is queued for that moment; a round runs once, however often its task runs)."""

    question = models.OneToOneField(
        "help.Question", primary_key=True, on_delete=models.CASCADE, related_name="routing"
    )
    step = models.PositiveSmallIntegerField(default=0)
    next_at = models.DateTimeField(null=True, blank=True)  # None: done (answered, or no more)

    def __str__(self) -> str:
        return f"routing of {self.question_id}: round {self.step}"
