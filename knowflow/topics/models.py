"""Topics: the one shared vocabulary for skills, hashtags, question tags and interests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A subject people know, ask, write and learn about (#kubernetes, #negotiation)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")

    def __str__(self) -> str:
        return self.name


class TopicSynonym(models.Model):
    """Another name for a topic (k8s for kubernetes); merged topics leave their slug here."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="synonyms")
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic synonym")

    def __str__(self) -> str:
        return self.name
