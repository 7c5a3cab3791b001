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
