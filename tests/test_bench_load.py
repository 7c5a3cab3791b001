"""`knowflow bench load`: the write accounting, the option errors, and a short run end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.load import (
    KINDS,
    MIX,
    found_markers,
    process_tree,
    rss_kib,
    tally_writes,
)
from knowflow.help.actions import answer_question, ask_question
from knowflow.posts.actions import create_post
from tests.browser.server import free_port
from tests.test_deployment import knowflow, own_sqlite_installation


def test_a_write_acknowledged_but_not_in_the_database_is_lost():
    tally = tally_writes(["kfload-r-1-1", "kfload-r-1-2", "kfload-r-2-1"], {"kfload-r-1-1"})
    assert tally.lost == ["kfload-r-1-2", "kfload-r-2-1"]
    assert tally.acknowledged == 3 and tally.found == 1 and tally.unacknowledged == 0


def test_a_write_found_but_not_acknowledged_is_not_lost():
    # The run stopped while the response was on its way: written, never acknowledged.
    tally = tally_writes(["kfload-r-1-1"], {"kfload-r-1-1", "kfload-r-1-2"})
    assert tally.lost == [] and tally.unacknowledged == 1


@pytest.mark.django_db
def test_markers_are_counted_from_the_database(alice, bob):
    before = create_post(alice, body="Before the run: kfload-abc-0-1").pk
    create_post(alice, body="Load note kfload-abc-0-2: about #python")
    question = ask_question(bob, title="How do we tune SQLite?", body="Stuck (kfload-abc-1-1).")
    answer_question(alice, question, body="Here is what worked (kfload-abc-0-3).")
    create_post(bob, body="Another run: kfload-xyz-0-1")

    found = found_markers("abc", after_pk=before)
    assert found == {"kfload-abc-0-2", "kfload-abc-1-1", "kfload-abc-0-3"}
    acknowledged = ["kfload-abc-0-2", "kfload-abc-0-3", "kfload-abc-1-1", "kfload-abc-1-2"]
    tally = tally_writes(acknowledged, found)
    assert tally.lost == ["kfload-abc-1-2"]  # acknowledged, never written


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--users", "0"], "--users 0: at least 1 person."),
        (["--duration", "-1"], "--duration -1: more than 0 seconds."),
        (["--think", "3,1"], "--think '3,1': give 0 <= MIN <= MAX seconds."),
        (["--weight", "home=x"], "--weight 'home=x': give TASK=N"),
        (["--url", "ftp://example"], "--url 'ftp://example': give http://HOST:PORT."),
        (["--pids", "123"], "--pids goes with --url"),
    ],
)
def test_bad_options_are_refused_with_a_reason(args, reason):
    with pytest.raises(CommandError, match=re.escape(reason)):
        call_command("bench", "load", *args)


def test_a_url_where_nothing_answers_is_refused():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(CommandError, match=f"Nothing answers at {url}"):
        call_command("bench", "load", "--url", url)


def test_the_memory_of_a_process_and_its_children_is_read():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        tree = process_tree({os.getpid(): "this test"})
        assert tree[os.getpid()] == "this test"
        assert tree[child.pid] == f"child of {os.getpid()}"
        assert rss_kib(os.getpid()) > 10_000
    finally:
        child.kill()
        child.wait()
    assert rss_kib(child.pid) is None  # gone


@pytest.mark.slow
@own_sqlite_installation
def test_bench_load_runs_against_a_real_server(tmp_path):
    """A few seconds of the whole mix (every task equally likely, so each kind comes up) on a
    small demo organization, with the server the bench starts itself."""
    env = {
        "KNOWFLOW_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "REDIS_URL": "",
        "DEBUG": "false",
        "KNOWFLOW_STATIC_MANIFEST": "false",
        "KNOWFLOW_FAST_PASSWORD_HASHER": "1",
        "KNOWFLOW_DISABLE_RATE_LIMITS": "1",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "SEARCH_SEMANTIC": "off",
    }
    for step in (["migrate", "--no-input", "-v", "0"], ["demo", "--people", "40"]):
        out = knowflow(step, env)
        assert out.returncode == 0, out.stderr
    args = ["bench", "load", "--users", "4", "--duration", "8", "--think", "0,0.1"]
    args += ["--serve-workers", "1", "--json"]
    args += [arg for task in MIX for arg in ("--weight", f"{task}=1")]
    out = knowflow(args, env)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    rows = {row["kind"]: row for row in report["kinds"]}
    assert list(rows) == list(KINDS)
    for kind, row in rows.items():
        assert row["requests"] > 0, kind
        assert row["errors_5xx"] == row["errors_other"] == 0, (kind, row["examples"])
    writes = report["writes"]
    assert writes["acknowledged"] > 0 and writes["lost"] == 0
    assert writes["found"] >= writes["acknowledged"]
    assert report["locust_counts_differ"] == []
    processes = {row["process"] for row in report["memory"]}
    assert {"gunicorn master", "gunicorn worker"} <= processes
    assert report["server_tracebacks"] == 0
