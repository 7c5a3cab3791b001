"""What people say about who knows what, and the sums of what they did (answers, accepted
answers, votes, posts, thanks) per topic, kept as it is written (expertise.tallies); the
rest of expertise is read from what people did (expertise.queries)."""

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
        indexes = [
            models.Index(fields=["person", "status"], name="invitation_person"),
            # The "not my area" declines, read whole when a question is routed.
            models.Index(
                fields=["question", "person"],
                condition=models.Q(not_my_area=True),
                name="invitation_not_my_area",
            ),
        ]

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


class TopicEvidence(models.Model):
    """One person's answers and posts on one topic that one audience may see, summed: what a
    ranking reads instead of every post on the topic. Rewritten from the posts, in the same
    transaction, whenever something they sum changes (expertise.tallies); never written by
    hand. A post on two topics counts on each (its weight was always its topics' count)."""

    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="+", db_index=False
    )  # the unique index leads with it
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the refresh index leads with it
    )
    # Who may see the posts summed: 0 for everyone, else the department whose members (and
    # those of its sub-teams) may (posts.Audience). Not a foreign key: 0 has no row.
    scope = models.PositiveIntegerField()
    answers = models.PositiveIntegerField(default=0)
    posts = models.PositiveIntegerField(default=0)
    upvotes = models.PositiveIntegerField(default=0)  # on those answers
    accepted = models.PositiveIntegerField(default=0)  # of those answers
    thanks = models.PositiveIntegerField(default=0)  # received for those answers and posts
    # Their weight as evidence (expertise.queries), each item's grown by e^(days from
    # tallies.EPOCH / KNOWLEDGE_DAYS): times e^(-days from EPOCH to now / KNOWLEDGE_DAYS), the
    # sum decayed as of now, without rewriting a row as time passes.
    weight = models.FloatField(default=0.0)
    latest_at = models.DateTimeField()  # the latest of those answers and posts

    class Meta:
        verbose_name = _("evidence on a topic")
        verbose_name_plural = _("evidence on topics")
        constraints = [
            models.UniqueConstraint(fields=["topic", "scope", "person"], name="topic_evidence_once")
        ]
        indexes = [
            models.Index(fields=["person", "topic"], name="topic_evidence_person"),
            # A ranking reads the topics' weights from the index alone.
            models.Index(fields=["topic", "scope", "person", "weight"], name="topic_evidence_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.topic_id} (scope {self.scope})"
