"""`knowflow worker`: the task worker, with leases, so that a task survives its worker's death.

django-tasks-db's worker (`db_worker`) claims a task by marking it RUNNING and appending its
id to the task's `worker_ids`; if that process is then killed (SIGKILL, the OOM killer, a
host lost), nothing ever takes the task back: it stays RUNNING forever. This worker keeps a
heartbeat row (core.WorkerHeartbeat) fresh from a thread while it lives, and every worker,
on the same beat, hands back to the queue the tasks whose worker's heartbeat has gone stale
for longer than the lease. A task handed back too often (a task that kills its worker) is
marked failed instead of looping.

Delivery is therefore at least once; the task bodies make it exactly once in effect: each
runs in one transaction (a killed worker's work is rolled back by the database) and does
nothing when its work is already done (the router's rounds are keyed by question and step,
embeddings are upserts). A worker that outlived its lease (paused, cut off from the
database) and then finishes does not overwrite the result of the worker that took over.

Shutdown: SIGTERM or SIGINT lets the running task finish, then the worker exits (systemd's
TimeoutStopSec must be longer than the longest task); a second signal stops at once and the
task goes back to the queue for another worker.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as DBWorker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .models import WorkerHeartbeat

logger = logging.getLogger("knowflow.worker")

# Worker ids of this worker start with this, so tasks claimed by another kind of worker
# (a plain `db_worker`, which keeps no heartbeat) are never taken from it.
ID_PREFIX = "kf:"
DEFAULT_MAX_ATTEMPTS = 3  # workers lost while running one task before it is marked failed
FORGET_AFTER = timedelta(days=1)  # stale heartbeat rows are deleted after this


class WorkerLost(Exception):
    """Recorded as a task's failure when the workers running it died too many times."""


def new_worker_id() -> str:
    host = socket.gethostname()[:30]
    return f"{ID_PREFIX}{host}:{os.getpid()}:{get_random_string(8)}"


