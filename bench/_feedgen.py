"""Synthetic flows for `knowflow bench feed`: a heavy-tailed follow graph and M posts.

People, departments, topics and the demo's own follows come from `knowflow.demo.generator`
(`load_demo(flows=False)`: the demo's own posts are left out); this module adds, with `bulk_create` in batches, each batch in its own
transaction:

- follows of people by preferential attachment (each new follow copies the target of an
  earlier follow with probability 0.8, else picks anyone), so in-degrees are heavy-tailed:
  a few people are followed by thousands; each person follows ~20-150 people;
- a few more topic follows (popular topics more often) and some department follows;
- posts in time order (ids grow with created_at, as in production) over the last two years,
  four times denser now than two years ago; authors drawn from a Zipf law over the 60% of
  people who post at all; 30% of thread starters are for the author's department; 15% of
  posts are replies to a recent thread (reply_count is set by one UPDATE at the end);
  0-3 topics a post (Zipf over topics), some mentions and reactions, all visible to the
  people they name, as `posts.actions` would record them; one thread starter for everyone in
  20,000 is an announcement (by one of five people).

Bodies come from a pool of a few hundred texts rendered once with the product's Markdown
renderer. Memory stays flat: rows are generated and written in batches.

With `--copy` (PostgreSQL only) the same rows are written with COPY instead of bulk_create
(post ids drawn from the table's sequence first): bulk_create spends ~80% of the load in
Django's per-value SQL compilation, which makes 10M posts take about an hour.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
from array import array
from collections import defaultdict
from dataclasses import dataclass
from itertools import accumulate

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import JSONField
from django.utils import timezone

POST_BATCH = 10_000  # posts a transaction; replies may go to threads of earlier batches
FOLLOW_CHUNK = 2_000
INSERT_BATCH = 2_000  # rows per INSERT statement (Django lowers it to what the database takes)

FOLLOWS_MIN, FOLLOWS_MAX = 20, 150
COPY_SHARE = 0.8  # preferential attachment: share of follows that copy an earlier target
LURKER_SHARE = 0.4  # people who never post
AUTHOR_ZIPF = 0.7
TOPIC_ZIPF = 1.0
DAYS = 730
GROWTH = 4.0  # posts a day now / posts a day two years ago
REPLY_SHARE = 0.15
DEPARTMENT_SHARE = 0.30
DELETED_SHARE = 0.003
MENTION_SHARE = 0.08
REACTED_SHARE = 0.25
ANNOUNCEMENT_SHARE = 1 / 20_000  # of thread starters for everyone, by a handful of people
ANNOUNCERS = 5
RECENT_ROOTS = 20_000  # replies go to one of the newest thread starters
TOPICS_PER_ROOT = ([0, 1, 2, 3], [30, 35, 25, 10])

REUSE_SHARE = 0.9


@dataclass
class LoadResult:
    reused: bool
    seconds: float = 0.0
    rows: int = 0


def ensure_data(stdout, *, people: int, posts: int, seed: int, copy: bool = False) -> LoadResult:
    """Build the organization and its flows, or reuse a database that already has them."""
    from knowflow.accounts.models import User
    from knowflow.posts.models import Post

    n_people = User.objects.count()
    n_posts = Post.objects.count()
    if n_people >= people * REUSE_SHARE and n_posts >= posts * REUSE_SHARE:
        stdout.write(
            f"Reusing the database: {n_people:,} people and {n_posts:,} posts already there "
            f"(>= {REUSE_SHARE:.0%} of --people {people:,} and --posts {posts:,})."
        )
        return LoadResult(reused=True)
    if n_posts or (n_people and n_people < people * REUSE_SHARE):
        raise CommandError(
            f"The database has {n_people:,} people and {n_posts:,} posts, fewer than asked "
            f"(--people {people:,}, --posts {posts:,}); use an empty database."
        )
    if copy and connection.vendor != "postgresql":
        raise CommandError("--copy needs PostgreSQL.")
    return FeedGenerator(people=people, posts=posts, seed=seed, log=stdout.write, copy=copy).run(
        load_people=n_people == 0
    )


def _sorted_uniforms(rng: random.Random, n: int):
    """n uniform values in [0, 1) in ascending order, one at a time, in constant memory.

    Bentley & Saxe: the largest of i uniforms is U ** (1/i), so walking down from 1 gives the
    order statistics in descending order; 1 - value turns them ascending.
    """
    current = 1.0
    for i in range(n, 0, -1):
        current *= (1.0 - rng.random()) ** (1.0 / i)
        yield 1.0 - current


def _time_fraction(u: float) -> float:
    """Inverse CDF of a density growing linearly from 1 (two years ago) to GROWTH (now)."""
    a = (GROWTH - 1) / 2
    # F(t) = (t + a t^2) / (1 + a)
    return (-1 + math.sqrt(1 + 4 * a * u * (1 + a))) / (2 * a)


def _bodies(rng: random.Random, count: int = 300) -> list[tuple[str, str]]:
    """A pool of post texts (Markdown, with their rendered HTML), of varied length and form."""
    from knowflow.core.markdown import render_markdown

    openers = [
        "Shipped today:",
        "Today I learned",
        "Quick question for the team:",
        "Heads-up:",
        "Big thanks to everyone who helped with",
        "Notes from this week's",
        "Looking for advice on",
        "Small win:",
        "Reminder:",
        "Sharing what we found while working on",
    ]
    subjects = [
        "the deploy pipeline",
        "our onboarding checklist",
        "the quarterly planning doc",
        "flaky integration tests",
        "the customer research sessions",
        "the new pricing page",
        "database migrations",
        "the design system tokens",
        "incident response drills",
        "the hiring loop",
        "the data warehouse refresh",
        "mentoring sessions",
        "accessibility reviews",
        "the mobile release train",
        "expense reports",
    ]
    sentences = [
        "It took longer than we expected, mostly because nobody had written down how it works.",
        "If you have done this before, I would love fifteen minutes of your time.",
        "The short version: measure first, then change one thing at a time.",
        "We cut the time in half by removing a step that nobody needed any more.",
        "Slides and a recording are in the team folder.",
        "Happy to pair on it with anyone who is curious.",
        "The trick was to ask the people who actually use it every day.",
        "Next step is to write it up properly so the next team does not start from zero.",
        "Feedback welcome, especially the critical kind.",
        "We are not there yet, but the direction feels right.",
        "Thanks to the support team for the patience and the excellent bug reports.",
        "Turns out the documentation was right all along; we just had not read it.",
    ]
    extras = [
        "\n\n- what worked: small batches\n- what did not: big-bang changes\n- next: automate it",
        "\n\nThe command we ended up with: `make check && make deploy`.",
        "\n\n> Make it work, make it right, make it fast.",
        "\n\nWrite-up: [the wiki page](https://wiki.example.com/notes).",
        "\n\n**TL;DR:** it is faster now, and the dashboards prove it.",
        "\n\n1. read the runbook\n2. try it on staging\n3. tell us what broke",
    ]
    out = []
    for _ in range(count):
        parts = [f"{rng.choice(openers)} {rng.choice(subjects)}."]
        parts += rng.sample(sentences, rng.choice([0, 1, 1, 2, 2, 3, 4]))
        body = " ".join(parts)
        if rng.random() < 0.3:
            body += rng.choice(extras)
        out.append((body, str(render_markdown(body))))
    return out


def _sum_evidence() -> None:
    from knowflow.expertise.tallies import rebuild

    rebuild()


class FeedGenerator:
    def __init__(self, *, people: int, posts: int, seed: int, log, copy: bool = False):
        self.copy = copy
        self.n_people = people
        self.n_posts = posts
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 17)
        self.log = log
        self.rows: dict[str, int] = defaultdict(int)

    def run(self, *, load_people: bool) -> LoadResult:
        from knowflow.demo.generator import load_demo

        start = time.perf_counter()
        if load_people:
            self.log(f"Loading a demo organization of {self.n_people:,} people (load_demo)…")
            t = time.perf_counter()
            load_demo(people=self.n_people, seed=self.seed, flows=False)
            self.log(f"  demo organization: {time.perf_counter() - t:.1f} s")
        self._load_people()
        self._timed("follows of people (preferential attachment)", self._follow_people)
        self._timed("follows of topics and departments", self._follow_topics_and_departments)
        self._timed(f"{self.n_posts:,} posts, topics, mentions, reactions", self._create_posts)
        self._timed("reply counts", self._reply_counts)
        # The posts went in past the actions that keep expertise's sums.
        self._timed("evidence on topics (expertise)", _sum_evidence)
        self._timed("ANALYZE", analyze)
        seconds = time.perf_counter() - start
        total = sum(self.rows.values())
        self.log(
            f"Loaded in {seconds:.1f} s: "
            + ", ".join(f"{n:,} {name}" for name, n in self.rows.items())
            + f" ({total / seconds:,.0f} rows/s overall, demo organization included in the time)"
        )
        return LoadResult(reused=False, seconds=seconds, rows=total)

    def _timed(self, name: str, fn) -> None:
        t = time.perf_counter()
        before = sum(self.rows.values())
        fn()
        elapsed = time.perf_counter() - t
        rows = sum(self.rows.values()) - before
        rate = f", {rows / elapsed:,.0f} rows/s" if rows and elapsed else ""
        self.log(f"  {name}: {elapsed:.1f} s ({rows:,} rows{rate})")

    # --- People -------------------------------------------------------------------------------

    def _load_people(self) -> None:
        from knowflow.people.models import Profile
        from knowflow.topics.models import Topic

        rows = list(
            Profile.objects.filter(user__is_active=True)
            .order_by("user_id")
            .values_list("user_id", "department_id")
        )
        self.user_ids = array("q", (u for u, _d in rows))
        self.dept_of = {u: d for u, d in rows}
        members: dict[int, list[int]] = defaultdict(list)
        for u, d in rows:
            if d is not None:
                members[d].append(u)
        self.members = dict(members)
        topic_ids = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
        self.rng.shuffle(topic_ids)
        self.topic_ids = topic_ids
        self.topic_cum = list(accumulate(1 / (r + 1) ** TOPIC_ZIPF for r in range(len(topic_ids))))

    def _random_person(self) -> int:
        return self.user_ids[self.rng.randrange(len(self.user_ids))]

    # --- Follows ------------------------------------------------------------------------------

    def _follow_people(self) -> None:
        from knowflow.network.models import Follow

        rng = self.rng
        followers = list(self.user_ids)
        rng.shuffle(followers)
        pool = array("q")  # the target of every follow made so far: picking one is "by degree"
        lo, hi = math.log(FOLLOWS_MIN), math.log(FOLLOWS_MAX)
        n = len(self.user_ids)
        self.indegree: dict[int, int] = defaultdict(int)
        for start in range(0, len(followers), FOLLOW_CHUNK):
            rows = []
            for follower in followers[start : start + FOLLOW_CHUNK]:
                want = min(n - 1, round(math.exp(rng.uniform(lo, hi))))
                chosen: set[int] = set()
                for _try in range(want * 3):
                    if len(chosen) >= want:
                        break
                    if pool and rng.random() < COPY_SHARE:
                        target = pool[rng.randrange(len(pool))]
                    else:
                        target = self.user_ids[rng.randrange(n)]
                    if target != follower:
                        chosen.add(target)
                targets = sorted(chosen)
                pool.extend(targets)
                rows.extend(Follow(follower_id=follower, user_id=t) for t in targets)
            with transaction.atomic():
                self._insert(Follow, rows, ignore_conflicts=True)
            self.rows["follows"] += len(rows)
        for target in pool:
            self.indegree[target] += 1

    def _follow_topics_and_departments(self) -> None:
        from knowflow.network.models import Follow

        rng = self.rng
        depts = sorted(self.members)
        dept_weights = list(accumulate(len(self.members[d]) for d in depts))
        rows = []
        for follower in self.user_ids:
            if rng.random() < 0.5:
                for topic in set(
                    rng.choices(self.topic_ids, cum_weights=self.topic_cum, k=rng.randint(1, 3))
                ):
                    rows.append(Follow(follower_id=follower, topic_id=topic))
            if rng.random() < 0.15:
                dept = rng.choices(depts, cum_weights=dept_weights)[0]
                rows.append(Follow(follower_id=follower, department_id=dept))
            if len(rows) >= 20_000:
                self._insert_follows(Follow, rows)
                rows = []
        self._insert_follows(Follow, rows)

    def _insert_follows(self, model, rows) -> None:
        with transaction.atomic():
            self._insert(model, rows, ignore_conflicts=True)
        self.rows["follows"] += len(rows)

    def _insert(self, model, objs: list, *, ignore_conflicts: bool = False) -> None:
        """bulk_create, or with --copy (PostgreSQL) the same rows through COPY."""
        if not objs:
            return
        if not self.copy:
            model.objects.bulk_create(
                objs, batch_size=INSERT_BATCH, ignore_conflicts=ignore_conflicts
            )
            return
        qn = connection.ops.quote_name
        fields = [
            f
            for f in model._meta.concrete_fields
            if not (f.primary_key and getattr(objs[0], f.attname) is None)
        ]
        columns = ", ".join(qn(f.column) for f in fields)
        table = qn(model._meta.db_table)
        target = qn(f"bench_copy_{model._meta.db_table}") if ignore_conflicts else table
        json_fields = {f.attname for f in fields if isinstance(f, JSONField)}
        with connection.cursor() as cursor:
            if ignore_conflicts:
                # COPY cannot skip duplicates: copy into a scratch table, then INSERT ... ON
                # CONFLICT DO NOTHING, as bulk_create(ignore_conflicts=True) does.
                cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {target} AS "  # noqa: S608 - names only
                    f"SELECT {columns} FROM {table} WITH NO DATA"
                )
            with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
                for obj in objs:
                    row = []
                    for f in fields:
                        value = f.pre_save(obj, True)  # fills auto_now_add like bulk_create
                        if f.attname in json_fields:
                            value = json.dumps(value)
                        row.append(value)
                    copy.write_row(row)
            if ignore_conflicts:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} "  # noqa: S608
                    "ON CONFLICT DO NOTHING"
                )
                cursor.execute(f"TRUNCATE {target}")

    # --- Posts --------------------------------------------------------------------------------

    def _authors(self) -> tuple[list[int], list[float]]:
        """Posting people, most prolific first: followed people tend to post more."""
        rng = self.rng
        scored = []
        for uid in self.user_ids:
            if rng.random() < LURKER_SHARE:
                continue
            scored.append((math.log1p(self.indegree.get(uid, 0)) + rng.gauss(0, 1.5), uid))
        scored.sort(reverse=True)
        authors = [uid for _s, uid in scored]
        return authors, list(accumulate(1 / (r + 1) ** AUTHOR_ZIPF for r in range(len(authors))))

    def _create_posts(self) -> None:
        from knowflow.posts.models import Audience, Post

        rng = self.rng
        bodies = _bodies(rng)
        authors, author_cum = self._authors()
        announcers = rng.sample(list(self.user_ids), ANNOUNCERS)
        now = timezone.now()
        begin = now - dt.timedelta(days=DAYS)
        span_us = DAYS * 86_400 * 1_000_000
        times = _sorted_uniforms(rng, self.n_posts)
        # Thread starters that replies may go to: (id, author, audience, department).
        recent: list[tuple[int, int, str, int | None]] = []
        last_reply: dict[int, int] = {}  # root id -> newest reply id, for nested replies
        remaining = self.n_posts
        while remaining:
            size = min(POST_BATCH, remaining)
            remaining -= size
            picks = rng.choices(authors, cum_weights=author_cum, k=size)
            batch: list[Post] = []
            for author in picks:
                created = begin + dt.timedelta(microseconds=span_us * _time_fraction(next(times)))
                body, html = rng.choice(bodies)
                dept = self.dept_of.get(author)
                post = Post(
                    author_id=author,
                    body=body,
                    body_html=html,
                    author_department_id=dept,
                    created_at=created,
                )
                if recent and rng.random() < REPLY_SHARE:
                    root_id, root_author, audience, root_dept = recent[
                        len(recent) - 1 - int(len(recent) * rng.random() ** 2)
                    ]
                    if audience == Audience.DEPARTMENT:
                        # Only people who can see the thread reply to it.
                        post.author_id = author = rng.choice(self.members[root_dept])
                        post.author_department_id = self.dept_of.get(author)
                    post.root_id = root_id
                    post.root_author_id = root_author
                    post.parent_id = root_id
                    if root_id in last_reply and rng.random() < 0.3:
                        post.parent_id = last_reply[root_id]
                    post.audience, post.department_id = audience, root_dept
                elif dept is not None and rng.random() < DEPARTMENT_SHARE:
                    post.audience, post.department_id = Audience.DEPARTMENT, dept
                else:
                    post.audience = Audience.EVERYONE
                    if rng.random() < ANNOUNCEMENT_SHARE:
                        post.is_announcement = True
                        post.author_id = rng.choice(announcers)
                        post.author_department_id = self.dept_of.get(post.author_id)
                if rng.random() < DELETED_SHARE:
                    post.body = post.body_html = ""
                    post.deleted_at = created + dt.timedelta(hours=rng.randint(1, 48))
                batch.append(post)
            self._write_posts(batch)
            for post in batch:
                if post.root_id is None:
                    if post.deleted_at is None:
                        recent.append((post.pk, post.author_id, post.audience, post.department_id))
                else:
                    last_reply[post.root_id] = post.pk
            if len(recent) > RECENT_ROOTS * 2:
                dropped = {r[0] for r in recent[:-RECENT_ROOTS]}
                recent = recent[-RECENT_ROOTS:]
                last_reply = {k: v for k, v in last_reply.items() if k not in dropped}
            done = self.n_posts - remaining
            if done % 100_000 == 0 or not remaining:
                self.log(f"    {done:,} / {self.n_posts:,} posts")

    def _audience_people(self, post, k: int) -> list[int]:
        """Up to k distinct people (not the author) who can see the post."""
        rng = self.rng
        if post.department_id is not None:
            group = self.members[post.department_id]
            pick = lambda: group[rng.randrange(len(group))]  # noqa: E731
        else:
            pick = self._random_person
        out: set[int] = set()
        for _try in range(k * 3):
            if len(out) >= k:
                break
            person = pick()
            if person != post.author_id:
                out.add(person)
        return list(out)

    def _write_posts(self, batch) -> None:
        from knowflow.posts.models import Mention, Post, PostTopic, Reaction, ReactionKind

        rng = self.rng
        kinds = [k for k, _label in ReactionKind.choices]
        with transaction.atomic():
            # Reaction counts are known before the insert, so set them on the rows first.
            reactions_of: list[list[tuple[int, str]]] = []
            for post in batch:
                people: list[tuple[int, str]] = []
                if post.deleted_at is None and rng.random() < REACTED_SHARE:
                    n = min(1 + int(rng.expovariate(0.7)), 12)
                    for person in self._audience_people(post, n):
                        people.append((person, rng.choice(kinds)))
                post.reaction_count = len(people)
                reactions_of.append(people)
            if self.copy:
                # COPY returns no ids: take them from the table's sequence first.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                        "FROM generate_series(1, %s)",
                        [Post._meta.db_table, len(batch)],
                    )
                    for post, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                        post.pk = pk
            self._insert(Post, batch)
            topics, mentions, reactions = [], [], []
            for post, people in zip(batch, reactions_of, strict=True):
                if post.deleted_at is not None:
                    continue
                if post.root_id is None:
                    k = rng.choices(*TOPICS_PER_ROOT)[0]
                else:
                    k = 1 if rng.random() < 0.15 else 0
                if k:
                    chosen = set(rng.choices(self.topic_ids, cum_weights=self.topic_cum, k=k))
                    topics.extend(
                        PostTopic(post_id=post.pk, topic_id=t, created_at=post.created_at)
                        for t in chosen
                    )
                if rng.random() < MENTION_SHARE:
                    for person in self._audience_people(post, 1 if rng.random() < 0.8 else 2):
                        mentions.append(
                            Mention(post_id=post.pk, user_id=person, created_at=post.created_at)
                        )
                reactions.extend(
                    Reaction(post_id=post.pk, user_id=person, kind=kind) for person, kind in people
                )
            self._insert(PostTopic, topics)
            self._insert(Mention, mentions)
            self._insert(Reaction, reactions)
        self.rows["posts"] += len(batch)
        self.rows["post topics"] += len(topics)
        self.rows["mentions"] += len(mentions)
        self.rows["reactions"] += len(reactions)

    def _reply_counts(self) -> None:
        from knowflow.posts.models import Post

        table = connection.ops.quote_name(Post._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET reply_count = counts.n FROM ("  # noqa: S608 - table name only
                f"SELECT root_id, COUNT(*) AS n FROM {table} WHERE root_id IS NOT NULL "
                f"GROUP BY root_id) AS counts WHERE {table}.id = counts.root_id"
            )


def analyze() -> None:
    """Refresh the planner's statistics (PostgreSQL: VACUUM too, for index-only scans)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
