"""Load and soak of a running server: people reading, searching, posting and answering.

`knowflow bench load` drives a mix of requests, mostly reads, at `knowflow serve` from locust
(run headless in a process of its own, with bench/_locustfile.py), as N people who each sign
in once through the real form. The people, questions, search words and topics come from the
database this process is configured for (DATABASE_URL, KNOWFLOW_DATA_DIR): the server's own.

The mix (weights of tasks, which each person works through as a shuffled deck; a task that
loads a page also loads what the page fetches after it):

- reads: the home feed `GET /` and its side column (33), the "new posts" banner poll (14) and
  the notification badge poll (5) as the page does them, a question's page with its related
  questions and likely helpers (12), the questions list (6), search for a word from a real
  title (7), a topic page (5), a profile (3), the directory (2), `GET /api/v1/feed` with a
  personal API token (3);
- writes (10): a post from the composer (6), an answer (3), a question (1). Each write carries
  a marker (run id, person, sequence); afterwards the database is searched for them: writes
  acknowledged (302) / found / lost.

It reports, per kind of request, requests, requests/s, p50/p95/p99 (exact, from every
request's time) and errors (5xx apart from other failures), and, when it started the server
or is given its process ids, the memory (RSS) of the gunicorn master and every worker at the
start, every 30 s and at the end. `--find-capacity` steps the number of people (2, 4, 8, ...;
no think time) until the home feed's p99 passes 100 ms or errors appear.

Usage (an installation with people and questions: the demo, or --build for a large one):

    KNOWFLOW_DATA_DIR=/tmp/load uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/load uv run knowflow demo --people 200
    KNOWFLOW_DATA_DIR=/tmp/load uv run knowflow bench load --users 20 --duration 60
    KNOWFLOW_DATA_DIR=/tmp/load uv run knowflow bench load --find-capacity
    KNOWFLOW_DATA_DIR=/tmp/load uv run knowflow bench load --users 16 --rate 60 --duration 600

    # A large organization (about 1M posts in all, 100,000 of them questions), then the same:
    KNOWFLOW_DATA_DIR=/tmp/load-1m uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/load-1m uv run knowflow bench load --build --people 10000 \\
        --posts 1000000 --find-capacity
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import CommandError, OutputWrapper

from bench._stats import machine, percentile
from knowflow.demo.data import PASSWORD  # shared by every demo person
from knowflow.search.text import STOP_WORDS as TEXT_STOP_WORDS

LOCUSTFILE = Path(__file__).with_name("_locustfile.py")
MARKER = "kfload"
TOKEN_NAME = "bench load"
HOME = "home"

# Every kind of request, in the report's order, with the name it is reported under.
KINDS = {
    "home": "GET / (home feed)",
    "for_you": "GET /posts/for-you/ (home side column)",
    "new_posts": "GET /posts/new/ (new posts banner poll)",
    "badge": "GET /notifications/badge/ (badge poll)",
    "question": "GET /help/questions/<id>/",
    "related": "GET /help/questions/<id>/related/",
    "helpers": "GET /experts/questions/<id>/helpers/",
    "questions": "GET /help/ (questions list)",
    "search": "GET /search/?q=<word>",
    "topic": "GET /topics/<slug>/",
    "profile": "GET /people/<id>/",
    "directory": "GET /people/ (directory)",
    "api_feed": "GET /api/v1/feed (API token)",
    "post": "POST / (create a post)",
    "answer": "POST /help/questions/<id>/answer/",
    "ask": "POST /help/ask/",
}
SIGN_IN = "sign in (not measured)"
# Tasks: weight, and the requests one task makes (a page and what it loads after it).
MIX = {
    "home": (33, 2),
    "new_posts": (14, 1),
    "badge": (5, 1),
    "question": (12, 3),
    "questions": (6, 1),
    "search": (7, 1),
    "topic": (5, 1),
    "profile": (3, 1),
    "directory": (2, 1),
    "api_feed": (3, 1),
    "post": (6, 1),
    "answer": (3, 1),
    "ask": (1, 1),
}
WRITES = ("post", "answer", "ask")
# Words the search leaves out (knowflow.search.text), and two that are in most titles.
STOP_WORDS = TEXT_STOP_WORDS | {"anyone", "best"}
SAMPLE_EVERY = 30.0  # seconds between memory samples
GROWTH_SHARE, GROWTH_MIB = 0.05, 4.0  # a process "grew" past both, from a third of the run on
POSTS_PER_QUESTION = 1 + 0.7 * 1.75  # the question, and its answers (bench/router.py's shares)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--url", help="A running server (default: start `knowflow serve` on a free port)."
    )
    parser.add_argument(
        "--users", type=int, default=20, help="People signed in at once (default 20)."
    )
    parser.add_argument(
        "--duration", type=float, default=60, help="Seconds measured, after the sign-ins (60)."
    )
    parser.add_argument(
        "--spawn-rate", type=float, default=10, help="People who start signing in a second (10)."
    )
    parser.add_argument(
        "--think",
        default=None,
        help="Seconds a person waits between two tasks, MIN,MAX or one value (default 1,3; "
        "0 with --find-capacity).",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=None,
        help="Pace the people to about this many requests/s in all, instead of --think "
        "(a soak at a share of the measured capacity).",
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="TASK=N",
        help=f"Change a task's weight in the mix (tasks: {', '.join(MIX)}); repeatable.",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--json", dest="as_json", action="store_true", help="Print one JSON object."
    )
    parser.add_argument(
        "--serve-workers",
        type=int,
        default=2,
        help="gunicorn workers of the server it starts without --url (default 2).",
    )
    parser.add_argument(
        "--no-task-worker",
        action="store_true",
        help="Without --url: do not start `knowflow worker` next to the server.",
    )
    parser.add_argument(
        "--pids",
        default="",
        help="With --url: process ids (comma-separated) whose memory to sample, with their "
        "children (e.g. the gunicorn master).",
    )
    parser.add_argument(
        "--find-capacity",
        action="store_true",
        help="Step the people (2, 4, 8, ...) until the home feed's p99 passes --p99 or "
        "errors appear.",
    )
    parser.add_argument(
        "--stage-seconds", type=float, default=30, help="Seconds of each capacity stage (30)."
    )
    parser.add_argument(
        "--max-users", type=int, default=128, help="Largest capacity stage (default 128)."
    )
    parser.add_argument(
        "--p99", type=float, default=100, help="Home feed p99 target in ms (default 100)."
    )
    parser.add_argument(
        "--build",
        action="store_true",
        help="Build an organization of --people with about --posts posts in all (a tenth of "
        "them questions with their answers) if the database is empty; reuse it otherwise.",
    )
    parser.add_argument("--people", type=int, default=10_000, help="With --build (10,000).")
    parser.add_argument("--posts", type=int, default=1_000_000, help="With --build (1,000,000).")
    parser.add_argument(
        "--copy", action="store_true", help="With --build on PostgreSQL: write rows with COPY."
    )
    parser.add_argument(
        "--locust-dir",
        default=None,
        help="Keep locust's files (plan, statistics, log) in this folder (default: a "
        "temporary one, removed).",
    )


@dataclass
class Settings:
    users: int
    duration: float
    spawn_rate: float
    think: tuple[float, float]
    rate: float | None
    weights: dict[str, int]
    seed: int


def run(
    stdout,
    *,
    url: str | None,
    users: int,
    duration: float,
    spawn_rate: float,
    think: str | None,
    rate: float | None,
    weight: list[str],
    seed: int,
    as_json: bool,
    serve_workers: int,
    no_task_worker: bool,
    pids: str,
    find_capacity: bool,
    stage_seconds: float,
    max_users: int,
    p99: float,
    build: bool,
    people: int,
    posts: int,
    copy: bool,
    locust_dir: str | None,
    **_options,
) -> None:
    settings = Settings(
        users=users,
        duration=duration,
        spawn_rate=spawn_rate,
        think=_parse_think(think if think is not None else ("0" if find_capacity else "1,3")),
        rate=rate,
        weights=_parse_weights(weight),
        seed=seed,
    )
    _check_options(
        settings,
        url=url,
        serve_workers=serve_workers,
        pids=pids,
        find_capacity=find_capacity,
        stage_seconds=stage_seconds,
        max_users=max_users,
        build=build,
        people=people,
        posts=posts,
    )
    locust = _locust_version()
    if url:
        url = url.rstrip("/")
        _check_reachable(url)
    log = OutputWrapper(sys.stderr) if as_json else stdout
    if build:
        ensure_dataset(log, people=people, posts=posts, seed=seed, copy=copy)
    data = describe()
    # Capacity stages go up to --max-users, or as many people as can sign in.
    plan = _plan(max_users if find_capacity else users, seed=seed, at_most=find_capacity)
    max_users = len(plan["people"])

    with tempfile.TemporaryDirectory(prefix="knowflow-bench-load-") as tmp:
        workdir = Path(locust_dir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        server = None
        roots: dict[int, str] = {}
        if not url:
            server = _Server(workdir, workers=serve_workers, task_worker=not no_task_worker)
            url = server.url
            roots = server.roots()
        else:
            roots = {int(p): f"process {p}" for p in pids.split(",") if p.strip()}
        sampler = _MemorySampler(roots) if roots else None
        report: dict = {
            "benchmark": "load",
            "machine": machine(),
            "database": _database(),
            "data": data,
            "url": url,
            "server": f"knowflow serve --workers {serve_workers}" if server else url,
            "locust": locust,
        }
        try:
            _create_tokens(plan)
            if sampler:
                sampler.start()
            if find_capacity:
                report["capacity"] = _find_capacity(
                    log,
                    url,
                    plan,
                    settings,
                    workdir=workdir,
                    sampler=sampler,
                    stage_seconds=stage_seconds,
                    max_users=max_users,
                    target=p99,
                )
                stages = report["capacity"]["stages"]
                report["writes"] = _sum_writes([s["writes"] for s in stages])
            else:
                result = _run_locust(url, plan, settings, workdir=workdir, sampler=sampler)
                report.update(result)
        finally:
            if sampler:
                sampler.finish()
            _revoke_tokens(plan)
            if server:
                report["server_tracebacks"] = server.stop()
        report["settings"] = {
            "users": settings.users,
            "duration": settings.duration,
            "think": list(settings.think),
            "rate": settings.rate,
            "weights": settings.weights,
            "seed": settings.seed,
        }
        if sampler:
            report["memory"] = sampler.report()
    if as_json:
        stdout.write(json.dumps(report, indent=2))
    else:
        _print(stdout, report, settings, find_capacity=find_capacity)


# --- Options ------------------------------------------------------------------------------------


def _parse_think(value: str) -> tuple[float, float]:
    try:
        parts = [float(v) for v in value.split(",")]
    except ValueError:
        raise CommandError(f"--think {value!r}: give seconds as MIN,MAX or one value.") from None
    if len(parts) == 1:
        parts *= 2
    if len(parts) != 2 or parts[0] < 0 or parts[1] < parts[0]:
        raise CommandError(f"--think {value!r}: give 0 <= MIN <= MAX seconds.")
    return parts[0], parts[1]


def _parse_weights(changes: list[str]) -> dict[str, int]:
    weights = {task: w for task, (w, _n) in MIX.items()}
    for change in changes:
        task, _sep, value = change.partition("=")
        if task not in weights or not value.isdigit():
            raise CommandError(f"--weight {change!r}: give TASK=N with a task among {list(MIX)}.")
        weights[task] = int(value)
    if not any(weights.values()):
        raise CommandError("--weight: at least one task needs a weight above 0.")
    return weights


def _check_options(settings: Settings, **o) -> None:
    problems = [
        (settings.users < 1, f"--users {settings.users}: at least 1 person."),
        (settings.duration <= 0, f"--duration {settings.duration:g}: more than 0 seconds."),
        (settings.spawn_rate <= 0, "--spawn-rate: more than 0 people a second."),
        (settings.rate is not None and settings.rate <= 0, "--rate: more than 0 requests/s."),
        (o["serve_workers"] < 1, "--serve-workers: at least 1."),
        (
            bool(o["pids"]) and not o["url"],
            "--pids goes with --url (the bench samples its own server's processes).",
        ),
        (
            bool(o["pids"]) and not re.fullmatch(r"\d+(,\d+)*", o["pids"]),
            "--pids: numbers separated by commas.",
        ),
        (o["find_capacity"] and o["stage_seconds"] <= 0, "--stage-seconds: more than 0."),
        (o["find_capacity"] and o["max_users"] < 2, "--max-users: at least 2."),
        (
            o["build"] and (o["people"] < 2 or o["posts"] < 1),
            "--build needs --people >= 2 and --posts >= 1.",
        ),
        (
            bool(o["url"]) and not re.match(r"https?://", o["url"] or ""),
            f"--url {o['url']!r}: give http://HOST:PORT.",
        ),
    ]
    for bad, reason in problems:
        if bad:
            raise CommandError(reason)


def _check_reachable(url: str) -> None:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CommandError(f"Nothing answers at {url}: {reason}.") from None
    if status != 200:
        raise CommandError(f"{url}/healthz answered HTTP {status}, not 200.")


# --- Data ---------------------------------------------------------------------------------------


def ensure_dataset(log, *, people: int, posts: int, seed: int, copy: bool) -> None:
    """About `posts` posts in all: a tenth as many questions, their answers, and flows for the
    rest; reused when the database has them already (each generator checks its own part)."""
    from bench._feedgen import ensure_data
    from bench.router import ensure_answers
    from bench.similar import Words, ensure_questions

    questions = max(1, posts // 10)
    flows = max(1, posts - round(questions * POSTS_PER_QUESTION))
    # Flows first: their generator wants a database without posts (it loads the people too).
    ensure_data(log, people=people, posts=flows, seed=seed, copy=copy)
    ensure_questions(log, questions=questions, people=people, seed=seed, words=Words(seed))
    ensure_answers(log, seed=seed)


def describe() -> dict:
    from knowflow.accounts.models import User
    from knowflow.help.models import Question
    from knowflow.posts.models import Post

    return {
        "people": User.objects.filter(is_active=True).count(),
        "posts": Post.objects.count(),
        "questions": Question.objects.count(),
        "answers": Post.objects.filter(kind="answer").count(),
    }


def _database() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 100}"


def _plan(users: int, *, seed: int, at_most: bool = False) -> dict:
    """Who signs in, and what they open: picked at random (with the seed) from the database."""
    import random

    from django.contrib.auth.hashers import check_password
    from django.db.models import Count

    from knowflow.accounts.models import User
    from knowflow.help.models import Question
    from knowflow.topics.models import Topic

    rng = random.Random(seed)
    # The demo hashes its password once for everyone: the people who share the most common
    # hash, if it is the demo's password, can all sign in.
    active = User.objects.filter(is_active=True)
    shared = active.values("password").annotate(n=Count("id")).order_by("-n").first()
    if not shared or not check_password(PASSWORD, shared["password"]):
        raise CommandError(
            f"No active person signs in with the demo password ({PASSWORD}): load the demo "
            "(`knowflow demo`) or build data with --build."
        )
    ids = sorted(active.filter(password=shared["password"]).values_list("pk", flat=True))
    if at_most and len(ids) >= 2:
        users = min(users, len(ids))
    if len(ids) < users:
        raise CommandError(
            f"{users} people asked for, but only {len(ids)} can sign in with the demo password."
        )
    chosen = rng.sample(ids, users)
    emails = dict(User.objects.filter(pk__in=chosen).values_list("pk", "email"))

    max_pk = Question.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = rng.sample(range(1, max_pk + 1), min(max_pk, 5_000))
    found = list(
        Question.objects.filter(
            pk__in=picks, post__audience="everyone", post__deleted_at__isnull=True
        )
        .exclude(status="duplicate")
        .order_by("pk")
        .values_list("pk", "post__title")[:500]
    )
    if not found:
        raise CommandError("No question for everyone in the database: load the demo or --build.")
    words = sorted(
        {
            w
            for _pk, title in found
            for w in re.findall(r"[a-z]{4,}", title.lower())
            if w not in STOP_WORDS
        }
    )
    topics = sorted(Topic.objects.values_list("slug", flat=True))
    if not topics:
        raise CommandError("No topics in the database: load the demo or --build.")
    return {
        "people": [{"id": pk, "email": emails[pk]} for pk in chosen],
        "questions": [pk for pk, _title in found],
        "words": rng.sample(words, min(200, len(words))) or topics[:20],
        "topics": rng.sample(topics, min(100, len(topics))),
        "profiles": rng.sample(ids, min(500, len(ids))),
        "run": secrets.token_hex(4),
    }


def _create_tokens(plan: dict) -> None:
    """A personal API token for each person (what a script calling the API uses)."""
    from knowflow.accounts.actions import create_api_token
    from knowflow.accounts.models import User

    users = User.objects.in_bulk([p["id"] for p in plan["people"]])
    for person in plan["people"]:
        _token, person["token"] = create_api_token(
            users[person["id"]], name=f"{TOKEN_NAME} {plan['run']}"
        )


def _revoke_tokens(plan: dict) -> None:
    from knowflow.accounts.actions import revoke_api_token
    from knowflow.accounts.models import ApiToken

    for token in ApiToken.objects.filter(name=f"{TOKEN_NAME} {plan['run']}").select_related("user"):
        revoke_api_token(token.user, token_id=token.pk)


# --- Writes: acknowledged by the server, found in the database --------------------------------


@dataclass
class WriteTally:
    acknowledged: int
    found: int
    lost: list[str]  # acknowledged, not in the database
    unacknowledged: int  # in the database, not acknowledged (in flight when the run stopped)

    def as_dict(self) -> dict:
        return {
            "acknowledged": self.acknowledged,
            "found": self.found,
            "lost": len(self.lost),
            "lost_markers": self.lost[:20],
            "found_not_acknowledged": self.unacknowledged,
        }


def tally_writes(acknowledged: list[str], found: set[str]) -> WriteTally:
    acked = set(acknowledged)
    return WriteTally(
        acknowledged=len(acked),
        found=len(found),
        lost=sorted(acked - found),
        unacknowledged=len(found - acked),
    )


def found_markers(run: str, *, after_pk: int) -> set[str]:
    """The write markers of run `run` in posts newer than `after_pk` (bodies and titles)."""
    from django.db.models import Q

    from knowflow.posts.models import Post

    prefix = f"{MARKER}-{run}-"
    pattern = re.compile(rf"{re.escape(prefix)}\d+-\d+")
    rows = Post.objects.filter(
        Q(body__contains=prefix) | Q(title__contains=prefix), pk__gt=after_pk
    ).values_list("title", "body")
    return {m for title, body in rows for m in pattern.findall(f"{title}\n{body}")}


def _sum_writes(tallies: list[dict]) -> dict:
    keys = ("acknowledged", "found", "lost", "found_not_acknowledged")
    out = {k: sum(t[k] for t in tallies) for k in keys}
    out["lost_markers"] = [m for t in tallies for m in t["lost_markers"]][:20]
    return out


# --- One locust run -----------------------------------------------------------------------------


def _locust_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"locust {version('locust')}"
    except PackageNotFoundError:
        raise CommandError(
            "locust is not installed: it comes with the dev dependencies (`uv sync`)."
        ) from None


def _run_locust(
    url: str,
    plan: dict,
    settings: Settings,
    *,
    workdir: Path,
    sampler: _MemorySampler | None = None,
    stage: str = "run",
) -> dict:
    from knowflow.posts.models import Post

    users = settings.users
    requests_per_task = sum(w * MIX[t][1] for t, w in settings.weights.items()) / sum(
        settings.weights.values()
    )
    run_id = f"{plan['run']}{stage}"
    paths = {
        "plan": workdir / f"{stage}-plan.json",
        "results": workdir / f"{stage}-results.json",
        "started": workdir / f"{stage}-started",
        "stats": workdir / f"{stage}-locust",
        "log": workdir / f"{stage}-locust.log",
    }
    for path in paths.values():
        Path(f"{path}.json" if path == paths["stats"] else path).unlink(missing_ok=True)
    people = plan["people"][:users]
    paths["plan"].write_text(
        json.dumps(
            {
                **{k: plan[k] for k in ("questions", "words", "topics", "profiles")},
                "people": people,
                "users": users,
                "duration": settings.duration,
                "think": list(settings.think),
                "tasks_per_second": settings.rate / requests_per_task / users
                if settings.rate
                else None,
                "weights": settings.weights,
                "kinds": {**KINDS, "sign_in": SIGN_IN},
                "marker": f"{MARKER}-{run_id}",
                "password": PASSWORD,
                "seed": settings.seed,
                "results": str(paths["results"]),
                "started": str(paths["started"]),
            }
        )
    )
    # Sign-ins hash a password (about half a second of a core each): the window waits for them.
    sign_in_budget = 60 + 2 * users / settings.spawn_rate + users
    limit = sign_in_budget + settings.duration + 30
    argv = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    argv += ["--users", str(users), "--spawn-rate", f"{settings.spawn_rate:g}", "--host", url]
    argv += ["--run-time", f"{int(limit)}s", "--stop-timeout", "10", "--exit-code-on-error", "0"]
    argv += ["--json-file", str(paths["stats"]), "--loglevel", "WARNING", "--only-summary"]
    env = {**os.environ, "KNOWFLOW_LOAD_PLAN": str(paths["plan"])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    after_pk = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if sampler:
        sampler.watch(paths["started"])
    with paths["log"].open("wb") as out:
        try:
            proc = subprocess.run(  # noqa: S603 - our own interpreter and locust
                argv,
                env=env,
                cwd=LOCUSTFILE.parent.parent,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=limit + 60,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise CommandError(f"locust did not stop within {limit + 60:.0f} s.") from None
    if not paths["results"].exists():
        tail = paths["log"].read_text(errors="replace").strip().splitlines()[-5:]
        raise CommandError(f"locust exited ({proc.returncode}): " + " / ".join(tail))
    results = json.loads(paths["results"].read_text())
    if results["signin_failures"] or not results["started_at"]:
        first = (results["signin_failures"] or ["not everyone signed in in time"])[0]
        raise CommandError(
            f"{users - results['signed_in']} of {users} people could not sign in ({first})."
        )
    stats = json.loads(Path(f"{paths['stats']}.json").read_text())
    writes = tally_writes(results["acknowledged"], found_markers(run_id, after_pk=after_pk))
    return _summarize(results, stats, writes)


def _summarize(results: dict, stats: list[dict], writes: WriteTally) -> dict:
    locust_counts = {e["name"]: (e["num_requests"], e["num_failures"]) for e in stats}
    ends = [e["last_request_timestamp"] for e in stats if e.get("last_request_timestamp")]
    elapsed = max(max(ends, default=0) - results["started_at"], 1e-9)
    rows, everything = [], []
    mismatched = []
    for key, name in KINDS.items():
        kind = results["kinds"].get(name, {"ms": [], "5xx": 0, "other": 0, "examples": []})
        samples = kind["ms"]
        everything.extend(samples)
        requests = len(samples) + kind["5xx"] + kind["other"]
        if locust_counts.get(name, (0, 0))[0] != requests:
            mismatched.append(name)
        rows.append(
            {
                "kind": key,
                "name": name,
                "requests": requests,
                "ok": len(samples),
                "rps": requests / elapsed,
                "p50": percentile(samples, 50),
                "p95": percentile(samples, 95),
                "p99": percentile(samples, 99),
                "errors_5xx": kind["5xx"],
                "errors_other": kind["other"],
                "examples": kind["examples"],
            }
        )
    total = sum(r["requests"] for r in rows)
    return {
        "seconds": elapsed,
        "sign_in_seconds": results["started_at"] - results["launched_at"],
        "kinds": rows,
        "total": {
            "requests": total,
            "ok": len(everything),
            "rps": total / elapsed,
            "p50": percentile(everything, 50),
            "p95": percentile(everything, 95),
            "p99": percentile(everything, 99),
            "errors_5xx": sum(r["errors_5xx"] for r in rows),
            "errors_other": sum(r["errors_other"] for r in rows),
        },
        # Locust's own counts per name, which should be ours (a check of the listener).
        "locust_counts_differ": mismatched,
        "writes": writes.as_dict(),
    }


# --- Capacity -----------------------------------------------------------------------------------


def _find_capacity(
    log,
    url: str,
    plan: dict,
    settings: Settings,
    *,
    workdir: Path,
    sampler: _MemorySampler | None,
    stage_seconds: float,
    max_users: int,
    target: float,
) -> dict:
    stages = []
    users = 2
    best = None
    while users <= max_users:
        stage = Settings(**{**settings.__dict__, "users": users, "duration": stage_seconds})
        log.write(f"  stage: {users} people for {stage_seconds:g} s…")
        result = _run_locust(url, plan, stage, workdir=workdir, sampler=sampler, stage=f"u{users}")
        home = next(r for r in result["kinds"] if r["kind"] == HOME)
        errors = result["total"]["errors_5xx"] + result["total"]["errors_other"]
        within = home["requests"] > 0 and home["p99"] <= target and errors == 0
        stages.append(
            {
                "users": users,
                "requests": result["total"]["requests"],
                "rps": result["total"]["rps"],
                "home_p50": home["p50"],
                "home_p95": home["p95"],
                "home_p99": home["p99"],
                "errors_5xx": result["total"]["errors_5xx"],
                "errors_other": result["total"]["errors_other"],
                "within": within,
                "writes": result["writes"],
            }
        )
        if not within:
            break
        best = stages[-1]
        users *= 2
    return {"target_p99": target, "stages": stages, "largest": best}


# --- The server, when the bench starts it -------------------------------------------------------


class _Server:
    """`knowflow serve` (and `knowflow worker`, as a deployment runs them) on 127.0.0.1."""

    def __init__(self, workdir: Path, *, workers: int, task_worker: bool) -> None:
        from django.conf import settings

        from bench._stats import ready_for_pages
        from bench.feed import HOST, _start_server

        ready_for_pages()
        self.log = workdir / "server.log"
        try:
            self.proc, port = _start_server(workers, self.log)
        except RuntimeError as exc:
            raise CommandError(f"The server did not start: {exc}") from None
        self.url = f"http://{HOST}:{port}"
        self.worker = None
        if task_worker and "DatabaseBackend" in settings.TASKS["default"]["BACKEND"]:
            with (workdir / "worker.log").open("wb") as out:
                self.worker = subprocess.Popen(
                    [sys.executable, "-m", "knowflow.cli", "worker"],
                    env={**os.environ, "DEBUG": "false"},
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                )

    def roots(self) -> dict[int, str]:
        out = {self.proc.pid: "gunicorn master"}
        if self.worker:
            out[self.worker.pid] = "task worker (knowflow worker)"
        return out

    def stop(self) -> int:
        """Stop both; the number of tracebacks the server logged."""
        from bench.feed import _stop_server

        _stop_server(self.proc)
        if self.worker:
            _stop_server(self.worker)
        return sum(
            "Traceback" in line for line in self.log.read_text(errors="replace").splitlines()
        )


# --- Memory -------------------------------------------------------------------------------------


def process_tree(roots: dict[int, str]) -> dict[int, str]:
    """The given processes and all their descendants, each with a label (a gunicorn master's
    children are its workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (comm) state ppid ...": the command may hold spaces and parentheses.
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out: dict[int, str] = {}
    stack = list(roots.items())
    while stack:
        pid, label = stack.pop()
        out[pid] = label
        child_label = "gunicorn worker" if label == "gunicorn master" else f"child of {pid}"
        stack.extend((child, child_label) for child in children.get(pid, []))
    return out


def rss_kib(pid: int) -> int | None:
    """Resident memory of a process (VmRSS), or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


@dataclass
class _Process:
    label: str
    samples: list[tuple[float, int]] = field(default_factory=list)


class _MemorySampler(threading.Thread):
    """RSS of the given processes and their children at the start of each measured window,
    every SAMPLE_EVERY seconds and at the end."""

    def __init__(self, roots: dict[int, str], every: float = SAMPLE_EVERY) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.every = every
        self.processes: dict[int, _Process] = {}
        self.started_file: Path | None = None
        self.started_at: float | None = None
        self.lock = threading.Lock()
        self.done = threading.Event()

    def watch(self, started_file: Path) -> None:
        with self.lock:
            self.started_file = started_file

    def sample(self) -> None:
        now = time.monotonic()
        with self.lock:
            for pid, label in process_tree(self.roots).items():
                kib = rss_kib(pid)
                if kib is not None:
                    self.processes.setdefault(pid, _Process(label)).samples.append((now, kib))

    def run(self) -> None:
        self.sample()
        next_at = time.monotonic() + self.every
        while not self.done.wait(0.5):
            with self.lock:
                started = self.started_file is not None and self.started_file.exists()
            if started and self.started_at is None:
                self.started_at = time.monotonic()
                self.sample()
                next_at = time.monotonic() + self.every
            elif time.monotonic() >= next_at:
                self.sample()
                next_at += self.every

    def finish(self) -> None:
        self.done.set()
        self.join(timeout=10)
        self.sample()

    def report(self) -> list[dict]:
        rows = []
        end_time = max((s[-1][0] for p in self.processes.values() if (s := p.samples)), default=0)
        for pid, process in sorted(self.processes.items()):
            window = [s for s in process.samples if s[0] >= (self.started_at or 0)]
            window = window or process.samples
            first, last = window[0], window[-1]
            # From a third of the run on: caches fill and code loads in the first minutes.
            third = first[0] + (last[0] - first[0]) / 3
            warm = next(s for s in window if s[0] >= third)
            grew = last[1] - warm[1] > max(GROWTH_SHARE * warm[1], GROWTH_MIB * 1024)
            rows.append(
                {
                    "process": process.label,
                    "pid": pid,
                    "samples": len(window),
                    "start_mib": first[1] / 1024,
                    "end_mib": last[1] / 1024,
                    "max_mib": max(s[1] for s in window) / 1024,
                    "verdict": "gone before the end"
                    if last[0] < end_time
                    else ("grew" if grew else "flat"),
                }
            )
        return rows


# --- Report -------------------------------------------------------------------------------------


def _ms(value: float, count: int = 1) -> str:
    return f"{value:.1f}" if count else "-"


def _print(stdout, report: dict, settings: Settings, *, find_capacity: bool) -> None:
    data = report["data"]
    if settings.rate:
        pace = f"paced to about {settings.rate:g} requests/s in all"
    else:
        low, high = settings.think
        pace = f"think time {low:g}-{high:g} s" if high else "no think time"
    stdout.write("")
    stdout.write(
        f"Load: {report['server']} at {report['url']}, {report['database']}; "
        f"{data['people']:,} people, {data['posts']:,} posts ({data['questions']:,} questions, "
        f"{data['answers']:,} answers); {report['locust']} (FastHttpUser) in its own process "
        f"on the same machine; {report['machine']}"
    )
    stdout.write("")
    if find_capacity:
        _print_capacity(stdout, report["capacity"], settings)
    else:
        stdout.write(
            f"{settings.users} people, each signed in as a different person (in "
            f"{report['sign_in_seconds']:.0f} s, not measured); {pace}; {report['seconds']:.0f} s "
            "measured:"
        )
        stdout.write("")
        stdout.write(
            "| request | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx | other errors |"
        )
        stdout.write("|---|---|---|---|---|---|---|---|")
        for row in [*report["kinds"], {**report["total"], "name": "**all**"}]:
            n = row["ok"]
            stdout.write(
                f"| {row['name']} | {row['requests']:,} | {row['rps']:,.1f} | "
                f"{_ms(row['p50'], n)} | {_ms(row['p95'], n)} | {_ms(row['p99'], n)} | "
                f"{row['errors_5xx']} | "
                f"{row['errors_other']} |"
            )
        for row in report["kinds"]:
            for example in row["examples"]:
                stdout.write(f"- {row['name']}: {example}")
        if report["locust_counts_differ"]:
            stdout.write(
                f"Locust counted otherwise for: {', '.join(report['locust_counts_differ'])}."
            )
    w = report["writes"]
    stdout.write("")
    stdout.write(
        f"Writes: {w['acknowledged']:,} acknowledged / {w['found']:,} found in the database / "
        f"{w['lost']:,} lost"
        + (f" ({', '.join(w['lost_markers'])})" if w["lost"] else "")
        + f"; {w['found_not_acknowledged']:,} found but not acknowledged (in flight at the stop)."
    )
    if report.get("server_tracebacks"):
        stdout.write(f"The server logged {report['server_tracebacks']} tracebacks.")
    if report.get("memory"):
        stdout.write("")
        stdout.write(
            f"Memory (RSS, MiB; sampled every {SAMPLE_EVERY:.0f} s; 'grew' is more than "
            f"{GROWTH_SHARE:.0%} and {GROWTH_MIB:g} MiB from a third of the run to its end):"
        )
        stdout.write("")
        stdout.write("| process | pid | samples | start | end | max | |")
        stdout.write("|---|---|---|---|---|---|---|")
        for row in report["memory"]:
            stdout.write(
                f"| {row['process']} | {row['pid']} | {row['samples']} | {row['start_mib']:.1f} | "
                f"{row['end_mib']:.1f} | {row['max_mib']:.1f} | {row['verdict']} |"
            )


def _print_capacity(stdout, capacity: dict, settings: Settings) -> None:
    target = capacity["target_p99"]
    stdout.write(
        f"Capacity: stages of people with no think time, each signed in first; a stage is within "
        f"the target when the home feed's p99 <= {target:g} ms and nothing failed:"
    )
    stdout.write("")
    stdout.write(
        "| people | requests | req/s | home p50 ms | home p95 ms | home p99 ms | 5xx | other "
        "errors | within |"
    )
    stdout.write("|---|---|---|---|---|---|---|---|---|")
    for s in capacity["stages"]:
        stdout.write(
            f"| {s['users']} | {s['requests']:,} | {s['rps']:,.1f} | {_ms(s['home_p50'])} | "
            f"{_ms(s['home_p95'])} | {_ms(s['home_p99'])} | {s['errors_5xx']} | "
            f"{s['errors_other']} | {'yes' if s['within'] else 'no'} |"
        )
    best = capacity["largest"]
    stdout.write("")
    if best is None:
        stdout.write(f"No stage kept the home feed's p99 within {target:g} ms without errors.")
        return
    stdout.write(
        f"Largest stage within the target: {best['users']} people, {best['rps']:,.1f} req/s "
        f"(home feed p99 {best['home_p99']:.1f} ms). A soak at 70% of it: "
        f"`knowflow bench load --users {best['users']} --rate {0.7 * best['rps']:.0f} "
        f"--duration 600`."
    )
