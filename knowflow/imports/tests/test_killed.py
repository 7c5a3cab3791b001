"""An import killed part-way (kill -9) and run again ends exactly as an uninterrupted one.

The import runs as the real command in its own process, on a database this test can reach
from outside: on SQLite a file in tmp_path (migrated first), on PostgreSQL the test database
itself (committed writes: a transactional test). The dump is the fixture repeated under fresh
ids (as `knowflow bench import --times` makes it), in small batches, so the kill lands with
many batches committed and many to go; it is sent once the first answers are committed.
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from knowflow.accounts.models import User
from knowflow.imports.models import ImportedObject
from knowflow.posts.models import Post
from knowflow.topics.models import Topic

from .test_stackexchange import FIXTURE

ROOT = Path(__file__).resolve().parents[3]
COPIES = 60  # 180 questions, 180 answers, 180 comments
BATCH = 20
replicate = importlib.import_module("bench.import").replicate


def knowflow(args: list[str], env: dict[str, str], **kwargs):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    full.update(env)
    command = [sys.executable, "-m", "knowflow", *args]
    if kwargs.pop("background", False):
        return subprocess.Popen(
            command, env=full, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
    done = subprocess.run(command, env=full, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


class Database:
    """A database the import's process and this test both reach, emptied on demand."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            self.file = tmp_path / "migrated.sqlite3"
            self.env = {"KNOWFLOW_DATA_DIR": str(tmp_path), "DATABASE_URL": self._url()}
            knowflow(["migrate", "--no-input", "-v", "0"], self.env)
        else:
            s = connection.settings_dict
            auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
            url = f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
            self.env = {"KNOWFLOW_DATA_DIR": str(tmp_path), "DATABASE_URL": url}

    def _url(self) -> str:
        return f"sqlite:///{self.file}"

    def fresh(self, name: str) -> None:
        """Start from a database without the import: a copy of the migrated file, or the test
        database with what the last import made deleted."""
        if self.sqlite:
            target = self.tmp_path / f"{name}.sqlite3"
            shutil.copy(self.tmp_path / "migrated.sqlite3", target)
            self.file = target
            self.env["DATABASE_URL"] = self._url()
            return
        Post.objects.all().delete()
        User.objects.filter(email__endswith=".imported.invalid").delete()
        Topic.objects.all().delete()
        ImportedObject.objects.all().delete()

    def committed(self, kind: str) -> int:
        """How many objects of a kind the import has committed so far."""
        if self.sqlite:
            with closing(sqlite3.connect(self.file)) as db:
                sql = "SELECT count(*) FROM imports_importedobject WHERE kind = ?"
                return db.execute(sql, [kind]).fetchone()[0]
        return ImportedObject.objects.filter(kind=kind).count()

    def digest(self) -> str:
        code = "from knowflow.imports.tests.test_stackexchange import digest; print(digest())"
        return knowflow(["shell", "-c", code], self.env).strip().splitlines()[-1]


def children(pid: int) -> list[int]:
    try:
        return [int(n) for n in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:  # not Linux
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_with_sigkill_resumes_to_the_same_result(tmp_path):
    dump = tmp_path / "example"
    replicate(FIXTURE, dump, COPIES)
    command = ["import-stackexchange", str(dump), "--batch-size", str(BATCH), "--workers", "2"]
    database = Database(tmp_path)

    database.fresh("uninterrupted")
    output = knowflow(command, database.env)
    assert f"answers: {3 * COPIES:,} created" in output
    expected = database.digest()

    database.fresh("killed")
    process = knowflow(command, database.env, background=True)
    try:
        deadline = time.monotonic() + 120
        while database.committed("answer") < BATCH:
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, "no answers committed in two minutes"
            time.sleep(0.01)  # polling what is committed, not waiting for it to happen
        workers = children(process.pid)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    killed_at = database.committed("answer")
    assert BATCH <= killed_at < 3 * COPIES and database.committed("comment") == 0
    # The processes converting posts for it died with it.
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "the import's workers outlived it"
        time.sleep(0.01)

    output = knowflow(command, database.env)
    assert f"answers: {3 * COPIES - killed_at:,} created, {killed_at:,} already there" in output
    assert database.digest() == expected
