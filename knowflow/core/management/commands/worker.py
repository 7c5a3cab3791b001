"""`knowflow worker`: run background tasks (knowflow/core/worker.py). Run as many as you like,
on any host that reaches the database: each task runs once; a worker's tasks are taken over by
another when it dies mid-task."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import DEFAULT_TASK_QUEUE_NAME, InvalidTaskBackend, task_backends

from knowflow.core.worker import DEFAULT_MAX_ATTEMPTS, Worker, default_lease, new_worker_id


class Command(BaseCommand):
    help = "Run background tasks from the database queue (several workers may run at once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to run, separated by commas; '*' for all (default: %(default)s).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks at an empty queue (default: %(default)s).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is queued now, then exit."
        )
        parser.add_argument(
            "--max-tasks", type=int, default=None, help="Exit after running this many tasks."
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=None,
            help="Seconds without a heartbeat after which a worker's running task is handed "
            "to another worker (default: the WORKER_LEASE_SECONDS setting, 60; every worker "
            "should use the same, so set that instead).",
        )
        parser.add_argument(
            "--beat",
            type=float,
            default=None,
            help="Seconds between heartbeats (default: a sixth of the lease).",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=DEFAULT_MAX_ATTEMPTS,
            help="Workers lost while running one task before it is marked failed "
            "(default: %(default)s).",
        )
        parser.add_argument("--backend", default="default", help="Task backend alias.")

    def handle(
        self,
        *args,
        queue_name: str,
        interval: float,
        batch: bool,
        max_tasks: int | None,
        lease: float | None,
        beat: float | None,
        max_attempts: int,
        backend: str,
        verbosity: int,
        **options,
    ) -> None:
        lease = lease if lease is not None else default_lease()
        beat = beat if beat is not None else lease / 6
        if interval < 0 or lease <= 0 or beat <= 0:
            raise CommandError("--interval must be >= 0, --lease and --beat > 0.")
        if beat * 2 > lease:
            raise CommandError(f"--beat {beat:g} must be at most half of --lease {lease:g}.")
        if max_attempts < 1 or (max_tasks is not None and max_tasks < 1):
            raise CommandError("--max-attempts and --max-tasks must be at least 1.")
        queues = [q for q in queue_name.split(",") if q]
        if not queues:
            raise CommandError("--queue-name names no queue.")

        try:
            task_backend = task_backends[backend]
        except InvalidTaskBackend as exc:
            raise CommandError(str(exc.args[0])) from None
        if not isinstance(task_backend, DatabaseBackend):
            raise CommandError(
                f"The task backend {backend!r} is {type(task_backend).__name__}, not the database "
                "queue: set TASKS_BACKEND=django_tasks_db.DatabaseBackend (the default)."
            )
        level = logging.WARNING if verbosity == 0 else logging.INFO
        for name in ("knowflow.worker", "django_tasks_db", "django_tasks"):
            logging.getLogger(name).setLevel(level)

        worker = Worker(
            queue_names=queues,
            interval=interval,
            batch=batch,
            backend_name=backend,
            startup_delay=not batch and interval > 0,
            max_tasks=max_tasks,
            worker_id=new_worker_id(),
            excluded_queue_names=[],
            lease=lease,
            max_attempts=max_attempts,
            beat_every=beat,
        )
        if verbosity:
            self.stdout.write(
                f"Knowflow worker {worker.worker_id}: queues {','.join(queues)}, "
                f"lease {lease:g} s, database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
            )
            self.stdout.flush()
        worker.configure_signals()
        worker.run()
