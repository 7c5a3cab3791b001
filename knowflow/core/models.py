"""Shared base models."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    """A model that records when each row was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """A running `knowflow worker` process (knowflow/core/worker.py).

    The row is the worker's lease on the tasks it has claimed: it is refreshed every few
    seconds and deleted when the worker stops. A task still marked running whose worker's
    row has gone stale (a worker killed, or its host lost) is handed to another worker."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.IntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker_id} (pid {self.pid} on {self.hostname})"
