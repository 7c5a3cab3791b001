"""Home feed, topic page and posting: server time in process and load on `knowflow serve`.

Builds (or reuses) an organization of N people (`load_demo`) with M posts and a heavy-tailed
follow graph (bench/_feedgen.py), then measures, next to a hello-world view on the same stack:

1. server time in process (django.test.Client against the real URLs, DEBUG off, random
   viewers among 50 sampled people: half heavy followers, half light ones), and the query
   functions alone (home_feed, topic_posts) to separate queries from templates;
2. requests/s and latency under concurrent load on the real server (`knowflow serve`,
   gunicorn), driven by client threads in this process over keep-alive HTTP on 127.0.0.1.

Usage (an empty database; the run reuses it later):

    KNOWFLOW_DATA_DIR=/tmp/feed-sqlite uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/feed-sqlite uv run knowflow bench feed --people 10000 --posts 1000000

    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE knowflow_feed"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/knowflow_feed
    uv run knowflow migrate && uv run knowflow bench feed
"""

from __future__ import annotations

import gc
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

from django.db import connection

from bench._stats import machine, percentile, summary_row
from knowflow.demo.data import PASSWORD  # shared by every demo person

HOST = "127.0.0.1"
SAMPLE = 50
LOGINS = 16
POSTERS = 10  # people who write the benchmark's posts (not among the sampled viewers)
POSTER_LOGINS = 4
EXPLAIN_VIEWERS = 10


def add_arguments(parser) -> None:
    parser.add_argument("--people", type=int, default=10_000, help="People (default 10,000).")
    parser.add_argument("--posts", type=int, default=1_000_000, help="Posts (default 1,000,000).")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--repeat", type=int, default=200, help="Timed calls per in-process case (default 200)."
    )
    parser.add_argument(
        "--case-seconds",
        type=float,
        default=60,
        help="Stop a case's timed calls after this many seconds (default 60; slow cases report "
        "fewer calls).",
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, help="Client threads under load (default 8)."
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=20,
        help="Seconds of each load phase: hello, home feed, mix (default 20).",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers of the server (default 2)."
    )
    parser.add_argument(
        "--skip-load", action="store_true", help="Only the in-process timings (no server)."
    )
    parser.add_argument(
        "--copy",
        action="store_true",
        help="PostgreSQL: write the generated rows with COPY instead of bulk_create (faster).",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="Also time each query of home_feed per source and print the slowest plans.",
    )


def run(
    stdout,
    *,
    people: int,
    posts: int,
    seed: int,
    repeat: int,
    case_seconds: float,
    concurrency: int,
    duration: float,
    workers: int,
    skip_load: bool,
    copy: bool,
    explain: bool,
    **_options,
) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from bench._feedgen import ensure_data

    if settings.DEBUG:
        raise CommandError("Run with DEBUG off (unset DEBUG or DEBUG=false): DEBUG logs queries.")
    if connection.vendor not in ("sqlite", "postgresql"):
        raise CommandError(f"Unsupported database {connection.vendor}.")
    ensure_data(stdout, people=people, posts=posts, seed=seed, copy=copy)
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        # Production settings hash static file names: pages need the manifest, as in a deploy.
        call_command("collectstatic", interactive=False, verbosity=0)

    rng = random.Random(seed)
    info = _describe(rng)
    stdout.write("")
    stdout.write(
        f"Feed benchmark: {info['people']:,} people, {info['posts']:,} posts, "
        f"{_database()}, {machine()}"
    )
    stdout.write("")
    for line in info["lines"]:
        stdout.write(line)

    results = _in_process(stdout, info, rng=rng, repeat=repeat, budget=case_seconds)
    if explain:
        _explain(stdout, info)
    if not skip_load:
        _load(stdout, info, rng=rng, concurrency=concurrency, duration=duration, workers=workers)
    stdout.write("")
    heavy = results.get("home_feed() query function, heavy followers", [])
    light = results.get("home_feed() query function, light followers", [])
    for label, samples in (
        ("home_feed() (the feed's queries and objects)", heavy + light),
        ("API GET /api/v1/feed (the feed as JSON)", results.get("API GET /api/v1/feed")),
        ("GET / (the full HTML page)", results.get("home page GET / (feed, full page)")),
    ):
        if samples:
            p50, p99 = statistics.median(samples), percentile(samples, 99)
            verdict = "meets" if p50 <= 10 and p99 <= 50 else "misses"
            stdout.write(
                f"Target p50 <= 10 ms, p99 <= 50 ms, {label}: p50 {p50:.1f} ms, p99 {p99:.1f} ms: "
                f"{verdict} it."
            )


