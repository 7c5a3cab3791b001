"""Typo-tolerant name search: `people.queries.find_people` and `topics.queries.find_topics`.

Usage (a fresh database is loaded with the demo organization at the requested size):

    KNOWFLOW_DATA_DIR=/tmp/bench10k uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/bench10k uv run knowflow bench names --people 10000

Queries are made from the organization's own names, for random viewers: a whole word (exact),
its first three letters (prefix), "first-name last-name-start" (two words), one and two typing
mistakes (a swapped, dropped or changed letter), and letters matching no one. Also timed: the
cold build of each index and its refresh from the shared cache (every few seconds per process).
"""

from __future__ import annotations

import random
import time

from django.db import connection

from bench._stats import machine, summary_row, time_calls


def add_arguments(parser) -> None:
    parser.add_argument(
        "--people", type=int, default=10_000, help="Organization size (default 10,000)."
    )
    parser.add_argument(
        "--repeat", type=int, default=200, help="Timed calls per query kind (default 200)."
    )
    parser.add_argument("--seed", type=int, default=42)


def typo(rng: random.Random, word: str, edits: int) -> str:
    """`word` with `edits` typing mistakes, none at the first letter (people get that right)."""
    for _ in range(edits):
        i = rng.randrange(1, len(word) - 1)
        kind = rng.choice(["swap", "drop", "change"])
        if kind == "swap":
            word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif kind == "drop":
            word = word[:i] + word[i + 1 :]
        else:
            word = word[:i] + rng.choice("aeioustrnl".replace(word[i], "")) + word[i + 1 :]
    return word


