"""Shared by `bench duplicates` and `bench topics`: a Stack Exchange dump imported with the
product's importer, then its questions replayed in the order they were asked.

The replay empties the "asked before?" index and puts the questions back one at a time, oldest
first: when a question comes up, the index holds exactly the questions asked before it, so
every suggestion (and the engine's own term statistics) is computed only from what existed
then; which terms are common is refreshed at each new day of questions, as the product does
daily. A plain BM25 over the same earlier questions (title and body terms, k1 = 1.2, b = 0.75,
no postings budget, no title weight, no duplicate handling) is kept in step as the baseline.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError

REQUIRED = ("Posts.xml", "Users.xml", "Tags.xml", "PostLinks.xml")


@dataclass
class Asked:
    """A question as the replay sees it."""

    post_id: int
    source_id: int
    title: str
    body: str
    created_at: object
    topic_ids: tuple[int, ...]


def check_dump(data: str) -> Path:
    path = Path(data)
    if not path.is_dir():
        raise CommandError(f"--data {data}: no such folder (a Stack Exchange dump's folder).")
    missing = [name for name in REQUIRED if not (path / name).is_file()]
    if missing:
        raise CommandError(
            f"--data {data}: not a Stack Exchange dump ({', '.join(missing)} missing)."
        )
    return path


def import_dump(stdout, path: Path) -> str:
    """Import the dump (a re-run imports nothing new) and return its site's name."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    from knowflow.imports.reader import DumpError
    from knowflow.imports.stackexchange import import_stackexchange, site_host

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("The database is not up to date: run `knowflow migrate` first.")
    start = time.perf_counter()
    try:
        result = import_stackexchange(path, site=None, department=None, dry_run=False)
    except DumpError as exc:
        raise CommandError(str(exc)) from None
    except DatabaseError as exc:
        raise CommandError(f"Importing {path} failed: {exc}") from None
    stdout.write(f"Imported {path} ({site_host(path)}) in {time.perf_counter() - start:.1f} s.")
    return result.site


def questions(site: str) -> list[Asked]:
    """The site's imported questions, oldest first."""
    from knowflow.imports.models import ImportedObject
    from knowflow.posts.models import Post, PostTopic

    source_of = dict(
        ImportedObject.objects.filter(source=site, kind="question").values_list(
            "object_id", "source_id"
        )
    )
    topics: dict[int, list[int]] = defaultdict(list)
    for post_id, topic_id in PostTopic.objects.filter(post_id__in=list(source_of)).values_list(
        "post_id", "topic_id"
    ):
        topics[post_id].append(topic_id)
    posts = Post.objects.filter(pk__in=list(source_of), deleted_at__isnull=True).order_by(
        "created_at", "pk"
    )
    return [
        Asked(
            post_id=p.pk,
            source_id=source_of[p.pk],
            title=p.title,
            body=p.body,
            created_at=p.created_at,
            topic_ids=tuple(sorted(topics[p.pk])),
        )
        for p in posts
    ]


def duplicate_pairs(path: Path, asked: list[Asked]) -> list[tuple[Asked, Asked]]:
    """(later, earlier) for every PostLinks row with LinkTypeId 3 whose two ends are questions
    of the dump that were imported."""
    from knowflow.imports.reader import read_rows

    by_source = {a.source_id: a for a in asked}
    pairs: set[tuple[int, int]] = set()
    for row in read_rows(path / "PostLinks.xml", root="postlinks"):
        if row.attrs.get("LinkTypeId") != "3":
            continue
        a = by_source.get(int(row.attrs["PostId"]))
        b = by_source.get(int(row.attrs["RelatedPostId"]))
        if a is None or b is None or a.post_id == b.post_id:
            continue
        later, earlier = (a, b) if (a.created_at, a.post_id) > (b.created_at, b.post_id) else (b, a)
        pairs.add((later.post_id, earlier.post_id))
    by_post = {a.post_id: a for a in asked}
    return sorted(((by_post[x], by_post[y]) for x, y in pairs), key=lambda p: p[0].created_at)


