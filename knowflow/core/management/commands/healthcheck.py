"""`knowflow healthcheck`: exit 0 when the database, the cache and the task queue answer."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Min
from django.utils import timezone


class Command(BaseCommand):
    help = "Check that the database, cache and task queue answer; exit non-zero with the reason if not."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="Also fail unless at least this many `knowflow worker` processes are alive.",
        )

    def handle(self, *args, workers: int, **options) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            raise CommandError(f"database: {exc}".splitlines()[0]) from None
        try:
            cache.set("knowflow:healthcheck", "ok", 10)
            if cache.get("knowflow:healthcheck") != "ok":
                raise RuntimeError("value written was not read back")
        except Exception as exc:
            raise CommandError(f"cache: {exc}".splitlines()[0]) from None
        try:
            queue = self._queue(workers)
        except CommandError:
            raise
        except Exception as exc:
            raise CommandError(f"queue: {exc}".splitlines()[0]) from None
        backend = "redis" if settings.REDIS_URL else "local memory"
        self.stdout.write(f"ok: database {connection.vendor}, cache {backend}, queue {queue}")

    def _queue(self, required: int) -> str:
        from django_tasks import task_backends
        from django_tasks_db.backend import DatabaseBackend

        default_task_backend = task_backends["default"]
        if not isinstance(default_task_backend, DatabaseBackend):
            if required:
                raise CommandError("queue: no worker runs tasks with this TASKS_BACKEND")
            return f"{type(default_task_backend).__name__} (no workers needed)"
        from django_tasks_db.models import DBTaskResult

        from knowflow.core.worker import live_workers

        waiting = DBTaskResult.objects.ready().aggregate(n=Count("pk"), oldest=Min("enqueued_at"))
        count, oldest = waiting["n"], waiting["oldest"]
        alive = len(live_workers())
        if alive < required:
            raise CommandError(f"queue: {alive} workers alive, {required} required")
        age = f", oldest {int((timezone.now() - oldest).total_seconds())} s" if oldest else ""
        return f"database ({count} waiting{age}; {alive} workers alive)"