def beat(worker_id: str, *, started_at=None) -> None:
    """Refresh (or create) this worker's heartbeat row."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(pk=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            started_at=started_at or now,
            seen_at=now,
        )


def default_lease() -> float:
    """Seconds without a heartbeat before a worker's tasks are taken back (a setting, so that
    every worker and the health check agree)."""
    return float(settings.WORKER_LEASE_SECONDS)


def live_workers(*, lease: float | None = None, now=None) -> list[WorkerHeartbeat]:
    cutoff = (now or timezone.now()) - timedelta(seconds=lease or default_lease())
    return list(WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).order_by("started_at"))


def recover_stale(
    *,
    backend_name: str = "default",
    lease: float | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    now=None,
) -> tuple[int, int]:
    """Hand back to the queue the running tasks whose worker is gone; returns (requeued,
    failed). Safe to call from every worker at once: rows are locked, and a task is only
    touched while it is still RUNNING under the same worker."""
    now = now or timezone.now()
    lease = lease or default_lease()
    alive = {w.worker_id for w in live_workers(lease=lease, now=now)}

    def stale(task: DBTaskResult) -> bool:
        owner = task.worker_ids[-1] if task.worker_ids else ""
        # A task claimed a moment ago by a worker whose first beat is still in flight is not
        # stale: the lease runs from the claim too.
        return (
            owner.startswith(ID_PREFIX)
            and owner not in alive
            and not (task.started_at and task.started_at >= now - timedelta(seconds=lease))
        )

    running = DBTaskResult.objects.running().filter(backend_name=backend_name)
    # Looked at without a lock first: on SQLite the lock stops every writer for its length,
    # and on almost every beat there is nothing to take back.
    candidates = [task.pk for task in running.only("worker_ids", "started_at") if stale(task)]
    requeued = failed = 0
    if candidates:
        requeued, failed = _take_back(running, candidates, stale, max_attempts)
    forgotten = WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER)
    if forgotten.exists():  # a DELETE would take SQLite's write lock even for no row
        forgotten.delete()
    return requeued, failed


def _take_back(running, candidates, stale, max_attempts: int) -> tuple[int, int]:
    requeued = failed = 0
    with exclusive_transaction(DBTaskResult.objects.db):
        for task in running.filter(pk__in=candidates).select_for_update(skip_locked=True):
            if not stale(task):  # claimed again, or finished, since the first look
                continue
            owner = task.worker_ids[-1]
            if len(task.worker_ids) >= max_attempts:
                task.set_failed(
                    WorkerLost(
                        f"the worker running this task stopped {len(task.worker_ids)} times "
                        f"({', '.join(task.worker_ids)}); not retried again"
                    )
                )
                failed += 1
                logger.error("Task %s (%s) failed: its workers were lost", task.pk, task.task_path)
            else:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                requeued += 1
                logger.warning(
                    "Task %s (%s) handed back to the queue: worker %s stopped mid-task",
                    task.pk,
                    task.task_path,
                    owner,
                )
    return requeued, failed


class Worker(DBWorker):
    """django-tasks-db's worker, with a heartbeat, recovery of other workers' lost tasks,
    and a result written only by the worker that still owns the task."""

    def __init__(self, *, lease: float, max_attempts: int, beat_every: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lease = lease
        self.max_attempts = max_attempts
        self.beat_every = beat_every
        self._stop = threading.Event()

    def run(self) -> None:
        started = timezone.now()
        beat(self.worker_id, started_at=started)
        heart = threading.Thread(target=self._heartbeat, name="heartbeat", daemon=True)
        heart.start()
        try:
            super().run()
        finally:
            self._stop.set()
            heart.join(timeout=self.beat_every + 5)
            try:
                close_old_connections()
                WorkerHeartbeat.objects.filter(pk=self.worker_id).delete()
            except Exception:  # the database may be what stopped us; the lease expires anyway
                logger.exception("Could not remove the heartbeat of %s", self.worker_id)
            logger.info("Worker %s stopped", self.worker_id)

    def _heartbeat(self) -> None:
        # Its own database connection (Django's are per thread), closed when it ends.
        try:
            while not self._stop.wait(self.beat_every):
                try:
                    beat(self.worker_id)
                    recover_stale(
                        backend_name=self.backend_name,
                        lease=self.lease,
                        max_attempts=self.max_attempts,
                    )
                except Exception:
                    # A database restart or a busy SQLite file: try again on the next beat.
                    logger.exception("Heartbeat of %s failed", self.worker_id)
                    connection.close()
        finally:
            connection.close()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """django-tasks-db's run_task, with the outcome written through finish()."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = task.get_backend()
            task_started.send(sender=backend_type, task_result=task_result)
            args, kwargs = task_result.args, task_result.kwargs
            if task.takes_context:
                value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
            # Inside the try: a value that cannot be stored (JSON) is recorded as a failure.
            # The row as recorded, for the signal and its log line.
            recorded = finish(db_task_result, self.worker_id, ok=True, value=value)
            task_finished.send(
                sender=backend_type, task_result=(recorded or db_task_result).task_result
            )
        except BaseException as exc:
            recorded = finish(db_task_result, self.worker_id, ok=False, exc=exc)
            if isinstance(exc, (SystemExit, KeyboardInterrupt)):
                raise
            try:
                sender = type(db_task_result.task.get_backend())
                task_finished.send(
                    sender=sender, task_result=(recorded or db_task_result).task_result
                )
            except (ImportError, SuspiciousOperation):
                logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
        finally:
            self.running_task = False
            self._run_tasks += 1


def _owned(task_id, worker_id: str) -> DBTaskResult | None:
    task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
    if task is None or task.status != TaskResultStatus.RUNNING or not task.worker_ids:
        return None
    return task if task.worker_ids[-1] == worker_id else None


def finish(
    db_task_result: DBTaskResult, worker_id: str, *, ok: bool, value=None, exc=None
) -> DBTaskResult | None:
    """Record a task's outcome if this worker still owns it (and return the row as recorded;
    None if another worker owns it now); a forced stop (SystemExit, KeyboardInterrupt) hands
    it back to the queue instead of failing it."""
    with transaction.atomic(using=DBTaskResult.objects.db):
        task = _owned(db_task_result.pk, worker_id)
        if task is None:
            logger.warning(
                "Task %s finished on %s after its lease ran out; another worker owns it now, "
                "so this result is dropped",
                db_task_result.pk,
                worker_id,
            )
            return None
        if ok:
            task.set_successful(value)
        elif isinstance(exc, (SystemExit, KeyboardInterrupt)):
            task.status = TaskResultStatus.READY
            task.started_at = None
            task.save(update_fields=["status", "started_at"])
            logger.warning("Task %s handed back to the queue: the worker was stopped", task.pk)
        else:
            task.set_failed(exc)
        return task
