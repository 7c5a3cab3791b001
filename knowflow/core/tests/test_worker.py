"""`knowflow worker`: leases on running tasks, recovery after a worker dies, one result."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from knowflow.core.models import WorkerHeartbeat
from knowflow.core.testing import wait_for
from knowflow.core.worker import ID_PREFIX, beat, finish, live_workers, recover_stale

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
HOLD = "knowflow.core.tests.tasks.hold"


def _task(*, status=TaskResultStatus.READY, workers=(), started_ago: float | None = None, **kw):
    now = timezone.now()
    return DBTaskResult.objects.create(
        args_kwargs={"args": kw.pop("args", ["/dev/null", 0]), "kwargs": {}},
        task_path=kw.pop("task_path", HOLD),
        backend_name="default",
        queue_name="default",
        run_after=now,
        status=status,
        worker_ids=list(workers),
        started_at=None if started_ago is None else now - timedelta(seconds=started_ago),
    )


def _running(worker: str, *, started_ago: float = 600, attempts: int = 1):
    earlier = [f"{ID_PREFIX}gone:{i}" for i in range(attempts - 1)]
    return _task(
        status=TaskResultStatus.RUNNING, workers=[*earlier, worker], started_ago=started_ago
    )


def _last_seen(worker_id: str, ago: timedelta) -> None:
    """A worker whose last heartbeat was `ago` before now."""
    beat(worker_id)
    WorkerHeartbeat.objects.filter(pk=worker_id).update(seen_at=timezone.now() - ago)


def test_a_dead_workers_task_goes_back_to_the_queue_and_a_live_ones_stays():
    beat(f"{ID_PREFIX}alive")
    _last_seen(f"{ID_PREFIX}dead", timedelta(seconds=120))
    lost = _running(f"{ID_PREFIX}dead")
    never_beat = _running(f"{ID_PREFIX}vanished")  # killed before its first heartbeat
    kept = _running(f"{ID_PREFIX}alive")
    plain = _running("db-worker-without-heartbeat")  # a plain db_worker: never touched
    fresh = _running(f"{ID_PREFIX}starting", started_ago=5)  # claimed within the lease

    assert recover_stale(lease=60) == (2, 0)

    statuses = {
        t.pk: (t.status, t.started_at is None)
        for t in DBTaskResult.objects.filter(
            pk__in=[lost.pk, never_beat.pk, kept.pk, plain.pk, fresh.pk]
        )
    }
    assert statuses[lost.pk] == (TaskResultStatus.READY, True)
    assert statuses[never_beat.pk] == (TaskResultStatus.READY, True)
    assert statuses[kept.pk][0] == statuses[plain.pk][0] == TaskResultStatus.RUNNING
    assert statuses[fresh.pk][0] == TaskResultStatus.RUNNING
    # The history of who ran it is kept: the next claim appends to it.
    assert DBTaskResult.objects.get(pk=lost.pk).worker_ids == [f"{ID_PREFIX}dead"]
    assert [w.worker_id for w in live_workers(lease=60)] == [f"{ID_PREFIX}alive"]
    # Nothing more to do the second time.
    assert recover_stale(lease=60) == (0, 0)


def test_a_task_that_keeps_losing_its_worker_is_failed_not_retried_forever():
    poison = _running(f"{ID_PREFIX}third", attempts=3)
    assert recover_stale(lease=60, max_attempts=3) == (0, 1)
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.exception_class_path == "knowflow.core.worker.WorkerLost"
    assert "stopped 3 times" in poison.traceback


def test_stale_heartbeats_are_forgotten_after_a_day():
    _last_seen(f"{ID_PREFIX}old", timedelta(days=2))
    recover_stale()
    assert not WorkerHeartbeat.objects.exists()


def test_only_the_worker_that_owns_a_task_records_its_result():
    task = _running(f"{ID_PREFIX}b", attempts=2)  # a was lost; b took it over
    finish(task, f"{ID_PREFIX}gone:0", ok=True, value="late")  # the first worker, resumed
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING and task.return_value is None
    finish(task, f"{ID_PREFIX}b", ok=True, value="done")
    task.refresh_from_db()
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, "done")


def test_a_forced_stop_hands_the_task_back_and_an_error_fails_it():
    stopped = _running(f"{ID_PREFIX}w")
    finish(stopped, f"{ID_PREFIX}w", ok=False, exc=SystemExit(1))
    stopped.refresh_from_db()
    assert stopped.status == TaskResultStatus.READY and stopped.started_at is None
    broken = _running(f"{ID_PREFIX}w")
    finish(broken, f"{ID_PREFIX}w", ok=False, exc=ValueError("bad input"))
    broken.refresh_from_db()
    assert broken.status == TaskResultStatus.FAILED
    assert broken.exception_class_path == "builtins.ValueError"


@pytest.mark.parametrize(
    "args, reason",
    [
        (["--lease", "0"], "--lease and --beat > 0"),
        (["--lease", "10", "--beat", "6"], "at most half of --lease"),
        (["--max-attempts", "0"], "at least 1"),
        (["--queue-name", ","], "names no queue"),
    ],
)
def test_bad_options_are_refused_with_a_reason(args, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("worker", *args)


def test_the_immediate_backend_is_refused():
    # The test settings run tasks in the request (ImmediateBackend): no queue to work on.
    with pytest.raises(CommandError, match="not the database queue"):
        call_command("worker")


# --- Real worker processes --------------------------------------------------------------------


def _query(url: str, sql: str) -> list[tuple]:
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=10) as conn:
            return conn.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.slow
def test_a_task_survives_its_worker_being_killed_and_runs_to_the_end_once(tmp_path):
    """Two `knowflow worker` processes; the one running a task is SIGKILLed mid-task; the
    other takes the task over when the lease runs out and finishes it; SIGTERM then lets a
    running task finish before the worker exits."""
    from tests.browser.server import server_env, throwaway_database

    with throwaway_database(tmp_path) as url:
        env = {
            **server_env(tmp_path, url),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "INFO",
        }
        run = [sys.executable, "-m", "knowflow"]
        subprocess.run([*run, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=120)
        log = tmp_path / "hold.log"

        def enqueue(code: str) -> str:
            """Enqueue from a process of the installation; what `code` prints, last line."""
            code = f"from knowflow.core.tests.tasks import hold; {code}"
            out = subprocess.run(
                [*run, "shell", "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
            )
            assert out.returncode == 0, out.stderr
            return (out.stdout.strip().splitlines() or [""])[-1].replace("-", "")

        def task_row(task_id: str):
            rows = _query(
                url,
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                f"WHERE replace(CAST(id AS TEXT), '-', '') = '{task_id}'",
            )
            return rows[0] if rows else None

        def lines() -> list[str]:
            return log.read_text().split("\n")[:-1] if log.exists() else []

        workers = {}
        outputs = {}
        for n in range(2):
            outputs[n] = (tmp_path / f"worker{n}.log").open("wb")
            proc = subprocess.Popen(
                [*run, "worker", "--lease", "3", "--beat", "0.5", "--interval", "0.2"],
                env=env,
                cwd=ROOT,
                stdout=outputs[n],
                stderr=subprocess.STDOUT,
            )
            workers[proc.pid] = proc
        try:
            # Two workers and a queue of short tasks: each runs once.
            many = tmp_path / "many"
            many.mkdir()
            enqueue(f"[hold.enqueue({str(many)!r} + f'/{{n}}.log', 0.2) for n in range(10)]")
            wait_for(
                lambda: len([f for f in many.iterdir() if "done" in f.read_text()]) == 10,
                timeout=60,
                what="ten short tasks to run",
            )
            for f in many.iterdir():
                started, done, _end = f.read_text().split("\n")  # once: two lines
                assert started.startswith("start ") and done == "done " + started.split()[1]
            assert _query(url, "SELECT count(*) FROM django_tasks_database_dbtaskresult") == [(10,)]

            task_id = enqueue(f"print(hold.enqueue({str(log)!r}, 6).id)")
            first = wait_for(
                lambda: [x for x in lines() if x.startswith("start")],
                timeout=30,
                what="the task to start",
            )
            victim = int(first[0].split()[1])
            assert victim in workers
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait(timeout=10)
            survivor = next(p for pid, p in workers.items() if pid != victim)

            # Taken over after the lease (3 s) and run to the end by the other worker.
            wait_for(
                lambda: len([x for x in lines() if x.startswith("start")]) == 2,
                timeout=30,
                what="the other worker to take the task over",
            )
            assert lines()[1] == f"start {survivor.pid}"
            wait_for(
                lambda: (row := task_row(task_id)) and row[0] == "SUCCESSFUL",
                timeout=40,
                what="the task to succeed",
            )
            assert lines() == [f"start {victim}", f"start {survivor.pid}", f"done {survivor.pid}"]
            ids = task_row(task_id)[1]
            ids = ids if isinstance(ids, list) else json.loads(ids)
            assert len(ids) == 2 and f":{victim}:" in ids[0] and f":{survivor.pid}:" in ids[1]

            # Graceful stop: SIGTERM while a task runs lets it finish, then the worker exits 0.
            log.unlink()
            second = enqueue(f"print(hold.enqueue({str(log)!r}, 1.5).id)")
            wait_for(lambda: lines(), timeout=30, what="the second task to start")
            survivor.send_signal(signal.SIGTERM)
            assert survivor.wait(timeout=30) == 0
            assert lines() == [f"start {survivor.pid}", f"done {survivor.pid}"]
            assert task_row(second)[0] == "SUCCESSFUL"
            # Its heartbeat went with it (the killed worker's stays, stale, until forgotten).
            beats = _query(url, "SELECT pid FROM core_workerheartbeat")
            assert beats == [(victim,)]
        finally:
            for proc in workers.values():
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            for out in outputs.values():
                out.close()


# --- knowflow healthcheck: the queue -----------------------------------------------------------

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_healthcheck_reports_the_queue_and_can_require_workers(settings, capsys):
    settings.TASKS = DATABASE_QUEUE
    _task()
    call_command("healthcheck")
    out = capsys.readouterr().out
    assert "queue database (1 waiting, oldest 0 s; 0 workers alive)" in out
    with pytest.raises(CommandError, match="0 workers alive, 1 required"):
        call_command("healthcheck", "--workers", "1")
    beat(f"{ID_PREFIX}one")
    call_command("healthcheck", "--workers", "1")
    assert "1 workers alive" in capsys.readouterr().out


def test_healthcheck_with_tasks_run_in_the_request(capsys):
    call_command("healthcheck")
    assert "queue ImmediateBackend (no workers needed)" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no worker runs tasks"):
        call_command("healthcheck", "--workers", "1")
