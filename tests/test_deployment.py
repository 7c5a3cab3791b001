"""The installation itself: settings from the environment, SQLite tuning, production serving."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from tests.browser.server import free_port

ROOT = Path(__file__).resolve().parent.parent

# For a test that runs an installation of its own on a SQLite file (REDIS_URL emptied),
# whatever database the suite is on: the PostgreSQL pass of .ci/run would repeat it exactly.
# The installation on PostgreSQL and Redis is run whole by tests/test_topology.py.
own_sqlite_installation = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="an installation on a SQLite file of its own: run in the SQLite pass",
)


def knowflow(args: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "knowflow", *args],
        env=full_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


@own_sqlite_installation
def test_secret_key_is_generated_once_and_kept(tmp_path):
    env = {
        "KNOWFLOW_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "",
    }
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = knowflow(["shell", "-c", code], env).stdout.strip().splitlines()[-1]
    second = knowflow(["shell", "-c", code], env).stdout.strip().splitlines()[-1]
    assert first and first == second and len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@own_sqlite_installation
def test_sqlite_is_tuned_for_a_web_server(tmp_path):
    env = {"KNOWFLOW_DATA_DIR": str(tmp_path), "DATABASE_URL": "", "REDIS_URL": ""}
    code = (
        "from django.db import connection as c; cur = c.cursor(); "
        "print([cur.execute(f'PRAGMA {p}').fetchone()[0] for p in ('journal_mode','busy_timeout','foreign_keys','synchronous')])"
    )
    out = knowflow(["shell", "-c", code], env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "['wal', 5000, 1, 1]"
    assert (tmp_path / "knowflow.sqlite3").exists()


@own_sqlite_installation
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "KNOWFLOW_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "k" * 20 + "-production-secret-" + "z" * 30,
        "ALLOWED_HOSTS": "knowflow.example.com",
        "SECURE_SSL_REDIRECT": "true",
        "KNOWFLOW_STATIC_MANIFEST": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "",
    }
    out = knowflow(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


@pytest.mark.slow
@own_sqlite_installation
def test_production_server_serves_pages_and_static_files(tmp_path):
    """gunicorn with 2 workers, DEBUG off, WhiteNoise serving hashed static files."""
    port = free_port()
    env = {
        "KNOWFLOW_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_TLS_PROXY": "true",
        "KNOWFLOW_STATIC_MANIFEST": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "",
    }
    for step in (["migrate", "--no-input", "-v", "0"], ["collectstatic", "--no-input", "-v", "0"]):
        out = knowflow(step, env)
        assert out.returncode == 0, out.stderr
    full_env = {**os.environ, **env}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "knowflow",
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        env=full_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"

        def get(path: str, **headers):
            req = urllib.request.Request(
                base + path, headers={"X-Forwarded-Proto": "https", **headers}
            )
            opener = urllib.request.build_opener(NoRedirect)
            return opener.open(req, timeout=5)

        deadline = time.monotonic() + 30
        while True:
            try:
                health = get("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert json.loads(health.read()) == {"status": "ok"}
        login = get("/accounts/login/")
        html = login.read().decode()
        assert login.status == 200 and "Sign in" in html
        css_path = html.split('href="/static/css/knowflow.')[1].split('"')[0]
        css = get(f"/static/css/knowflow.{css_path}", **{"Accept-Encoding": "gzip"})
        assert css.status == 200
        assert "max-age=315360000" in css.headers["Cache-Control"]  # hashed name, cached forever
        assert css.headers["Strict-Transport-Security"].startswith("max-age=")
        home = get("/")
        assert home.status == 302 and "/accounts/login/" in home.headers["Location"]
        missing = get("/no/such/page/")
        assert missing.status == 404
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert server.returncode == 0  # graceful shutdown on SIGTERM


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp

    http_error_301 = http_error_404 = http_error_302


@pytest.mark.parametrize(
    ("name", "value", "database"),
    [
        ("KNOWFLOW_INVITATION_DAYS", "two weeks", ""),
        ("DB_PARALLEL_WORKERS", "many", "postgres://postgres@127.0.0.1:5432/unused"),
    ],
)
def test_a_bad_setting_stops_every_command_with_one_line(tmp_path, name, value, database):
    env = {"KNOWFLOW_DATA_DIR": str(tmp_path), "DATABASE_URL": database, name: value}
    out = knowflow(["check"], env)
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("knowflow: bad configuration: "), out.stderr


def test_web_statements_start_no_parallel_workers(db):
    # config/settings.py DB_PARALLEL_WORKERS: set on the connection when it starts.
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has no parallel query)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == str(settings.DB_PARALLEL_WORKERS) == "0"


def test_healthz(client, db):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


def test_healthcheck_command(db, capsys):
    from django.core.management import call_command

    call_command("healthcheck")
    assert capsys.readouterr().out.startswith("ok: database")


def test_services_in_ci_are_really_used(db):
    """In CI's second run, the suite must be talking to PostgreSQL and Redis, not SQLite."""
    if os.environ.get("KNOWFLOW_REQUIRE_SERVICES") != "1":
        pytest.skip("KNOWFLOW_REQUIRE_SERVICES is not set (local SQLite run)")
    assert connection.vendor == "postgresql"
    assert settings.CACHES["default"]["BACKEND"] == "knowflow.core.cache.RedisCache"
    cache.set("knowflow:test", {"n": 1}, 30)
    assert cache.get("knowflow:test") == {"n": 1}
    import redis

    raw = redis.Redis.from_url(os.environ["REDIS_URL"])
    assert any(b"knowflow:test" in key for key in raw.keys("*knowflow:test*"))


def test_the_wsgi_entry_point_freezes_what_it_loaded(tmp_path):
    # A worker's start-up objects leave the garbage collector's walks (config/wsgi.py).
    code = (
        "import gc, config.wsgi; from django.urls import get_resolver; "
        "assert gc.get_freeze_count() > 10000, gc.get_freeze_count(); print('ok')"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env["KNOWFLOW_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_a_web_process_pins_the_sqlite_file_when_asked(tmp_path):
    # SQLITE_PIN_MEMORY (knowflow/core/pinning.py): config/wsgi.py starts the pin.
    import sqlite3

    database = tmp_path / "knowflow.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE t (x)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 2000)
    size_kb = database.stat().st_size // 1024
    code = (
        "import time, config.wsgi\n"
        "for _ in range(100):\n"
        "    kb = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmLck:')][0]\n"
        f"    if kb >= {size_kb}: break\n"
        "    time.sleep(0.05)\n"
        "print(kb)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(KNOWFLOW_DATA_DIR=str(tmp_path), DATABASE_URL="", SQLITE_PIN_MEMORY="true")
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) >= size_kb > 1000
