"""Importing a Stack Exchange data dump: tags, people, questions, answers, comments, votes,
duplicate and related links, and (when the dump has them) earlier versions of posts.

`import_stackexchange(directory)` works in two phases:

1. **Scan**: every file is read once, checked (well-formed XML, the attributes each row needs,
   answers pointing at questions, comments at posts, accepted answers at answers) and counted,
   before anything is written. A problem stops the import with one line naming the file and
   line. What it remembers is small: a bit per post id for each kind of post (a dump's ids are
   dense), the tags' wiki excerpts, and per-answer vote counts.
2. **Units**, in dependency order (topics, people, questions, answers with their acceptance,
   links between posts in their text, comments, duplicate and related links, votes, history):
   rows are written in batches through the owning apps' import actions, each batch in one
   transaction together with its rows in imports.ImportedObject. A re-run skips what is
   recorded there (idempotent); a run that was killed resumes after its last committed batch.

Docs: docs/subsystems/import.md.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from knowflow.accounts.actions import IMPORTED_DOMAIN, ImportedPerson, create_imported_people
from knowflow.help import actions as help_actions
from knowflow.help.models import Question
from knowflow.org.models import Department
from knowflow.posts import actions as posts_actions
from knowflow.posts.models import Audience, Post, PostKind
from knowflow.search.actions import refresh_term_stats
from knowflow.topics.actions import import_topics

from .actions import remember_imported
from .convert import SiteLink, html_to_markdown_text, rewrite_links, site_links
from .prepare import MIN_ROWS_FOR_WORKERS, Prepared, Preparer, available_cpus
from .queries import imported_ids
from .reader import DumpError, Row, read_rows

REQUIRED_FILES = {
    "Tags.xml": "tags",
    "Users.xml": "users",
    "Posts.xml": "posts",
    "Comments.xml": "comments",
    "Votes.xml": "votes",
    "PostLinks.xml": "postlinks",
}
OPTIONAL_FILES = {"PostHistory.xml": "posthistory", "Badges.xml": "badges"}

QUESTION, ANSWER, TAG_EXCERPT = 1, 2, 4
ACCEPTED_BY_ASKER, UPVOTE = 1, 2
RELATED, DUPLICATE = 1, 3
COMMUNITY_USER = -1
# The stand-in for posts whose author's account is gone (no OwnerUserId, or one not in
# Users.xml): recorded under its own kind, so it is created once per site.
DELETED_PERSON = ("placeholder", 0)
BATCH_SIZE = 1000
# PostHistoryTypeId: initial title, body; edited title, body; rolled back title, body.
HISTORY_TITLE = {1, 4, 7}
HISTORY_BODY = {2, 5, 8}
_TAGS_RE = re.compile(r"<([^<>]+)>")
# What a reply's import reads of the post it replies to (not its text: loading every parent's
# body again would cost more than writing the replies).
PARENT_FIELDS = (
    "kind",
    "author_id",
    "root_id",
    "root_author_id",
    "audience",
    "department_id",
    "deleted_at",
)
# Acceptable title length: the product's own limit.
MAX_TITLE = posts_actions.MAX_TITLE


class IdSet:
    """A set of non-negative ids as bits: a dump's ids are dense, so 60 million posts take
    7.5 MB, where a Python set would take gigabytes."""

    __slots__ = ("bits",)

    def __init__(self) -> None:
        self.bits = bytearray()

    def add(self, number: int) -> None:
        if number < 0:
            return
        byte = number >> 3
        if byte >= len(self.bits):
            self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
        self.bits[byte] |= 1 << (number & 7)

    def __contains__(self, number: int) -> bool:
        byte = number >> 3
        return number >= 0 and byte < len(self.bits) and bool(self.bits[byte] & (1 << (number & 7)))


@dataclass
class Counts:
    """What one kind of object came to: created now, already imported, skipped (and why)."""

    created: int = 0
    present: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)


KINDS = (
    ("topics", "topics"),
    ("people", "people"),
    ("questions", "questions"),
    ("answers", "answers"),
    ("accepted", "accepted answers"),
    ("comments", "comments"),
    ("duplicates", "duplicate links"),
    ("related", "related links"),
    ("votes", "answers' vote counts"),
    ("revisions", "earlier versions"),
)


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do), kind by kind."""

    site: str
    directory: str
    dry_run: bool = False
    seconds: float = 0.0
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k, _ in KINDS})
    common_terms: int | None = None  # term statistics refreshed: the common question terms

    @property
    def posts_created(self) -> int:
        return self.counts["questions"].created + self.counts["answers"].created

    @property
    def created(self) -> int:
        return sum(c.created for k, c in self.counts.items() if k != "accepted")

    @property
    def nothing_new(self) -> bool:
        return self.created == 0

    def summary_lines(self) -> list[str]:
        seconds = max(self.seconds, 1e-9)
        verb = "Dry run of" if self.dry_run else "Imported"
        lines = [
            f"{verb} {self.site} from {self.directory} in {self.seconds:.1f} s "
            f"({self.posts_created:,} questions and answers, "
            f"{self.posts_created / seconds:,.0f} a second)."
        ]
        if self.dry_run:
            lines.append("Nothing was written; an import would give:")
        for key, label in KINDS:
            c = self.counts[key]
            if not (c.created or c.present or c.skipped or c.notes):
                continue
            parts = [f"{c.created:,} created", f"{c.present:,} already there"]
            if c.skipped:
                parts.append(f"{c.skipped:,} skipped")
            line = f"  {label}: {', '.join(parts)}"
            if c.notes:
                line += f" ({'; '.join(c.notes)})"
            lines.append(line)
        if self.common_terms is not None:
            lines.append(
                "  search: term statistics refreshed "
                f"({self.common_terms:,} common terms in questions)"
            )
        if self.nothing_new:
            lines.append("Nothing new: everything in this dump was imported before.")
        return lines


