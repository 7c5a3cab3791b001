"""Imports: which local object each imported source object became.

One row per object of a source (a Stack Exchange site, by its host name) that an import
created: (source, kind, source id) -> local id. Every batch of an import commits its objects
and their rows in one transaction, so a re-run skips what is here (idempotent) and a run that
was killed part-way resumes where its last committed batch ended.
"""

from __future__ import annotations

from django.db import models


class ImportedObject(models.Model):
    """A source object (a site's post, user, tag, comment...) and the local object it became."""

    source = models.CharField(max_length=100)  # e.g. "ai.stackexchange.com"
    kind = models.CharField(max_length=16)  # question, answer, comment, person, topic, ...
    source_id = models.BigIntegerField()
    object_id = models.BigIntegerField()  # the local row's primary key (the kind says which table)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="importedobject_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.source_id} -> {self.object_id}"