class PlainBM25:
    """BM25 over the questions added so far (the baseline): every query term counts."""

    K1 = 1.2
    B = 0.75

    def __init__(self) -> None:
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)
        self.lengths: dict[int, int] = {}

    def add(self, post_id: int, text_terms: list[str]) -> None:
        self.lengths[post_id] = len(text_terms)
        for term, n in Counter(text_terms).items():
            self.postings[term][post_id] = n

    def rank(self, query_terms: list[str], limit: int = 10) -> list[int]:
        total = len(self.lengths)
        if not total:
            return []
        average = sum(self.lengths.values()) / total
        scores: Counter[int] = Counter()
        for term in set(query_terms):
            docs = self.postings.get(term)
            if not docs:
                continue
            idf = math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            for post_id, tf in docs.items():
                norm = 1 - self.B + self.B * self.lengths[post_id] / average
                scores[post_id] += idf * tf * (self.K1 + 1) / (tf + self.K1 * norm)
        return [pk for pk, _s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def replay(asked: list[Asked]) -> Iterator[tuple[Asked, PlainBM25]]:
    """Yield each question (oldest first) while the product's index and the baseline hold only
    the questions asked before it; it is added to both after the caller is done with it."""
    from knowflow.core.memo import forget
    from knowflow.posts.models import Post
    from knowflow.search.actions import index_post, refresh_term_stats
    from knowflow.search.models import Document
    from knowflow.search.queries import TOPIC_USES_KEY
    from knowflow.search.text import terms

    # Only the ask kinds are in "asked before?"'s index; the rest of the index stays.
    Document.objects.filter(kind__in=["question", "article"]).delete()
    baseline = PlainBM25()
    posts = Post.objects.in_bulk([a.post_id for a in asked])
    try:
        day = None
        for item in asked:
            if item.created_at.date() != day:
                # Which terms are common comes from statistics the product refreshes daily
                # (`knowflow search_index`); the import's own refresh counted every question,
                # later ones too, and made the earliest questions' words look common.
                refresh_term_stats()
                day = item.created_at.date()
            yield item, baseline
            index_post(posts[item.post_id])
            forget(TOPIC_USES_KEY)  # how often topics are used, as of the questions so far
            baseline.add(item.post_id, terms(item.title) + terms(item.body))
    finally:
        # Leave the database as the import made it, whatever happened.
        from knowflow.search.actions import bulk_index

        bulk_index(posts.values())
        refresh_term_stats()


def methods() -> list[str]:
    """The product's methods this run can measure: with meaning when the semantic extra is
    installed (and the lexical product beside it), else lexical only."""
    from knowflow.search import semantic

    return ["product", "product_lexical"] if semantic.enabled() else ["product"]


def prepare_meaning(stdout, asked: list[Asked]) -> None:
    """With the semantic extra, every question's embedding before the replay (a question's own
    vector is only read once it is among the earlier questions), and every topic's."""
    from knowflow.search import semantic
    from knowflow.search.actions import store_embeddings, store_topic_embeddings
    from knowflow.topics.models import Topic

    if not semantic.enabled():
        stdout.write("Semantic extra not installed: the product is measured lexical only.")
        return
    start = time.perf_counter()
    written = store_embeddings([a.post_id for a in asked])
    topics = store_topic_embeddings(Topic.objects.values_list("pk", flat=True))
    stdout.write(
        f"Embedded {written:,} questions and {topics:,} topics with {semantic.model_name()} in "
        f"{time.perf_counter() - start:.1f} s."
    )


def lexical_only():
    """Within this block the product searches without meaning (the lexical product)."""
    from django.test.utils import override_settings

    return override_settings(SEARCH_SEMANTIC="off")


def viewer():
    """Someone who may see every imported question (they are for everyone)."""
    from knowflow.accounts.models import User

    person = User.objects.filter(is_active=True).order_by("pk").first()
    if person is None:
        raise CommandError("The database has nobody who can search: import a dump first.")
    return person


def recall(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / max(1, len(ranks))


def write_report(stdout, report: dict, *, product: str, baseline: str, columns: list[str]) -> None:
    """The methods' rows of a quality table: the product (with meaning when measured), the
    lexical product beside it, the baseline; `columns` are the report's keys to show."""
    labels = {
        "product": product + (", with meaning" if "product_lexical" in report else ""),
        "product_lexical": "product, lexical only (without the semantic extra)",
        "bm25": baseline,
    }
    for method, label in labels.items():
        if method in report:
            cells = [
                f"{report[method][c]:.2f}"
                if isinstance(report[method][c], float)
                else str(report[method][c])
                for c in columns
            ]
            stdout.write(f"| {label} | {' | '.join(cells)} |")


class Quiet:
    """An output that drops what is written (--json prints only the report)."""

    def write(self, *_args, **_kwargs) -> None:
        pass
