"""The search page's engine: speed at a million posts, indexing throughput, index size.

`knowflow bench search [--questions 1000000] [--repeat 200]` builds (or reuses: the same
database serves `bench similar`) the corpus of bench/similar.py (a Zipf vocabulary: a few
words are in a large share of the posts, most in a few), then times `search.queries.search()`
and the page and API around it on:

- rare words (one, or two together), ranked by relevance;
- each of the 10 most common words alone, and two of them together (the worst case for a
  database's full-text search, which scores every matching row);
- phrases (two or three consecutive words of an existing title), and a word left out;
- filters: kind, topic, department, date range, unanswered, sorted newest; a #topic alone;
- GET /search/ and GET /api/v1/search with a common word.

Then re-indexes a sample of posts with the app's own bulk path (items/s) and reports the size
of the full-text index.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import statistics
import time

from django.db import connection
from django.utils import timezone

from bench._stats import machine, percentile, ready_for_pages, summary_row
from bench.similar import Words, _database, ensure_questions

TARGET_P95_MS = 50.0
REINDEX_SAMPLE = 20_000


def add_arguments(parser) -> None:
    parser.add_argument("--questions", type=int, default=1_000_000, help="Posts (1,000,000).")
    parser.add_argument(
        "--people", type=int, default=2_000, help="People, if the database is empty."
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=200, help="Timed calls per case (200).")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="SQLite: drop the database file's pages from the kernel's cache before timing, "
        "as a host that reclaims unread pages does (pinned pages stay).",
    )


def _index_size() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_relation_size('search_all_tsv'), pg_total_relation_size('search_document')"
            )
            gin, table = cursor.fetchone()
            return (
                f"GIN index over every post {gin / 2**20:,.0f} MB; search_document with its "
                f"terms, tsvector and indexes {table / 2**20:,.0f} MB"
            )
        cursor.execute("PRAGMA page_size")
        page_size = cursor.fetchone()[0]
        try:
            cursor.execute(
                "SELECT name, SUM(pgsize) FROM dbstat WHERE name LIKE 'search_all_fts%' "
                "OR name = 'search_document' GROUP BY name"
            )
            sizes = dict(cursor.fetchall())
        except Exception:  # dbstat is a compile-time option of SQLite
            return f"(SQLite without dbstat; page size {page_size})"
        fts = sum(v for k, v in sizes.items() if k.startswith("search_all_fts"))
        return (
            f"FTS5 index over every post {fts / 2**20:,.0f} MB; search_document (terms) "
            f"{sizes.get('search_document', 0) / 2**20:,.0f} MB"
        )


def _reindex_rate(stdout) -> None:
    from knowflow.posts.models import Post
    from knowflow.search.actions import bulk_index

    newest = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    posts = list(
        Post.objects.filter(pk__gt=newest - REINDEX_SAMPLE).only(
            "id", "kind", "title", "body", "deleted_at"
        )
    )
    start = time.perf_counter()
    indexed = bulk_index(posts)
    seconds = time.perf_counter() - start
    stdout.write(
        f"Indexing: {indexed:,} posts re-indexed with bulk_index in {seconds:.1f} s: "
        f"{indexed / max(seconds, 1e-9):,.0f} items/s (terms, the row, the full-text index)."
    )


def _memory(*, cold: bool) -> str:
    """SQLite: pin the file as a web process does (SQLITE_PIN_MEMORY), then with --cold drop
    what is not pinned from the kernel's cache. Says which, for the report's header."""
    from django.conf import settings

    from knowflow.core.pinning import FilePin, database_file

    path = database_file()
    if path is None:
        return "--cold ignored: not SQLite" if cold else ""
    said = []
    if settings.SQLITE_PIN_MEMORY:
        size = FilePin(path).refresh()  # held until the process ends
        said.append(f"database pinned in memory ({size / 2**20:,.0f} MB)")
    if cold:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
        said.append("unpinned pages dropped from the kernel's cache before timing")
    return "; ".join(said)


def run(
    stdout, *, questions: int, people: int, seed: int, repeat: int, cold: bool, **_options
) -> None:
    from django.core.management.base import CommandError
    from django.test import Client

    from knowflow.accounts.models import User
    from knowflow.org.models import Department
    from knowflow.posts.models import Post
    from knowflow.search.queries import SearchFilters, search
    from knowflow.search.syntax import parse
    from knowflow.topics.models import Topic

    ready_for_pages()
    words = Words(seed)
    ensure_questions(stdout, questions=questions, people=people, seed=seed, words=words)
    total = Post.objects.count()
    rng = random.Random(seed + 2)
    viewers = list(User.objects.filter(is_active=True).order_by("?")[:20])
    max_pk = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    titles = list(
        Post.objects.filter(
            pk__in=sorted({rng.randrange(1, max_pk + 1) for _ in range(400)}),
            audience="everyone",
        ).values_list("title", flat=True)[:200]
    ) or ["nothing here"]
    common = words.words[:10]
    rare = words.words[5_000:20_000]
    topic = Topic.objects.order_by("pk").first()
    department = Department.objects.filter(parent__isnull=True).order_by("pk").first()
    now = timezone.now()

    def phrase(title: str, n: int) -> str:
        kept = [w for w in title.rstrip("?").split() if w in set(words.words[:20_000])]
        start = rng.randrange(max(1, len(kept) - n + 1))
        return '"' + " ".join(kept[start : start + n]) + '"'

    F = SearchFilters
    cases: dict[str, list[tuple[str, SearchFilters]]] = {
        "a rare word": [(rng.choice(rare), F()) for _ in range(100)],
        "two rare words": [(" ".join(rng.sample(rare, 2)), F()) for _ in range(100)],
        "one of the 10 most common words": [(w, F()) for w in common],
        "two of the 10 most common words": [
            (" ".join(rng.sample(common, 2)), F()) for _ in range(100)
        ],
        "a phrase of 2 words": [(phrase(rng.choice(titles), 2), F()) for _ in range(100)],
        "a phrase of 3 words": [(phrase(rng.choice(titles), 3), F()) for _ in range(100)],
        "a common word, another left out": [
            (f"{a} -{b}", F()) for a, b in (rng.sample(common, 2) for _ in range(100))
        ],
        "common word, kind = questions, newest first": [
            (w, F(kind="question", sort="newest")) for w in common
        ],
        "common word + topic filter": [(w, F(topic=topic)) for w in common],
        "common word + department filter": [(w, F(department=department)) for w in common],
        "common word + last 30 days": [(w, F(since=now - dt.timedelta(days=30))) for w in common],
        "rare word + unanswered": [(rng.choice(rare), F(answered=False)) for _ in range(100)],
        "#topic alone (newest first)": [(f"#{topic.slug}" if topic else "x", F())],
    }
    memory = _memory(cold=cold)
    stdout.write("")
    stdout.write(f"Search: {total:,} posts, {_database()}, {machine()}")
    if memory:
        stdout.write(f"({memory})")
    stdout.write("")
    stdout.write("| case | calls | p50 ms | p95 ms | p99 ms |")
    stdout.write("|---|---|---|---|---|")
    gc.collect()
    gc.freeze()
    results: dict[str, list[float]] = {}
    for name, inputs in cases.items():
        parsed_inputs = [(parse(q), f) for q, f in inputs]
        search(viewers[0], *parsed_inputs[0])  # warm-up (caches of term statistics)
        samples = []
        for i in range(repeat):
            parsed, filters = parsed_inputs[i % len(parsed_inputs)]
            viewer = viewers[i % len(viewers)]
            t = time.perf_counter()
            search(viewer, parsed, filters)
            samples.append((time.perf_counter() - t) * 1000)
        results[name] = samples
        stdout.write(summary_row(f"search(): {name}", samples))
    client = Client(HTTP_HOST="localhost")
    client.force_login(viewers[0])
    for label, path in (
        ("GET /search/?q=<common word> (the page)", "/search/"),
        ("GET /api/v1/search?q=<common word>", "/api/v1/search"),
    ):
        samples = []
        for i in range(repeat):
            t = time.perf_counter()
            response = client.get(path, {"q": common[i % len(common)]}, secure=True)
            samples.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{label}: {response.status_code}")
        results[label] = samples
        stdout.write(summary_row(label, samples))
    stdout.write("")
    _reindex_rate(stdout)
    stdout.write(f"Index size: {_index_size()}.")
    worst_name = max(results, key=lambda k: percentile(results[k], 95))
    worst = percentile(results[worst_name], 95)
    stdout.write(
        f"Target p95 <= {TARGET_P95_MS:g} ms: worst case p95 {worst:.1f} ms ({worst_name}): "
        f"{'meets' if worst <= TARGET_P95_MS else 'misses'} it."
    )
    stdout.write(
        f"(median of medians {statistics.median(statistics.median(s) for s in results.values()):.1f} ms)"
    )