class Progress:
    """Reports a unit's progress; this one stays silent (not a terminal, or tests)."""

    def begin(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def end(self) -> None:
        pass


class TerminalProgress(Progress):
    """A progress bar on one terminal line, redrawn at most ten times a second."""

    WIDTH = 24

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write
        self.label, self.total, self.done = "", 0, 0
        self.started = self.drawn = 0.0

    def begin(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()
        self.drawn = 0.0
        self._draw()

    def advance(self, n: int) -> None:
        self.done += n
        if time.perf_counter() - self.drawn >= 0.1:
            self._draw()

    def end(self) -> None:
        self._draw()
        self.write("\n")

    def _draw(self) -> None:
        self.drawn = time.perf_counter()
        share = self.done / self.total if self.total else 1.0
        filled = int(self.WIDTH * min(share, 1.0))
        rate = self.done / max(self.drawn - self.started, 1e-9)
        self.write(
            f"\r{self.label:<16} [{'#' * filled}{'.' * (self.WIDTH - filled)}] "
            f"{self.done:,}/{self.total:,}  {rate:,.0f}/s   "
        )


def site_host(directory: Path) -> str:
    """The site a dump folder holds: its name when it is a host name (the official archives'
    "ai.stackexchange.com"), else NAME.stackexchange.com."""
    name = directory.resolve().name.lower()
    return name if "." in name else f"{name}.stackexchange.com"


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _tag_names(value: str) -> list[str]:
    # "<python><django>" in old dumps, "|python|django|" in newer ones.
    if "<" in value:
        return _TAGS_RE.findall(value)
    return [t for t in value.split("|") if t]


def _body(row: Row) -> str:
    return row.text("Body")


def _comment_text(row: Row) -> str:
    return row.text("Text")


class _Ahead:
    """The batches of one unit (questions, answers, comments) with their rows' text worked out
    a few batches ahead by the Preparer. Iterating gives each batch's rows (every one, for
    progress), those not imported yet, and their (Markdown, PreparedText), waiting for the
    work if it is not done. When the last batch has been handed out, the next unit's first
    batches are started, so the workers are not idle while a unit ends and the next begins."""

    def __init__(
        self,
        importer: _Importer,
        kind: str,
        rows: Iterator[Row],
        *,
        text: Callable[[Row], str],
        then: _Ahead | None = None,
    ) -> None:
        self.importer = importer
        self.kind = kind
        self.counts = importer.counts[f"{kind}s"]
        self.batches = _batches(rows, importer.batch_size)
        self.text = text
        self.then = then
        self.pending: deque = deque()
        self.exhausted = False

    def fill(self) -> None:
        """Start work on batches until enough are in the works (or there are no more)."""
        importer = self.importer
        while not self.exhausted and len(self.pending) <= importer.preparer.ahead:
            batch = next(self.batches, None)
            if batch is None:
                self.exhausted = True
                break
            new = importer._new(self.kind, self.counts, batch)
            title = self.kind == "question"
            items = [(r.text("Title") if title else "", self.text(r)) for r in new]
            futures = importer.preparer.submit(self.kind, items, html=self.kind != "comment")
            self.pending.append((batch, new, futures))

    def __iter__(self) -> Iterator[tuple[list[Row], list[Row], Prepared]]:
        self.fill()
        while self.pending:
            batch, new, futures = self.pending.popleft()
            self.fill()
            if self.exhausted and not self.pending and self.then is not None:
                self.then.fill()
            yield batch, new, self.importer.preparer.result(futures)


class _Importer:
    def __init__(
        self,
        directory: Path,
        *,
        site: str,
        department: Department | None,
        people: Sequence[int] | None,
        batch_size: int,
        progress: Progress,
        after_batch: Callable[[str, int], None] | None,
        workers: int | None,
    ) -> None:
        self.directory = directory
        self.workers = workers
        self.preparer = Preparer(0)
        self.site = site
        self.department = department
        self.people_pool = sorted(people) if people is not None else None
        self.batch_size = batch_size
        self.progress = progress
        self.after_batch = after_batch
        self.result = ImportResult(site=site, directory=str(directory))
        self.counts = self.result.counts
        self.batches = 0
        # What the scan learns.
        self.totals: dict[str, int] = defaultdict(int)
        self.questions = IdSet()
        self.answers = IdSet()
        self.other_posts = IdSet()  # tag wikis, moderator nominations: not imported
        self.accepted = IdSet()  # answers their asker accepted
        self.excerpts: dict[int, str] = {}  # tag excerpt post id -> tag name
        self.descriptions: dict[str, str] = {}  # tag name -> its wiki excerpt
        self.upvotes: dict[int, int] = defaultdict(int)  # answer id -> up-votes
        # answer id -> the day its asker accepted it (an accepting vote's date: days only)
        self.accepted_on: dict[int, dt.datetime] = {}
        # What the units learn.
        self.topic_by_tag: dict[str, int] = {}
        self.deleted_person = 0
        self.ahead: dict[str, _Ahead] = {}  # each post unit's batches, worked on ahead

    # --- Files ----------------------------------------------------------------------------------

    def _path(self, name: str) -> Path:
        return self.directory / name

    def _rows(self, name: str) -> Iterator[Row]:
        root = REQUIRED_FILES.get(name) or OPTIONAL_FILES[name]
        return read_rows(self._path(name), root=root)

    def check_files(self) -> None:
        if not self.directory.is_dir():
            raise DumpError(f"{self.directory}: no such folder.")
        for name in REQUIRED_FILES:
            if not self._path(name).is_file():
                raise DumpError(
                    f"{self._path(name)}: missing; a Stack Exchange dump has "
                    f"{', '.join(REQUIRED_FILES)}."
                )

    # --- Phase 1: scan --------------------------------------------------------------------------

    def scan(self) -> None:
        self.check_files()
        for row in self._rows("Tags.xml"):
            row.integer("Id")
            if not row.text("TagName").strip():
                raise row.fail("the tag has no TagName.")
            excerpt = row.optional_integer("ExcerptPostId")
            if excerpt is not None:
                self.excerpts[excerpt] = row.text("TagName")
            self.totals["tags"] += 1
        for row in self._rows("Users.xml"):
            row.integer("Id")
            row.date("CreationDate")
            self.totals["users"] += 1
        self._scan_posts()
        for row in self._rows("Comments.xml"):
            row.integer("Id")
            post = row.integer("PostId")
            row.date("CreationDate")
            if post in self.questions or post in self.answers:
                self.totals["comments"] += 1
            elif post in self.other_posts:
                self.counts["comments"].skipped += 1
            else:
                raise row.fail(f"the comment is on post {post}, which is not in Posts.xml.")
        skipped_votes = 0
        for row in self._rows("Votes.xml"):
            row.integer("Id")
            post, kind = row.integer("PostId"), row.integer("VoteTypeId")
            if kind == UPVOTE and post in self.answers:
                self.upvotes[post] += 1
            elif kind == ACCEPTED_BY_ASKER and post in self.answers:
                # Kept as the acceptance's time: without it an answer would count as accepted
                # from the moment it was given (a replay would look ahead).
                when = row.date("CreationDate")
                self.accepted_on[post] = max(when, self.accepted_on.get(post, when))
            elif post in self.questions or post in self.answers or post in self.other_posts:
                skipped_votes += 1
            else:
                self.totals["orphan votes"] += 1
        votes = self.counts["votes"]
        if self.totals["orphan votes"]:
            votes.notes.append(f"{self.totals['orphan votes']:,} votes on deleted posts skipped")
        if skipped_votes:
            votes.notes.append(
                f"{skipped_votes:,} votes of other kinds (questions' votes, down-votes, "
                "favourites, close votes) not represented"
            )
        for row in self._rows("PostLinks.xml"):
            row.integer("Id")
            row.integer("PostId")
            row.integer("RelatedPostId")
            row.integer("LinkTypeId")
            self.totals["postlinks"] += 1
        if self._path("PostHistory.xml").is_file():
            for row in self._rows("PostHistory.xml"):
                row.integer("Id")
                row.integer("PostId")
                row.integer("PostHistoryTypeId")
                row.date("CreationDate")
                self.totals["history"] += 1
        if self._path("Badges.xml").is_file():
            badges = sum(1 for _row in self._rows("Badges.xml"))
            self.counts["people"].notes.append(
                f"{badges:,} badges not represented (Knowflow has none)"
            )

    def _scan_posts(self) -> None:
        forward: list[tuple[int, int]] = []  # (line, question id) answers named before it
        for row in self._rows("Posts.xml"):
            number, kind = row.integer("Id"), row.integer("PostTypeId")
            row.date("CreationDate")
            row.optional_date("LastEditDate")
            if kind == QUESTION:
                title = " ".join(row.text("Title").split())
                if not title:
                    raise row.fail("the question has no Title.")
                if len(title) > MAX_TITLE:
                    raise row.fail(f"the title has {len(title)} characters; at most {MAX_TITLE}.")
                accepted = row.optional_integer("AcceptedAnswerId")
                if accepted is not None:
                    self.accepted.add(accepted)
                self.questions.add(number)
                self.totals["questions"] += 1
            elif kind == ANSWER:
                parent = row.integer("ParentId")
                if parent not in self.questions:
                    forward.append((row.line, parent))
                self.answers.add(number)
                self.totals["answers"] += 1
            else:
                self.other_posts.add(number)
                if kind == TAG_EXCERPT and number in self.excerpts:
                    text = html_to_markdown_text(row.text("Body"))
                    self.descriptions[self.excerpts[number]] = text
        for line, parent in forward:
            if parent not in self.questions:
                raise DumpError(
                    f"Posts.xml:{line}: the answer's ParentId {parent} is not a question in "
                    "Posts.xml."
                )
        # Accepted answers must be answers: checked now that every answer is known (they come
        # after their question); the file is read again only to name the line of a bad one.
        for byte, bits in enumerate(self.accepted.bits):
            for bit in range(8):
                number = byte * 8 + bit
                if bits & (1 << bit) and number not in self.answers:
                    self._fail_accepted(number)

    def _fail_accepted(self, number: int) -> None:
        for row in self._rows("Posts.xml"):
            if row.attrs.get("AcceptedAnswerId") == str(number):
                raise row.fail(f"AcceptedAnswerId {number} is not an answer in Posts.xml.")
        raise DumpError(f"Posts.xml: AcceptedAnswerId {number} is not an answer in Posts.xml.")

    # --- Phase 2: units -------------------------------------------------------------------------

    def run(self) -> None:
        started = time.perf_counter()
        workers = available_cpus() if self.workers is None else self.workers
        rows = sum(self.totals[k] for k in ("questions", "answers", "comments"))
        self.preparer = Preparer(workers if rows >= MIN_ROWS_FOR_WORKERS else 0)
        comments = _Ahead(self, "comment", self._comment_rows(), text=_comment_text)
        answers = _Ahead(self, "answer", self._post_rows(ANSWER), text=_body, then=comments)
        self.ahead = {
            "question": _Ahead(
                self, "question", self._post_rows(QUESTION), text=_body, then=answers
            ),
            "answer": answers,
            "comment": comments,
        }
        try:
            self.ahead["question"].fill()  # worked on while topics and people are written
            self._topics()
            self._people()
            self._questions()
            self._answers()
            self._links_in_posts()
            self._comments()
        finally:
            self.preparer.close()
        self._post_links()
        self._votes()
        if self.totals["history"]:
            self._history()
        self.result.seconds = time.perf_counter() - started

    def _commit(self, unit: str, write: Callable[[], None], *, first: Row | None) -> None:
        """Write one batch in its own transaction (with its ImportedObject rows)."""
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    # A batch is redone if its commit is lost: the server need not flush it
                    # to disk before answering (a crash of the server loses the last few
                    # commits, never part of one). Saves a disk flush per batch.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit TO OFF")
                write()
        except ValidationError as exc:
            where = f"{first.file}:{first.line}" if first else unit
            raise DumpError(f"{where}: {' '.join(exc.messages)}") from None
        self.batches += 1
        if self.after_batch is not None:
            self.after_batch(unit, self.batches)

    def _new(self, kind: str, counts: Counts, rows: list[Row], key: str = "Id") -> list[Row]:
        """The rows of a batch not imported yet (the others are counted as present)."""
        done = imported_ids(
            source=self.site, kind=kind, source_ids=[int(r.attrs[key]) for r in rows]
        )
        counts.present += sum(1 for r in rows if int(r.attrs[key]) in done)
        return [r for r in rows if int(r.attrs[key]) not in done]

    def _remember(self, kind: str, pairs: list[tuple[int, int]]) -> None:
        remember_imported(source=self.site, kind=kind, pairs=pairs)

    # Topics ---------------------------------------------------------------------------------------

    def _topics(self) -> None:
        counts = self.counts["topics"]
        self.progress.begin("topics", self.totals["tags"])
        for rows in _batches(self._rows("Tags.xml"), self.batch_size):
            done = imported_ids(
                source=self.site, kind="topic", source_ids=[int(r.attrs["Id"]) for r in rows]
            )
            counts.present += len(done)
            for row in rows:
                if int(row.attrs["Id"]) in done:
                    self.topic_by_tag[row.text("TagName")] = done[int(row.attrs["Id"])]
            new = [r for r in rows if int(r.attrs["Id"]) not in done]

            def write(new: list[Row] = new) -> None:
                names = [r.text("TagName") for r in new]
                topics = import_topics([(n, self.descriptions.get(n, "")) for n in names])
                pairs = []
                for row, topic in zip(new, topics, strict=True):
                    if topic is None:
                        counts.skipped += 1
                        continue
                    self.topic_by_tag[row.text("TagName")] = topic.pk
                    pairs.append((int(row.attrs["Id"]), topic.pk))
                self._remember("topic", pairs)
                counts.created += len(pairs)

            if new:
                self._commit("topics", write, first=new[0])
            self.progress.advance(len(rows))
        self.progress.end()

    # People ---------------------------------------------------------------------------------------

    def _pooled(self, source_id: int) -> int:
        assert self.people_pool
        return self.people_pool[source_id % len(self.people_pool)]

    def _people(self) -> None:
        counts = self.counts["people"]
        kind, number = DELETED_PERSON
        found = imported_ids(source=self.site, kind=kind, source_ids=[number])
        if found:
            self.deleted_person = found[number]
        else:

            def write_placeholder() -> None:
                if self.people_pool:
                    self.deleted_person = self._pooled(0)
                else:
                    (person,) = create_imported_people(
                        [
                            ImportedPerson(
                                email=f"deleted@{self.site}{IMPORTED_DOMAIN}",
                                full_name=f"Deleted user ({self.site})",
                                joined_at=dt.datetime(2008, 1, 1, tzinfo=dt.UTC),
                                active=False,
                            )
                        ]
                    )
                    self.deleted_person = person.pk
                self._remember(kind, [(number, self.deleted_person)])

            self._commit("people", write_placeholder, first=None)
        department_id = self.department.pk if self.department else None
        self.progress.begin("people", self.totals["users"])
        for rows in _batches(self._rows("Users.xml"), self.batch_size):
            new = self._new("person", counts, rows)

            def write(new: list[Row] = new) -> None:
                if self.people_pool:
                    pairs = [(int(r.attrs["Id"]), self._pooled(int(r.attrs["Id"]))) for r in new]
                else:
                    people = create_imported_people(
                        [
                            ImportedPerson(
                                email=f"user{r.attrs['Id']}@{self.site}{IMPORTED_DOMAIN}",
                                full_name=r.text("DisplayName") or f"user{r.attrs['Id']}",
                                joined_at=r.date("CreationDate"),
                                # The site's bot is nobody to invite.
                                active=int(r.attrs["Id"]) != COMMUNITY_USER,
                            )
                            for r in new
                        ],
                        department_id=department_id,
                    )
                    pairs = [(int(r.attrs["Id"]), p.pk) for r, p in zip(new, people, strict=True)]
                self._remember("person", pairs)
                counts.created += len(pairs)

            if new:
                self._commit("people", write, first=new[0])
            self.progress.advance(len(rows))
        self.progress.end()
        if self.people_pool:
            counts.notes.append(f"mapped onto {len(self.people_pool):,} existing people")

    def _authors(self, rows: list[Row], key: str) -> dict[int, int]:
        """{row's user id: local person} for the rows' authors (missing ones are absent)."""
        ids = [int(r.attrs[key]) for r in rows if r.attrs.get(key, "") != ""]
        return imported_ids(source=self.site, kind="person", source_ids=ids)

    def _author(self, row: Row, key: str, authors: dict[int, int]) -> int:
        value = row.attrs.get(key, "")
        return authors.get(int(value), self.deleted_person) if value else self.deleted_person

    # Posts ----------------------------------------------------------------------------------------

    def _post_rows(self, kind: int) -> Iterator[Row]:
        wanted = str(kind)
        return (r for r in self._rows("Posts.xml") if r.attrs.get("PostTypeId") == wanted)

    def _local_urls(self, texts: list[str]) -> Callable[[SiteLink], str | None]:
        """Where links to the site's posts in these texts lead now (None: not imported)."""
        links = [link for text in texts for link in site_links(text, host=self.site)]
        questions = imported_ids(
            source=self.site,
            kind="question",
            source_ids=[link.question_id for link in links if link.question_id],
        )
        answers = imported_ids(
            source=self.site,
            kind="answer",
            source_ids=[link.answer_id for link in links if link.answer_id],
        )
        roots = (
            dict(Post.objects.filter(pk__in=list(answers.values())).values_list("pk", "root_id"))
            if answers
            else {}
        )

        def local_url(link: SiteLink) -> str | None:
            answer = answers.get(link.answer_id) if link.answer_id else None
            if answer is not None and roots.get(answer):
                return reverse("help:question", args=[roots[answer]]) + f"#post-{answer}"
            question = questions.get(link.question_id) if link.question_id else None
            if question is not None:
                return reverse("help:question", args=[question])
            return None

        return local_url

    def _bodies(self, rows: list[Row]) -> list[str]:
        return self._with_local_links([html_to_markdown_text(r.text("Body")) for r in rows])

    def _with_local_links(self, texts: list[str]) -> list[str]:
        local_url = self._local_urls(texts)
        return [rewrite_links(t, host=self.site, local_url=local_url) for t in texts]

    def _questions(self) -> None:
        counts = self.counts["questions"]
        audience = Audience.DEPARTMENT if self.department else Audience.EVERYONE
        department_id = self.department.pk if self.department else None
        self.progress.begin("questions", self.totals["questions"])
        for rows, new, prepared in self.ahead["question"]:

            def write(new: list[Row] = new, prepared: Prepared = prepared) -> None:
                authors = self._authors(new, "OwnerUserId")
                bodies = self._with_local_links([body for body, _text in prepared])
                items = []
                for row, body, (_markdown, text) in zip(new, bodies, prepared, strict=True):
                    topics = [
                        self.topic_by_tag[t]
                        for t in _tag_names(row.text("Tags"))
                        if t in self.topic_by_tag
                    ]
                    post = posts_actions.ImportedPost(
                        author_id=self._author(row, "OwnerUserId", authors),
                        kind=PostKind.QUESTION,
                        title=row.text("Title"),
                        body=body,
                        created_at=row.date("CreationDate"),
                        edited_at=row.optional_date("LastEditDate"),
                        audience=audience,
                        department_id=department_id,
                        topic_ids=topics,
                        prepared=text,
                    )
                    items.append((post, row.optional_date("LastActivityDate")))
                questions = help_actions.import_questions(items)
                self._created("question", new, questions, counts)

            if new:
                self._commit("questions", write, first=new[0])
            self.progress.advance(len(rows))
        self.progress.end()

    def _created(self, kind: str, rows: list[Row], objects: list, counts: Counts) -> None:
        """Map these rows to the objects made of them (in order), and count them."""
        self._remember(
            kind, [(int(r.attrs["Id"]), o.pk) for r, o in zip(rows, objects, strict=True)]
        )
        counts.created += len(objects)

    def _answers(self) -> None:
        counts, accepted = self.counts["answers"], self.counts["accepted"]
        self.progress.begin("answers", self.totals["answers"])
        for rows, new, prepared in self.ahead["answer"]:

            def write(new: list[Row] = new, prepared: Prepared = prepared) -> None:
                parents = imported_ids(
                    source=self.site,
                    kind="question",
                    source_ids=[int(r.attrs["ParentId"]) for r in new],
                )
                questions = (
                    Question.objects.select_related("post")
                    .only("duplicate_of_id", *(f"post__{f}" for f in PARENT_FIELDS))
                    .in_bulk(list(parents.values()))
                )
                authors = self._authors(new, "OwnerUserId")
                bodies = self._with_local_links([body for body, _text in prepared])
                items, kept = [], []
                for row, body, (_markdown, text) in zip(new, bodies, prepared, strict=True):
                    question = questions.get(parents.get(int(row.attrs["ParentId"]), 0))
                    if question is None:  # the scan checked the file; the database lost it
                        raise row.fail(f"question {row.attrs['ParentId']} was not imported.")
                    if question.post.deleted_at is not None or question.duplicate_of_id:
                        # Deleted here, or closed as a duplicate since an earlier import (a
                        # newer dump): answers go to the original, none under a deleted thread.
                        counts.skipped += 1
                        continue
                    kept.append(row)
                    items.append(
                        help_actions.ImportedAnswer(
                            question=question,
                            author_id=self._author(row, "OwnerUserId", authors),
                            body=body,
                            created_at=row.date("CreationDate"),
                            edited_at=row.optional_date("LastEditDate"),
                            accepted=int(row.attrs["Id"]) in self.accepted,
                            accepted_at=self.accepted_on.get(int(row.attrs["Id"])),
                            prepared=text,
                        )
                    )
                answers = help_actions.import_answers(items)
                self._created("answer", kept, answers, counts)
                accepted.created += sum(1 for item in items if item.accepted)

            if new:
                self._commit("answers", write, first=new[0])
            self.progress.advance(len(rows))
        self.progress.end()

    def _links_in_posts(self) -> None:
        """Links to posts imported after the post that links to them now lead to them too.
        Only posts whose text mentions the site are looked at; a post already right is left
        alone, so this is as idempotent as the rest."""
        candidates = (
            r
            for r in self._rows("Posts.xml")
            if r.attrs.get("PostTypeId") in ("1", "2")
            and (self.site in r.text("Body") or 'href="/' in r.text("Body"))
        )
        for rows in _batches(candidates, self.batch_size):

            def write(rows: list[Row] = rows) -> None:
                ids = [int(r.attrs["Id"]) for r in rows]
                local = {
                    **imported_ids(source=self.site, kind="question", source_ids=ids),
                    **imported_ids(source=self.site, kind="answer", source_ids=ids),
                }
                posts = Post.objects.in_bulk(list(local.values()))
                for row, body in zip(rows, self._bodies(rows), strict=True):
                    post = posts.get(local.get(int(row.attrs["Id"]), 0))
                    if post is None or post.deleted_at is not None:
                        continue  # a deleted post's text stays gone
                    edited_there = row.optional_date("LastEditDate")
                    if post.edited_at and (edited_there is None or post.edited_at > edited_there):
                        continue  # edited here since it was imported: the edit stays
                    if post.body != body:
                        posts_actions.revise_imported_body(post, body=body)

            self._commit("links in posts", write, first=rows[0])

    # Comments ------------------------------------------------------------------------------------

    def _comment_rows(self) -> Iterator[Row]:
        """Comments on questions and answers (the scan counted the others as skipped)."""
        return (
            r
            for r in self._rows("Comments.xml")
            if int(r.attrs["PostId"]) in self.questions or int(r.attrs["PostId"]) in self.answers
        )

    def _comments(self) -> None:
        counts = self.counts["comments"]
        self.progress.begin("comments", self.totals["comments"])
        for rows, new, prepared in self.ahead["comment"]:

            def write(new: list[Row] = new, prepared: Prepared = prepared) -> None:
                on = [int(r.attrs["PostId"]) for r in new]
                local = {
                    **imported_ids(source=self.site, kind="question", source_ids=on),
                    **imported_ids(source=self.site, kind="answer", source_ids=on),
                }
                parents = Post.objects.only(*PARENT_FIELDS).in_bulk(list(local.values()))
                authors = self._authors(new, "UserId")
                texts = self._with_local_links([body for body, _text in prepared])
                items, kept = [], []
                for row, text, (_markdown, ready) in zip(new, texts, prepared, strict=True):
                    parent = parents.get(local.get(int(row.attrs["PostId"]), 0))
                    if parent is None:
                        raise row.fail(f"post {row.attrs['PostId']} was not imported.")
                    if parent.deleted_at is not None:  # deleted here since an earlier import
                        counts.skipped += 1
                        continue
                    kept.append(row)
                    items.append(
                        help_actions.ImportedComment(
                            parent=parent,
                            author_id=self._author(row, "UserId", authors),
                            body=text,
                            created_at=row.date("CreationDate"),
                            prepared=ready,
                        )
                    )
                comments = help_actions.import_comments(items)
                self._created("comment", kept, comments, counts)

            if new:
                self._commit("comments", write, first=new[0])
            self.progress.advance(len(rows))
        self.progress.end()

    # Duplicate and related links ------------------------------------------------------------------

    def _post_links(self) -> None:
        duplicates, related = self.counts["duplicates"], self.counts["related"]
        unusable = 0
        self.progress.begin("links", self.totals["postlinks"])
        for rows in _batches(self._rows("PostLinks.xml"), self.batch_size):
            usable = []
            for row in rows:
                ends = (row.integer("PostId"), row.integer("RelatedPostId"))
                kind = row.integer("LinkTypeId")
                duplicate = kind == DUPLICATE and all(e in self.questions for e in ends)
                if duplicate or (
                    kind == RELATED and all(e in self.questions or e in self.answers for e in ends)
                ):
                    usable.append(row)
                else:
                    unusable += 1
            done = imported_ids(
                source=self.site, kind="link", source_ids=[int(r.attrs["Id"]) for r in usable]
            )
            for row in usable:
                if int(row.attrs["Id"]) in done:
                    (
                        duplicates if row.attrs["LinkTypeId"] == str(DUPLICATE) else related
                    ).present += 1
            new = [r for r in usable if int(r.attrs["Id"]) not in done]

            def write(new: list[Row] = new) -> None:
                ends = [int(r.attrs[k]) for r in new for k in ("PostId", "RelatedPostId")]
                local = {
                    **imported_ids(source=self.site, kind="question", source_ids=ends),
                    **imported_ids(source=self.site, kind="answer", source_ids=ends),
                }
                questions = Question.objects.select_related("post").in_bulk(list(local.values()))
                pairs, links = [], defaultdict(list)
                for row in new:
                    source = local[int(row.attrs["PostId"])]
                    target = local[int(row.attrs["RelatedPostId"])]
                    if row.attrs["LinkTypeId"] == str(DUPLICATE):
                        # The source was closed as a duplicate of the target (the original).
                        if help_actions.import_duplicate(
                            questions[source], original=questions[target]
                        ):
                            duplicates.created += 1
                        else:
                            duplicates.skipped += 1
                    else:
                        links[source].append(target)
                        related.created += 1
                    pairs.append((int(row.attrs["Id"]), source))
                posts_actions.import_post_links(links)
                self._remember("link", pairs)

            if new:
                self._commit("links", write, first=new[0])
            self.progress.advance(len(rows))
        self.progress.end()
        if unusable:
            related.notes.append(f"{unusable:,} links to deleted posts or of other kinds skipped")
        if duplicates.skipped:
            duplicates.notes.append(
                "skipped: closed against another question already, or leading back to itself"
            )

    # Votes ----------------------------------------------------------------------------------------

    def _votes(self) -> None:
        counts = self.counts["votes"]
        answers = sorted(self.upvotes)
        self.progress.begin("votes", len(answers))
        for start in range(0, len(answers), self.batch_size):
            batch = answers[start : start + self.batch_size]
            done = imported_ids(source=self.site, kind="votes", source_ids=batch)
            counts.present += len(done)
            new = [a for a in batch if a not in done]

            def write(new: list[int] = new) -> None:
                local = imported_ids(source=self.site, kind="answer", source_ids=new)
                help_actions.import_answer_votes({local[a]: self.upvotes[a] for a in new})
                self._remember("votes", [(a, local[a]) for a in new])
                counts.created += len(new)

            if new:
                self._commit("votes", write, first=None)
            self.progress.advance(len(batch))
        self.progress.end()
        total = sum(self.upvotes.values())
        if total:
            counts.notes.insert(0, f"{total:,} up-votes counted, without voters")

    # History --------------------------------------------------------------------------------------

    def _history(self) -> None:
        """Earlier versions of imported posts become their history. PostHistory has the Markdown
        each version was written in; every version but the last is an earlier one, dated when
        the next replaced it. Rows are in time order; the latest version of each post is held."""
        counts = self.counts["revisions"]
        self.progress.begin("history", self.totals["history"])
        # post id -> (revision group, first row id, title, body, when)
        state: dict[int, list] = {}
        pending: list[tuple[int, int, str, str, dt.datetime]] = []
        for row in self._rows("PostHistory.xml"):
            self.progress.advance(1)
            kind = row.integer("PostHistoryTypeId")
            if kind not in HISTORY_TITLE and kind not in HISTORY_BODY:
                continue
            post = row.integer("PostId")
            if post not in self.questions and post not in self.answers:
                continue
            group = row.text("RevisionGUID") or row.attrs["Id"]
            current = state.get(post)
            if current is None or current[0] != group:
                if current is not None:
                    # The version `current` describes was replaced now.
                    pending.append(
                        (post, current[1], current[2], current[3], row.date("CreationDate"))
                    )
                title, body = (current[2], current[3]) if current else ("", "")
                current = state[post] = [group, int(row.attrs["Id"]), title, body]
            if kind in HISTORY_TITLE:
                current[2] = row.text("Text")
            else:
                current[3] = row.text("Text")
            if len(pending) >= self.batch_size:
                self._write_revisions(pending)
                pending = []
        if pending:
            self._write_revisions(pending)
        self.progress.end()
        counts.notes.append("kept as each post's edit history")

    def _write_revisions(self, pending: list) -> None:
        counts = self.counts["revisions"]
        done = imported_ids(source=self.site, kind="revision", source_ids=[p[1] for p in pending])
        counts.present += len(done)
        new = [p for p in pending if p[1] not in done]
        if not new:
            return

        def write() -> None:
            posts = [p[0] for p in new]
            local = {
                **imported_ids(source=self.site, kind="question", source_ids=posts),
                **imported_ids(source=self.site, kind="answer", source_ids=posts),
            }
            # A deleted post keeps no history (remove_post deleted it): none comes back.
            deleted = set(
                Post.objects.filter(
                    pk__in=list(local.values()), deleted_at__isnull=False
                ).values_list("pk", flat=True)
            )
            kept = [p for p in new if p[0] in local and local[p[0]] not in deleted]
            revisions = posts_actions.import_revisions(
                [
                    (local[p[0]], p[2] if p[0] in self.questions else "", p[3].strip(), p[4])
                    for p in kept
                ]
            )
            self._remember("revision", [(p[1], r.pk) for p, r in zip(kept, revisions, strict=True)])
            counts.created += len(revisions)

        self._commit("history", write, first=None)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """An import allocates millions of short-lived objects and makes next to no reference
    cycles, but the garbage collector's default pace (a collection every 700 allocations, and
    often one walking everything alive) took a tenth of the importing process's time. What
    exists before is frozen out of its walks, and it runs less often until the end."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def import_stackexchange(
    directory: str | Path,
    *,
    site: str | None = None,
    department: Department | None = None,
    people: Sequence[int] | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    after_batch: Callable[[str, int], None] | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Import a Stack Exchange dump folder; raises DumpError (one line) if it cannot be.

    `department`: questions are asked of it, and new people join it. `people`: map the dump's
    people deterministically onto these existing accounts instead of creating them (the demo).
    `dry_run`: do everything in a transaction that is rolled back. `after_batch(unit, n)` is
    called after each committed batch (tests interrupt an import with it). `workers`: processes
    that work out posts' text ahead of the writes (default: one per CPU; 0: none, all in this
    process; a small dump is done without them).
    """
    path = Path(directory)
    importer = _Importer(
        path,
        site=(site or site_host(path)).lower(),
        department=department,
        people=people,
        batch_size=batch_size,
        progress=progress or Progress(),
        after_batch=after_batch,
        workers=workers,
    )
    if people is not None and not people:
        raise DumpError("No people to map the dump's people onto.")
    started = time.perf_counter()
    with _collecting_less():
        importer.scan()
        with transaction.atomic() if dry_run else nullcontext():
            importer.run()
            if dry_run:
                transaction.set_rollback(True)
    if not dry_run and not importer.result.nothing_new:
        # Ranking and the search's postings budget read which terms are common: new posts
        # change that (seconds on a large index; done once, after the last batch).
        importer.result.common_terms = refresh_term_stats()
    importer.result.dry_run = dry_run
    importer.result.seconds = time.perf_counter() - started
    return importer.result
