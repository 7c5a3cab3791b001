"""A real Knowflow server for the browser tests and `make screenshots`.

gunicorn (`knowflow serve`, as in production) on 127.0.0.1 at a free port, over a throwaway
database: a SQLite file in a temporary folder, or a database of its own next to DATABASE_URL's
when that points at PostgreSQL (created here, dropped afterwards). The data comes from
seed.py: the demo organization plus the personas the journeys act as.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("KNOWFLOW_CHROMIUM", "/usr/bin/chromium"))
# Debian's Chromium, headless; it must never reach the network on its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


SERVE = [sys.executable, "-m", "knowflow", "serve"]


@dataclass(frozen=True)
class Server:
    url: str
    people: dict[str, dict]
    objects: dict[str, object]
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def throwaway_database(folder: Path) -> Iterator[str]:
    """A database URL nobody else uses, removed afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'browser.sqlite3'}"
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    name = f"{name.split('?')[0]}_browser_{secrets.token_hex(4)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(folder: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        KNOWFLOW_DATA_DIR=str(folder),
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="browser-tests-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        # Plain HTTP on the loopback: no TLS redirect, cookies not marked Secure.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        KNOWFLOW_STATIC_MANIFEST="true",
        # Background work runs in the request, so a notification exists when the page loads.
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_URL="memorymail://",
        SEARCH_SEMANTIC="off",
        KNOWFLOW_FAST_PASSWORD_HASHER="1",
        KNOWFLOW_DISABLE_RATE_LIMITS="1",
        CACHE_KEY_PREFIX=f"knowflow-browser-{secrets.token_hex(4)}",
    )
    return env


@contextmanager
def running_server(
    folder: Path, *, demo_people: int = 40, personas: bool = True
) -> Iterator[Server]:
    folder.mkdir(parents=True, exist_ok=True)
    with throwaway_database(folder) as database_url:
        env = server_env(folder, database_url)
        seeded = subprocess.run(
            [sys.executable, str(ROOT / "tests/browser/seed.py")],
            env={
                **env,
                "KNOWFLOW_DEMO_PEOPLE": str(demo_people),
                "KNOWFLOW_SEED_PERSONAS": "1" if personas else "0",
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding the browser-test database failed:\n{seeded.stderr}")
        seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        port = free_port()
        log = folder / "server.log"
        with log.open("wb") as out:
            # One worker: the default cache (without REDIS_URL) is per process, and pages
            # must agree with each other the way they do on a one-process installation.
            server = subprocess.Popen(
                [*SERVE, "--port", str(port), "--workers", "1", "--threads", "8"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_until_up(url, server, log)
            yield Server(url=url, people=seed["people"], objects=seed["objects"], log=log)
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start:\n{log.read_text()[-5000:]}")
        time.sleep(0.2)