def _database() -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"


# --- Data description and the sampled viewers -------------------------------------------------


def _describe(rng: random.Random) -> dict:
    from django.db.models import Count

    from knowflow.accounts.models import User
    from knowflow.network.models import Follow
    from knowflow.posts.models import Mention, Post, PostTopic, Reaction
    from knowflow.topics.models import Topic

    n_people = User.objects.count()
    n_posts = Post.objects.count()
    replies = Post.objects.filter(root__isnull=False).count()
    departmental = Post.objects.filter(audience="department", root__isnull=True).count()
    announcements = Post.objects.filter(is_announcement=True).count()
    follows = Follow.objects.filter(user__isnull=False)
    out_degree = dict(
        follows.values("follower").annotate(n=Count("id")).values_list("follower", "n")
    )
    in_degree = sorted(
        follows.values("user").annotate(n=Count("id")).values_list("n", flat=True), reverse=True
    )
    top_poster = (
        Post.objects.values("author").annotate(n=Count("id")).order_by("-n").values_list("n")[:1]
    )
    top_topic = (
        PostTopic.objects.values("topic").annotate(n=Count("id")).order_by("-n").first() or {}
    )
    topic = Topic.objects.filter(pk=top_topic.get("topic")).first() or Topic.objects.first()

    # Viewers: half among the 10% who follow the most people, half among the 10% who follow
    # the fewest (the hard case for fan-out on read: few, maybe quiet, sources).
    ranked = sorted(out_degree, key=lambda u: (out_degree[u], u))
    tenth = max(1, len(ranked) // 10)
    heavy_ids = rng.sample(ranked[-tenth:], min(SAMPLE // 2, tenth))
    light_ids = rng.sample(ranked[:tenth], min(SAMPLE // 2, tenth))
    users = User.objects.in_bulk(heavy_ids + light_ids)
    heavy = [users[u] for u in heavy_ids if users[u].is_active]
    light = [users[u] for u in light_ids if users[u].is_active]
    # Benchmark posts come from other people, so that re-runs on the same database time the
    # sampled viewers' feeds (and their own posts) as they were generated.
    middle = ranked[tenth:-tenth] or ranked
    posters = list(
        User.objects.filter(pk__in=rng.sample(middle, min(POSTERS, len(middle))), is_active=True)
    )

    def med(ids):
        return statistics.median(out_degree[u] for u in ids) if ids else 0

    lines = [
        "| data | count |",
        "|---|---|",
        f"| people | {n_people:,} |",
        f"| posts (replies; thread starters for a department; announcements) | {n_posts:,} "
        f"({replies:,}; {departmental:,}; {announcements:,}) |",
        f"| post topics / mentions / reactions | {PostTopic.objects.count():,} / "
        f"{Mention.objects.count():,} / {Reaction.objects.count():,} |",
        f"| follows of people / of topics / of departments | {follows.count():,} / "
        f"{Follow.objects.filter(topic__isnull=False).count():,} / "
        f"{Follow.objects.filter(department__isnull=False).count():,} |",
        f"| followers: most / 10th most / median; people with >= 1,000 | "
        f"{in_degree[0] if in_degree else 0:,} / "
        f"{in_degree[9] if len(in_degree) > 9 else 0:,} / "
        f"{statistics.median(in_degree) if in_degree else 0:,.0f}; "
        f"{sum(1 for d in in_degree if d >= 1000):,} |",
        f"| posts by the most prolific person | {top_poster[0][0] if top_poster else 0:,} |",
        f"| sampled viewers: heavy / light followers (median people followed) | "
        f"{len(heavy)} ({med(heavy_ids):.0f}) / {len(light)} ({med(light_ids):.0f}) |",
        f"| topic page | #{topic.slug} ({top_topic.get('n', 0):,} posts, the most tagged) |",
    ]
    return {
        "people": n_people,
        "posts": n_posts,
        "heavy": heavy,
        "light": light,
        "viewers": heavy + light,
        "posters": posters,
        "topic": topic,
        "lines": lines,
    }


# --- In-process server time -------------------------------------------------------------------


def _in_process(
    stdout, info: dict, *, rng: random.Random, repeat: int, budget: float
) -> dict[str, list[float]]:
    from django.core.cache import cache
    from django.test import Client

    from knowflow.core.memo import clear_local
    from knowflow.posts.queries import home_feed, topic_posts

    viewers = info["viewers"]
    topic = info["topic"]
    clients = []
    for viewer in viewers:
        client = Client(HTTP_HOST=HOST)
        client.force_login(viewer)
        clients.append(client)
    anonymous = Client(HTTP_HOST=HOST)
    posters = []
    for person in info["posters"]:
        client = Client(HTTP_HOST=HOST)
        client.force_login(person)
        posters.append(client)
    counter = iter(range(10**9))
    # As a server worker does (config/wsgi.py): what is loaded by now lives as long as the
    # process, so full garbage collections need not walk it.
    gc.collect()
    gc.freeze()

    def fresh(user):
        # The viewer's department path is cached on the user object; a request loads it anew.
        user.__dict__.pop("_kf_department_ancestors", None)
        return user

    def get(client, path, expect=200):
        response = client.get(path, secure=True)
        if response.status_code != expect:
            raise RuntimeError(f"GET {path}: {response.status_code}, expected {expect}")
        return response

    def post_new():
        client = rng.choice(posters)
        body = f"Benchmark note {next(counter)}: what we learned about #python this week."
        response = client.post("/", {"body": body, "audience": "everyone"}, secure=True)
        if response.status_code != 302:
            raise RuntimeError(f"POST /: {response.status_code}, expected 302")

    def empty_caches():
        cache.clear()
        clear_local()  # the process's own copies of cached values (core.memo)

    topic_url = f"/topics/{topic.slug}/"
    cases = {
        "hello-world view GET /__hello__ (no DB)": lambda: get(anonymous, "/__hello__"),
        "home_feed() query function, heavy followers": lambda: home_feed(
            fresh(rng.choice(info["heavy"]))
        ),
        "home_feed() query function, light followers": lambda: home_feed(
            fresh(rng.choice(info["light"]))
        ),
        "home page GET / (feed, full page)": lambda: get(rng.choice(clients), "/"),
        "API GET /api/v1/feed": lambda: get(rng.choice(clients), "/api/v1/feed"),
        f"topic_posts() query function, #{topic.slug}": lambda: topic_posts(
            fresh(rng.choice(viewers)), topic
        ),
        f"topic page GET {topic_url}": lambda: get(rng.choice(clients), topic_url),
        "create a post POST / (form, then 302)": post_new,
        # The worst case for the cached post cards (and the feed's window hints): every cache
        # emptied before each call (not timed), so each card is rendered and stored. Last, so
        # the cases above run with the caches a running server has.
        "home page GET /, every cache empty (cold)": (
            empty_caches,
            lambda: get(rng.choice(clients), "/"),
        ),
    }
    # Steady state: a running server has seen these readers before (the cold case below is
    # the other extreme), so each one's home page is loaded once before anything is timed.
    for client in clients:
        get(client, "/")
    stdout.write("")
    stdout.write(
        f"Server time in process (django.test.Client on the real URLs, DEBUG off, start-up "
        f"objects frozen out of the garbage collector as in config/wsgi.py; each reader's home "
        f"page loaded once first; {repeat} calls each after one warm-up, or fewer when a case reaches {budget:g} s; random viewers "
        f"among the {len(viewers)} sampled; posts are written by {len(posters)} other people):"
    )
    stdout.write("")
    stdout.write("| case | calls | p50 ms | p95 ms | p99 ms |")
    stdout.write("|---|---|---|---|---|")
    results = {}
    for name, case in cases.items():
        setup, fn = case if isinstance(case, tuple) else (None, case)
        samples = _time_calls(fn, repeat=repeat, budget=budget, setup=setup)
        results[name] = samples
        stdout.write(summary_row(name, samples))
    return results


def _time_calls(fn, *, repeat: int, budget: float, setup=None) -> list[float]:
    """Like bench._stats.time_calls, but stops once `budget` seconds have been spent; `setup`
    runs before each call, untimed."""
    fn()
    out: list[float] = []
    deadline = time.perf_counter() + budget
    while len(out) < repeat and (time.perf_counter() < deadline or len(out) < 5):
        if setup is not None:
            setup()
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


# --- Per-query breakdown (--explain) ----------------------------------------------------------


TABLE_LABELS = {
    "posts_mute": "mutes",
    "people_profile": "viewer's department path",
    "network_follow": "viewer's follows and mutes",
    "posts_mention": "source: mentions",
    "posts_reaction": "decorations (reactions, my thanks, topics, files)",
    "posts_thanks": "decorate: thanks",
    "posts_attachment": "decorate: attachments",
}
POST_SOURCE_LABELS = (
    ('"author_department_id" in (', "source: departments I follow"),
    ('"author_department_id" = ', "source: departments I follow"),
    ('"author_id" in (', "source: people I follow"),
    ('"root_author_id" = ', "source: replies to my threads"),
    ("\"audience\" = 'department' and", "source: posts to my department"),
)


def _label(sql: str) -> str:
    """Which part of home_feed a query is (the sources share one visibility filter)."""
    s = sql.lower()
    main = re.search(r'\bfrom "?(\w+)"?', s)
    table = main.group(1) if main else ""
    if table in TABLE_LABELS:
        return TABLE_LABELS[table]
    if table == "posts_posttopic":
        return "decorate: topics" if '"topics_topic"' in s else "source: topics I follow"
    if table != "posts_post":
        return "other"
    if 'where "posts_post"."id" in (' in s or " from posts_post p join accounts_user u " in s:
        return "fetch posts"
    if "a.is_announcement" in s:
        return "pinned announcements"
    # What follows the shared visibility filter tells the sources apart.
    tail = s.split('"deleted_at" is null', 1)[-1]
    for marker, label in POST_SOURCE_LABELS:
        if marker in tail:
            return label
    if re.search(r'"author_id" = \d', tail):
        return "source: my own posts"
    return "other"


def _explain(stdout, info: dict) -> None:
    """Each query home_feed runs, re-run and timed alone, grouped by feed source."""
    from django.test.utils import CaptureQueriesContext

    from knowflow.posts.queries import home_feed

    by_label: dict[str, list[tuple[float, str, str]]] = defaultdict(list)
    rounds: list[int] = []
    for group in ("heavy", "light"):
        for viewer in info[group][:EXPLAIN_VIEWERS]:
            home_feed(viewer)  # as a returning reader: the window memory is warm
            viewer.__dict__.pop("_kf_department_ancestors", None)
            with CaptureQueriesContext(connection) as captured:
                home_feed(viewer)
            round_no = 0
            for query in captured.captured_queries:
                sql = query["sql"]
                label = _label(sql)
                if " as src, " in sql.lower():
                    round_no += 1
                    label = (
                        "sources, first round (every source in one UNION ALL)"
                        if round_no == 1
                        else "sources, later rounds (quiet sources, wider windows)"
                    )
                with connection.cursor() as cursor:
                    best = float("inf")
                    for _ in range(2):
                        start = time.perf_counter()
                        cursor.execute(sql)
                        cursor.fetchall()
                        best = min(best, (time.perf_counter() - start) * 1000)
                by_label[label].append((best, group, sql))
            rounds.append(round_no)
    stdout.write("")
    stdout.write(
        f"home_feed() per query, each re-run alone (best of 2), for {EXPLAIN_VIEWERS} heavy "
        f"and {EXPLAIN_VIEWERS} light followers:"
    )
    stdout.write("")
    stdout.write("| query | runs | p50 ms | p95 ms | max ms | slowest for |")
    stdout.write("|---|---|---|---|---|---|")
    for label, runs in sorted(by_label.items(), key=lambda kv: -max(r[0] for r in kv[1])):
        times = [r[0] for r in runs]
        slowest = max(runs)
        stdout.write(
            f"| {label} | {len(runs)} | {statistics.median(times):.2f} | "
            f"{percentile(times, 95):.2f} | {max(times):.2f} | {slowest[1]} follower |"
        )
    stdout.write("")
    stdout.write(
        f"Source rounds (round trips for the sources) per page: median "
        f"{statistics.median(rounds):g}, max {max(rounds)}."
    )
    worst = sorted(
        ((max(runs), label) for label, runs in by_label.items()), key=lambda x: -x[0][0]
    )[:3]
    for (ms, group, sql), label in worst:
        stdout.write("")
        stdout.write(f"Plan of the slowest '{label}' query ({ms:.1f} ms, a {group} follower):")
        stdout.write("")
        stdout.write("```")
        stdout.write(sql)
        stdout.write("")
        for line in _plan(sql):
            stdout.write(line)
        stdout.write("```")


def _plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            return [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        rows = cursor.fetchall()
        depth = {0: 0}
        out = []
        for node, parent, _unused, detail in rows:
            depth[node] = depth.get(parent, 0) + 1
            out.append("  " * (depth[node] - 1) + detail)
        return out


# --- Load on the real server ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class _Session:
    """One signed-in person's cookies (sessionid, csrftoken), kept by hand: no cookie jar
    would send the Secure cookies production settings set over plain HTTP on 127.0.0.1."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def absorb(self, response: http.client.HTTPResponse) -> None:
        for raw in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value


def _request(conn, method, path, *, session=None, body=None, headers=None):
    headers = dict(headers or {})
    headers["Host"] = HOST
    if session is not None:
        headers.update(session.header())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if session is not None:
        session.absorb(response)
    return response, data


def _login(port: int, email: str) -> _Session:
    session = _Session()
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        _response, page = _request(conn, "GET", "/accounts/login/", session=session)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("No CSRF token on the sign-in page.")
        body = urllib.parse.urlencode(
            {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
        )
        response, _data = _request(conn, "POST", "/accounts/login/", session=session, body=body)
        if response.status != 302 or "sessionid" not in session.cookies:
            raise RuntimeError(f"Sign-in of {email} failed: HTTP {response.status}.")
        _request(conn, "GET", "/", session=session)  # sets csrftoken for posting
    finally:
        conn.close()
    return session


def _start_server(workers: int, log_path: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        ALLOWED_HOSTS=HOST,
        DJANGO_SETTINGS_MODULE="config.settings",
        # Twenty sign-ins from one address in a few seconds, every run: the sign-in rate limit
        # (kept in Redis between runs when REDIS_URL is set) would rightly refuse them.
        KNOWFLOW_DISABLE_RATE_LIMITS="1",
    )
    log = log_path.open("wb")
    argv = [sys.executable, "-m", "knowflow.cli", "serve", "--host", HOST]
    argv += ["--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        argv,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"The server exited ({proc.returncode}); see {log_path}.")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            response, _data = _request(conn, "GET", "/healthz")
            conn.close()
            if response.status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"The server did not answer /healthz within 60 s; see {log_path}.")


def _stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def _load(stdout, info, *, rng, concurrency: int, duration: float, workers: int) -> None:
    viewers = info["heavy"][: LOGINS // 2] + info["light"][: LOGINS // 2]
    topic_url = f"/topics/{info['topic'].slug}/"
    with tempfile.TemporaryDirectory(prefix="knowflow-bench-feed-") as tmp:
        log_path = Path(tmp) / "server.log"
        proc, port = _start_server(workers, log_path)
        try:
            sessions = _login_all(port, [v.email for v in viewers], concurrency)
            poster_sessions = _login_all(
                port, [p.email for p in info["posters"][:POSTER_LOGINS]], concurrency
            )
            counter = iter(range(10**9))
            lock = threading.Lock()

            def hello(conn, _r):
                return _request(conn, "GET", "/__hello__"), 200

            def feed(conn, r):
                return _request(conn, "GET", "/", session=r.choice(sessions)), 200

            def api(conn, r):
                return _request(conn, "GET", "/api/v1/feed", session=r.choice(sessions)), 200

            def topic(conn, r):
                return _request(conn, "GET", topic_url, session=r.choice(sessions)), 200

            def create(conn, r):
                session = r.choice(poster_sessions)
                with lock:
                    n = next(counter)
                body = urllib.parse.urlencode(
                    {"body": f"Load test note {n} about #python.", "audience": "everyone"}
                )
                headers = {"X-CSRFToken": session.cookies.get("csrftoken", "")}
                return _request(conn, "POST", "/", session=session, body=body, headers=headers), 302

            phases = [
                ("hello only", [("GET /__hello__", hello, 1)]),
                ("home feed only", [("GET / (home feed)", feed, 1)]),
                (
                    "mix",
                    [
                        ("GET / (home feed)", feed, 70),
                        ("GET /api/v1/feed", api, 10),
                        (f"GET {topic_url}", topic, 10),
                        ("POST / (create a post)", create, 5),
                        ("GET /__hello__", hello, 5),
                    ],
                ),
            ]
            # Warm-up: each kind of request once (templates, connections).
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            for _kind, fn, _w in phases[2][1]:
                fn(conn, rng)
            conn.close()

            stdout.write("")
            stdout.write(
                f"Under load: `knowflow serve --workers {workers}` (gunicorn, 4 threads each), "
                f"{concurrency} client threads in the bench process over keep-alive HTTP on "
                f"{HOST}, {duration:g} s a phase, {len(sessions)} signed-in readers (half heavy, "
                f"half light followers) and {len(poster_sessions)} posters. The client shares "
                f"the machine's {os.cpu_count()} cores with the server, so requests/s are a "
                "floor; latency is as the client saw it."
            )
            stdout.write("")
            stdout.write(
                "| phase | request | requests | req/s | p50 ms | p95 ms | p99 ms | errors |"
            )
            stdout.write("|---|---|---|---|---|---|---|---|")
            for phase, kinds in phases:
                samples, errors, elapsed = _drive(port, kinds, concurrency, duration, rng.random())
                total = sum(len(s) for s in samples.values())
                for kind, _fn, _w in kinds:
                    s = samples.get(kind, [])
                    stdout.write(
                        f"| {phase} | {kind} | {len(s):,} | {len(s) / elapsed:,.1f} | "
                        f"{statistics.median(s) if s else 0:.1f} | {percentile(s, 95):.1f} | "
                        f"{percentile(s, 99):.1f} | {errors.get(kind, 0)} |"
                    )
                if len(kinds) > 1:
                    stdout.write(
                        f"| {phase} | all | {total:,} | {total / elapsed:,.1f} | | | | "
                        f"{sum(errors.values())} |"
                    )
        finally:
            _stop_server(proc)
        failures = [
            line
            for line in log_path.read_text(errors="replace").splitlines()
            if "Traceback" in line
        ]
        if failures:
            stdout.write(f"The server logged {len(failures)} tracebacks during the run.")


def _login_all(port: int, emails: list[str], concurrency: int) -> list[_Session]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(emails)))) as pool:
        return list(pool.map(lambda e: _login(port, e), emails))


def _drive(port: int, kinds, concurrency: int, duration: float, seed: float):
    """Run `concurrency` threads for `duration` seconds; latency samples (ms) per kind."""
    names = [k[0] for k in kinds]
    weights = [k[2] for k in kinds]
    fns = {k[0]: k[1] for k in kinds}
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + duration

    def worker(index: int) -> None:
        r = random.Random(f"{seed}-{index}")
        mine: dict[str, list[float]] = defaultdict(list)
        bad: dict[str, int] = defaultdict(int)
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < deadline:
            kind = r.choices(names, weights)[0]
            t0 = time.perf_counter()
            try:
                (response, _data), expect = fns[kind](conn, r)
                ok = response.status == expect
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            elapsed = (time.perf_counter() - t0) * 1000
            if ok:
                mine[kind].append(elapsed)
            else:
                bad[kind] += 1
        conn.close()
        with lock:
            for k, v in mine.items():
                samples[k].extend(v)
            for k, v in bad.items():
                errors[k] += v

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples, errors, time.monotonic() - start
