"""The production topology on one machine: two server instances and two task workers sharing
PostgreSQL and Redis, driven through HTTP; a worker is SIGKILLed in the middle of routing a
question, and the routing still happens exactly once (docs/deployment.md, "More than one host").
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from knowflow.core.testing import wait_for
from tests.browser.server import SERVE, _wait_until_up, free_port, server_env, throwaway_database

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

ROUTE_TASK = "knowflow.expertise.tasks.route_question_task"


def _services() -> tuple[str, str]:
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and redis_url:
        return url, redis_url
    reason = "the production topology needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)"
    if os.environ.get("KNOWFLOW_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


class Browser:
    """A person's HTTP session (cookies kept), against whichever server it is pointed at."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.statuses: list[tuple[str, int]] = []

    def request(self, base: str, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        headers = {"Referer": base + path}
        req = urllib.request.Request(base + path, data=body, headers=headers)
        try:
            response = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as exc:  # 3xx (not followed) and 4xx/5xx
            response = exc
        text = response.read().decode()
        self.statuses.append((path, response.status))
        return response.status, response.headers, text

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, base: str, path: str) -> str:
        status, _headers, text = self.request(base, path)
        assert status == 200, (path, status, text[-500:])
        return text

    def post(self, base: str, path: str, data: dict) -> str:
        """A form POST answered by a redirect; returns where it leads."""
        status, headers, text = self.request(
            base, path, {**data, "csrfmiddlewaretoken": self.csrf()}
        )
        assert status == 302, (path, status, text[-2000:])
        return headers["Location"]

    def sign_in(self, base: str, email: str, password: str) -> None:
        self.get(base, "/accounts/login/")
        self.post(base, "/accounts/login/", {"login": email, "password": password})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sql(url: str, query: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


def test_two_servers_two_workers_and_a_worker_killed_mid_task(tmp_path):
    import psycopg

    _database, redis_url = _services()
    with throwaway_database(tmp_path) as url, ExitStack() as stack:
        env = {
            **server_env(tmp_path, url),
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"knowflow-topology-{secrets.token_hex(4)}",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "INFO",
            "WORKER_LEASE_SECONDS": "3",
        }
        seeded = subprocess.run(
            [sys.executable, str(ROOT / "tests/browser/seed.py")],
            env={**env, "KNOWFLOW_DEMO_PEOPLE": "40", "KNOWFLOW_SEED_PERSONAS": "1"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert seeded.returncode == 0, seeded.stderr
        people = json.loads(seeded.stdout.strip().splitlines()[-1])["people"]

        processes: dict[str, subprocess.Popen] = {}

        def start(name: str, argv: list[str]) -> subprocess.Popen:
            log = stack.enter_context((tmp_path / f"{name}.log").open("wb"))
            proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            processes[name] = proc
            stack.callback(_stop, proc)
            return proc

        servers = []
        for n in range(2):
            port = free_port()
            start(f"server{n}", [*SERVE, "--port", str(port), "--workers", "2", "--threads", "4"])
            servers.append(f"http://127.0.0.1:{port}")
        worker_argv = [sys.executable, "-m", "knowflow", "worker", "--beat", "0.5"]
        workers = [start(f"worker{n}", [*worker_argv, "--interval", "0.2"]) for n in range(2)]
        for n, server in enumerate(servers):
            _wait_until_up(server, processes[f"server{n}"], tmp_path / f"server{n}.log")
        a, b = servers

        # Signed in on one server, the session holds on the other (sessions in the database,
        # cached in Redis).
        quinn, hana = Browser(), Browser()
        quinn.sign_in(a, people["quinn"]["email"], people["quinn"]["password"])
        hana.sign_in(b, people["hana"]["email"], people["hana"]["password"])
        assert "Quinn" in quinn.get(b, "/")

        # A post written through one server is in a follower's feed on the other.
        marker = secrets.token_hex(4)
        quinn.post(b, "/", {"body": f"Topology check {marker} #kubernetes", "audience": "everyone"})
        assert marker in quinn.get(a, "/")

        # Ask; the router's first round is a task. Hold the routing table so the worker that
        # claims it stops inside the task, kill that worker, and let the other take over.
        with psycopg.connect(url) as lock:
            lock.execute("LOCK TABLE expertise_routing IN SHARE MODE")
            where = quinn.post(
                a,
                "/help/ask/",
                {
                    "title": f"How do we rotate Vault tokens for the {marker} pipelines?",
                    "body": "The tokens our deploy jobs use never expire.",
                    "topics": "Vault",
                    "audience": "everyone",
                },
            )
            question_id = int(re.search(r"/help/questions/(\d+)/", where).group(1))
            claimed = wait_for(
                lambda: _sql(
                    url,
                    "SELECT id, worker_ids FROM django_tasks_database_dbtaskresult "
                    "WHERE task_path = %s AND status = 'RUNNING'",
                    (ROUTE_TASK,),
                ),
                timeout=30,
                what="a worker to claim the routing task",
            )
            task_id, worker_ids = claimed[0]
            # Inside the task: its statement waits on the lock.
            wait_for(
                lambda: _sql(
                    url,
                    "SELECT 1 FROM pg_locks WHERE NOT granted "
                    "AND relation = 'expertise_routing'::regclass",
                ),
                timeout=30,
                what="the task to reach the routing table",
            )
            victim = next(w for w in workers if f":{w.pid}:" in worker_ids[-1])
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
            lock.rollback()  # releases the table

        status, worker_ids = wait_for(
            lambda: (
                (
                    row := _sql(
                        url,
                        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = %s",
                        (task_id,),
                    )[0]
                )[0]
                in ("SUCCESSFUL", "FAILED")
                and row
            ),
            timeout=60,
            what="the routing task to finish on the other worker",
        )
        survivor = next(w for w in workers if w is not victim)
        assert status == "SUCCESSFUL"
        assert len(worker_ids) == 2 and f":{survivor.pid}:" in worker_ids[1]

        # Exactly once: one routing task, one routing row, each helper invited and notified once.
        assert _sql(
            url,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path = %s "
            "AND args_kwargs::text LIKE %s",
            (ROUTE_TASK, f"%[{question_id}, 0]%"),
        ) == [(1,)]
        assert _sql(
            url, "SELECT count(*) FROM expertise_routing WHERE question_id = %s", (question_id,)
        ) == [(1,)]
        invited = _sql(
            url,
            "SELECT person_id FROM expertise_invitation WHERE question_id = %s ORDER BY 1",
            (question_id,),
        )
        assert (people["hana"]["pk"],) in invited
        notified = _sql(
            url,
            "SELECT recipient_id, count, (SELECT count(*) FROM notifications_notification m "
            "WHERE m.recipient_id = n.recipient_id AND m.kind = 'help_request' "
            "AND m.post_id = %s) FROM notifications_notification n "
            "WHERE kind = 'help_request' AND post_id = %s ORDER BY 1",
            (question_id, question_id),
        )
        assert [(r,) for r, _c, _n in notified] == invited
        assert all(c == 1 and n == 1 for _r, c, n in notified), notified

        # The invited helper sees the invitation on the other server, and answers there.
        assert f"the {marker} pipelines" in hana.get(b, "/notifications/")
        hana.post(
            b,
            f"/help/questions/{question_id}/answer/",
            {"body": f"Short-lived AppRole tokens, one login per run ({marker})."},
        )
        page = quinn.get(a, f"/help/questions/{question_id}/")
        assert "Short-lived AppRole tokens" in page

        # Search finds the question and the post, from either server.
        for server in servers:
            found = quinn.get(server, f"/search/?q={marker}")
            assert f"/help/questions/{question_id}/" in found and "Topology check" in found

        # The queue answers, and the surviving worker is alive.
        health = subprocess.run(
            [sys.executable, "-m", "knowflow", "healthcheck", "--workers", "1"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert health.returncode == 0, health.stderr
        assert "cache redis" in health.stdout and "1 workers alive" in health.stdout

        # A server stopped (SIGTERM) with a write in flight finishes it before exiting. The
        # posts table is held so the request is inside its transaction when the signal comes.
        stopping = processes["server1"]
        answer: dict = {}
        with psycopg.connect(url) as lock:
            lock.execute("LOCK TABLE posts_post IN SHARE MODE")
            writer = threading.Thread(
                target=lambda: answer.update(
                    response=quinn.request(
                        b,
                        "/",
                        {
                            "body": f"Written while stopping {marker}",
                            "audience": "everyone",
                            "csrfmiddlewaretoken": quinn.csrf(),
                        },
                    )
                )
            )
            writer.start()
            wait_for(
                lambda: _sql(
                    url,
                    "SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'posts_post'::regclass",
                ),
                timeout=30,
                what="the post to reach the posts table",
            )
            stopping.send_signal(signal.SIGTERM)
            wait_for(
                lambda: "Handling signal: term" in (tmp_path / "server1.log").read_text(),
                timeout=30,
                what="the server to take the signal",
            )
            lock.rollback()
        writer.join(timeout=60)
        assert answer["response"][0] == 302
        assert stopping.wait(timeout=60) == 0
        assert _sql(
            url,
            "SELECT count(*) FROM posts_post WHERE body LIKE %s",
            (f"Written while stopping {marker}%",),
        ) == [(1,)]

        # Nothing failed on the way: no 5xx, no traceback in any process's log.
        assert all(status < 500 for _p, status in quinn.statuses + hana.statuses)
        for name in processes:
            log = (tmp_path / f"{name}.log").read_text(errors="replace")
            assert "Traceback" not in log, f"{name}:\n{log[-3000:]}"
        worker_log = (tmp_path / f"worker{workers.index(survivor)}.log").read_text()
        assert "handed back to the queue: worker" in worker_log


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
