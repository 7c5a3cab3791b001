"""Stack Exchange dump import: posts (questions and answers) a second into an empty database.

Usage (needs a database without imported posts; SQLite by default, PostgreSQL with
DATABASE_URL):

    KNOWFLOW_DATA_DIR=/tmp/bench-se uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/bench-se uv run knowflow bench import \
        --data ../shared/data/stackexchange/cardano --times 4

`--times N` writes a copy of the dump whose posts (with their comments, votes, links and
history) are repeated N times under fresh ids, to get a size worth timing; tags and people are
shared. The whole import is timed (scan, people, topics, every unit), then a second run of the
same dump (which finds everything imported and creates nothing).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import quoteattr

from django.core.management.base import CommandError
from django.db import connection

from bench._stats import machine

# Attributes holding a post id, per file; Id itself is renumbered in every file but Users/Tags.
POST_ID_ATTRIBUTES = {
    "Posts.xml": ("Id", "ParentId", "AcceptedAnswerId"),
    "Comments.xml": ("Id", "PostId"),
    "Votes.xml": ("Id", "PostId"),
    "PostLinks.xml": ("Id", "PostId", "RelatedPostId"),
    "PostHistory.xml": ("Id", "PostId"),
}


ROOTS = {"Posts.xml": "posts", "Comments.xml": "comments", "Votes.xml": "votes"}
ROOTS |= {"PostLinks.xml": "postlinks", "PostHistory.xml": "posthistory"}


def add_arguments(parser) -> None:
    parser.add_argument("--data", required=True, help="A dump folder (e.g. .../cardano).")
    parser.add_argument("--times", type=int, default=1, help="Copies of the dump's posts (1).")


def _max_id(path: Path, root: str, keys: tuple[str, ...]) -> int:
    from knowflow.imports.reader import read_rows

    return max(
        (int(row.attrs[k]) for row in read_rows(path, root=root) for k in keys if row.attrs.get(k)),
        default=0,
    )


def replicate(source: Path, target: Path, times: int) -> None:
    """Write the dump with its posts repeated `times` times, each copy's ids shifted: post ids
    by one shift in every file, each file's own row ids by its own."""
    from knowflow.imports.reader import read_rows

    target.mkdir(parents=True, exist_ok=True)
    post_shift = 1 + _max_id(source / "Posts.xml", "posts", ("Id",))
    for path in source.glob("*.xml"):
        if path.name not in POST_ID_ATTRIBUTES:
            shutil.copy(path, target / path.name)
            continue
        root = ROOTS[path.name]
        row_shift = post_shift if path.name == "Posts.xml" else 1 + _max_id(path, root, ("Id",))
        with (target / path.name).open("w", encoding="utf-8") as out:
            out.write(f'<?xml version="1.0" encoding="utf-8"?>\n<{root}>\n')
            for copy in range(times):
                for row in read_rows(path, root=root):
                    shifted = dict(row.attrs)
                    for key in POST_ID_ATTRIBUTES[path.name]:
                        if shifted.get(key):
                            shift = row_shift if key == "Id" else post_shift
                            shifted[key] = str(int(shifted[key]) + copy * shift)
                    if "RevisionGUID" in shifted:
                        shifted["RevisionGUID"] = f"{shifted['RevisionGUID']}-{copy}"
                    cells = " ".join(f"{k}={quoteattr(v)}" for k, v in shifted.items())
                    out.write(f"  <row {cells} />\n")
            out.write(f"</{root}>\n")


def _database() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    version = connection.pg_version
    return f"PostgreSQL {version // 10000}.{version % 100}"


def run(stdout, *, data: str, times: int, **_options) -> None:
    from knowflow.imports.stackexchange import DumpError, import_stackexchange, site_host
    from knowflow.posts.models import Post

    source = Path(data)
    if not source.is_dir():
        raise CommandError(f"{data}: no such folder.")
    if Post.objects.filter(kind__in=["question", "answer"]).exists():
        raise CommandError("The database already has questions; use an empty database.")
    with tempfile.TemporaryDirectory(prefix="bench-se-") as tmp:
        dump = source
        if times > 1:
            # Keep the site's name: links between its posts are rewritten as in the original.
            dump = Path(tmp) / site_host(source)
            replicate(source, dump, times)
        try:
            start = time.perf_counter()
            first = import_stackexchange(dump, site=site_host(source))
            elapsed = time.perf_counter() - start
            start = time.perf_counter()
            second = import_stackexchange(dump, site=site_host(source))
            again = time.perf_counter() - start
        except DumpError as exc:
            raise CommandError(str(exc)) from None
    posts = first.posts_created
    comments = first.counts["comments"].created
    stdout.write("")
    stdout.write(
        f"Stack Exchange import: {site_host(source)} x {times}, {_database()}, {machine()}"
    )
    stdout.write("")
    stdout.write("| run | questions + answers | comments | time | posts/s |")
    stdout.write("|---|---|---|---|---|")
    stdout.write(
        f"| first import | {posts:,} | {comments:,} | {elapsed:.1f} s | {posts / elapsed:,.0f} |"
    )
    stdout.write(
        f"| second run (nothing new: {second.nothing_new}) | {posts:,} | {comments:,} | "
        f"{again:.1f} s | {posts / again:,.0f} |"
    )
