"""Working out imported posts' text in worker processes while the importing process writes.

Most of the cost of importing a post is pure work on its text: HTML to Markdown, rendering
the Markdown and sanitizing it, its local links, whether it asks something, its search terms
(posts.actions.prepare_text). None of it reads the database, so a pool of processes does it a
few batches ahead of the writes, in order, and the importing process only reads the dump and
writes. What a worker makes is used only for the very text it was made from: a body whose
links to the site's posts are then rewritten is worked out again by import_posts (a few in a
hundred).

Workers are forked from the importing process (Django is set up; nothing is imported again).
They never touch its database connection, which they inherit: closing it from a child would
end the parent's session. They die with the importing process (Linux), so a killed import
leaves no workers behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor

from django.core.exceptions import ValidationError

from knowflow.posts.actions import PreparedText, prepare_text

from .convert import html_to_markdown_text

# Below this many posts and comments, starting processes costs more than they save.
MIN_ROWS_FOR_WORKERS = 1_000

Prepared = list[tuple[str, PreparedText | None]]
WARM_UP = (
    '<p>A <a href="/help/questions/1/">question</a>, <code>code</code> and <em>words</em>?</p>'
)


def prepare_posts(kind: str, items: list[tuple[str, str]], *, html: bool) -> Prepared:
    """(Markdown body, its PreparedText) for each (title, text) of posts of one kind; `html`:
    the text is a dump's HTML body (else Markdown already, as comments are)."""
    out: Prepared = []
    for title, text in items:
        body = html_to_markdown_text(text) if html else text.strip()
        try:
            prepared = prepare_text(kind=kind, title=title, body=body)
        except ValidationError:
            prepared = None  # import_posts says what is wrong, in its batch's transaction
        out.append((body, prepared))
    return out


def _die_with_parent() -> None:
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers end when their queue closes
        pass


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Preparer:
    """Runs prepare_posts for batches of posts, in `workers` processes (none: in this one);
    each batch is split between the workers, and results come back in order."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        if workers > 0 and "fork" in multiprocessing.get_all_start_methods():
            # Load what the work loads once (the URL configuration for local links, the
            # parser, the sanitizer): the forked workers have it, instead of each loading it.
            prepare_posts("question", [("Warm up?", WARM_UP)], html=True)
            self.pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_die_with_parent,
            )

    @property
    def ahead(self) -> int:
        """How many batches to have in the works before waiting for the first."""
        return 2 if self.pool else 0

    def submit(self, kind: str, items: list[tuple[str, str]], *, html: bool) -> list[Future]:
        if self.pool is None or not items:
            done: Future = Future()
            done.set_result(prepare_posts(kind, items, html=html))
            return [done]
        size = -(-len(items) // self.workers)
        return [
            self.pool.submit(prepare_posts, kind, items[start : start + size], html=html)
            for start in range(0, len(items), size)
        ]

    @staticmethod
    def result(futures: list[Future]) -> Prepared:
        return [item for future in futures for item in future.result()]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
