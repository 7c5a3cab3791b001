"""Shared base models."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    """A model that records when each row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
