"""Profiles: what each person knows, wants to learn and has done, and who may see it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    DEPARTMENT = "department", _("My department")
    ONLY_ME = "only_me", _("Only me")


# The optional profile fields whose audience each person chooses. Name, photo, title,
# department, location and manager are the organization's shared map and always visible.
OPTIONAL_FIELDS: dict[str, str] = {
    "bio": _("About me"),
    "skills": _("Skills"),
    "ask_me_about": _("Ask me about"),
    "want_to_learn": _("Want to learn"),
    "can_mentor": _("Can mentor"),
    "aspirations": _("Aspirations"),
    "timeline": _("Career & learning timeline"),
}


def _visibility_field() -> models.CharField:
    return models.CharField(max_length=12, choices=Visibility.choices, default=Visibility.EVERYONE)


class Profile(models.Model):
    """A person's profile (one per user, created with the account)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    location = models.ForeignKey(
        "org.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    bio = models.TextField(_("about me"), blank=True)
    bio_html = models.TextField(blank=True, editable=False)
    aspirations = models.TextField(_("aspirations"), blank=True)
    aspirations_html = models.TextField(blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    visibility_bio = _visibility_field()
    visibility_skills = _visibility_field()
    visibility_ask_me_about = _visibility_field()
    visibility_want_to_learn = _visibility_field()
    visibility_can_mentor = _visibility_field()
    visibility_aspirations = _visibility_field()
    visibility_timeline = _visibility_field()

    class Meta:
        verbose_name = _("profile")
        # The few profiles that hide their declared topics from someone: read whole, from the
        # index alone, when helpers are ranked (people.queries.hiding_field).
        indexes = [
            models.Index(
                fields=["user", "department", "visibility_skills"],
                condition=~models.Q(visibility_skills="everyone"),
                name="profile_skills_restricted",
            ),
            models.Index(
                fields=["user", "department", "visibility_ask_me_about"],
                condition=~models.Q(visibility_ask_me_about="everyone"),
                name="profile_ask_me_restricted",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    def visibility_of(self, field: str) -> str:
        return getattr(self, f"visibility_{field}")


class TopicKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    ASK_ME_ABOUT = "ask_me_about", _("Ask me about")
    WANT_TO_LEARN = "want_to_learn", _("Want to learn")
    CAN_MENTOR = "can_mentor", _("Can mentor")


class ProfileTopic(models.Model):
    """A topic on a person's profile: a skill, something to ask them about, to learn or mentor."""

    # No single-column indexes: the unique constraint (user, topic, kind) and the lookup index
    # (topic, kind, user) cover both foreign keys, and a lone topic_id index tempts PostgreSQL
    # into heap scans that the covering index avoids.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile_topics",
        db_index=False,
    )
    topic = models.ForeignKey(
        "topics.Topic", on_delete=models.CASCADE, related_name="profile_topics", db_index=False
    )
    kind = models.CharField(max_length=16, choices=TopicKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "topic", "kind"], name="profiletopic_unique")
        ]
        # The directory asks "who has topic T of kind K?"
        indexes = [models.Index(fields=["topic", "kind", "user"], name="profiletopic_lookup")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.topic_id}"


class TimelineKind(models.TextChoices):
    ROLE = "role", _("Role")
    LEARNED = "learned", _("Learned")
    MILESTONE = "milestone", _("Milestone")


class TimelineEntry(models.Model):
    """One entry of a person's career and learning timeline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timeline"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TimelineKind.choices)
    title = models.CharField(_("title"), max_length=160)
    detail = models.TextField(_("detail"), blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="timeline_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title