def _synthetic(stdout, rng: random.Random, *, people: int, repeat: int) -> None:
    """The matcher alone over a vocabulary as varied as a real organization's (the demo's names
    repeat a few hundred words): made-up first and last names, a fifth as many as people."""
    from itertools import islice

    from knowflow.core.names import build_name_index, query_words

    syllables = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.choice([2, 2, 3, 3, 4])))

    firsts = [word() for _ in range(max(10, people // 20))]
    lasts = [word() for _ in range(max(10, people // 5))]
    names = sorted(f"{rng.choice(firsts)} {rng.choice(lasts)}" for _ in range(people))
    start = time.perf_counter()
    index = build_name_index(enumerate(names))
    built = (time.perf_counter() - start) * 1000
    words = [w for w in lasts if len(w) >= 5]
    long_words = [w for w in lasts if len(w) >= 8] or words

    def search(query_of):
        return lambda: list(islice(index.search(query_words(query_of())), 20))

    stdout.write("")
    stdout.write(
        f"Matcher only (no database), {len(index):,} made-up names, "
        f"{len(index.postings):,} distinct words (built in {built:.0f} ms):"
    )
    stdout.write("")
    stdout.write("| query | calls | p50 ms | p95 ms | p99 ms |")
    stdout.write("|---|---|---|---|---|")
    cases = {
        "exact word": lambda: rng.choice(words),
        "prefix (3 letters)": lambda: rng.choice(words)[:3],
        "first name + start of last": lambda: f"{rng.choice(firsts)} {rng.choice(lasts)[:2]}",
        "one typo": lambda: typo(rng, rng.choice(words), 1),
        "two typos (8+ letters)": lambda: typo(rng, rng.choice(long_words), 2),
        "no match": lambda: "zqxvwk",
    }
    for name, query_of in cases.items():
        stdout.write(summary_row(name, time_calls(search(query_of), repeat=repeat)))


def run(stdout, *, people: int, repeat: int, seed: int, **_options) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management.base import CommandError

    from knowflow.core.memo import clear_local
    from knowflow.core.names import name_words
    from knowflow.demo.generator import load_demo
    from knowflow.people import queries as people_q
    from knowflow.topics import queries as topics_q
    from knowflow.topics.models import Topic

    User = get_user_model()
    existing = User.objects.count()
    if existing == 0:
        stdout.write(f"Loading a demo organization of {people:,} people…")
        start = time.perf_counter()
        load_demo(people=people, seed=seed, flows=False)
        stdout.write(f"  loaded in {time.perf_counter() - start:.1f} s")
    elif existing < people * 0.9:
        raise CommandError(
            f"The database has {existing:,} people, fewer than --people {people:,}; use an empty database."
        )
    n = User.objects.filter(is_active=True).count()
    rng = random.Random(seed)
    viewers = list(User.objects.filter(is_active=True).order_by("?")[:20])
    names = list(User.objects.filter(is_active=True).values_list("full_name", flat=True))
    split = [w for w in (name_words(name) for name in rng.sample(names, min(len(names), 2000)))]
    words = [w for ws in split for w in ws if len(w) >= 5]
    long_words = [w for w in words if len(w) >= 8] or words
    pairs = [ws for ws in split if len(ws) >= 2]
    topic_names = [w for t in Topic.objects.values_list("name", flat=True) for w in name_words(t)]
    topic_words = [w for w in topic_names if len(w) >= 5]
    topic_long = [w for w in topic_words if len(w) >= 8] or topic_words

    def viewer():
        return rng.choice(viewers)

    def find(query_of):
        return lambda: people_q.find_people(viewer(), query_of(), limit=10)

    def find_topic(query_of):
        return lambda: topics_q.find_topics(viewer(), query_of(), limit=10)

    cases = {
        "people: exact word": find(lambda: rng.choice(words)),
        "people: prefix (3 letters)": find(lambda: rng.choice(words)[:3]),
        "people: first name + start of last": find(
            lambda: " ".join([(p := rng.choice(pairs))[0], p[-1][:2]])
        ),
        "people: one typo": find(lambda: typo(rng, rng.choice(words), 1)),
        "people: two typos (8+ letters)": find(lambda: typo(rng, rng.choice(long_words), 2)),
        "people: no match": find(lambda: rng.choice(["zqxvw", "qqqqzz", "xkcdqj", "@#!"])),
        "topics: exact word": find_topic(lambda: rng.choice(topic_words)),
        "topics: prefix (3 letters)": find_topic(lambda: rng.choice(topic_words)[:3]),
        "topics: one typo": find_topic(lambda: typo(rng, rng.choice(topic_words), 1)),
        "topics: two typos (8+ letters)": find_topic(lambda: typo(rng, rng.choice(topic_long), 2)),
        "topics: no match": find_topic(lambda: rng.choice(["zqxvw", "qqqqzz", "xkcdqj"])),
    }
    stdout.write("")
    stdout.write(f"Name search benchmark: {n:,} active people, {connection.vendor}, {machine()}")
    stdout.write("")
    stdout.write("| query | calls | p50 ms | p95 ms | p99 ms |")
    stdout.write("|---|---|---|---|---|")
    for name, fn in cases.items():
        stdout.write(summary_row(name, time_calls(fn, repeat=repeat)))

    def cold(build, key):
        def call():
            clear_local()
            cache.delete(key)
            build()

        return call

    def refresh(build):
        def call():
            clear_local()  # as every few seconds in each process: read from the shared cache
            build()

        return call

    builds = {
        "people index: build (cold)": cold(people_q.people_name_index, people_q.PEOPLE_NAMES_KEY),
        "people index: refresh from the shared cache": refresh(people_q.people_name_index),
        "topics index: build (cold)": cold(topics_q.topic_name_index, topics_q.TOPIC_NAMES_KEY),
        "topics index: refresh from the shared cache": refresh(topics_q.topic_name_index),
    }
    for name, fn in builds.items():
        stdout.write(summary_row(name, time_calls(fn, repeat=max(3, repeat // 20))))
    stdout.write("")
    for label, pool, edits in (("one typo", words, 1), ("two typos", long_words, 2)):
        found = 0
        for _ in range(repeat):
            word = rng.choice(pool)
            matches = people_q.find_people(viewer(), typo(rng, word, edits), limit=10)
            found += any(word in name_words(m.name) for m in matches)
        stdout.write(f"Sanity, {label}: the intended word in the first ten {found}/{repeat}.")
    _synthetic(stdout, rng, people=max(people, 100), repeat=repeat)
    index = people_q.people_name_index()
    stdout.write("")
    stdout.write(
        f"People index: {len(index):,} names, {len(index.postings):,} distinct words; "
        f"topics index: {len(topics_q.topic_name_index()):,} names and synonyms."
    )
    stdout.write("Target p95 <= 20 ms at 100,000 people.")
