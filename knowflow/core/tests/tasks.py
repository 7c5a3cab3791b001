"""Tasks for the worker's own tests (knowflow/core/tests/test_worker.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task


@task()
def hold(path: str, seconds: float) -> str:
    """Write who started, wait, write who finished: a task long enough to kill a worker in."""
    log = Path(path)
    with log.open("a") as out:
        out.write(f"start {os.getpid()}\n")
    time.sleep(seconds)
    with log.open("a") as out:
        out.write(f"done {os.getpid()}\n")
    return "held"
