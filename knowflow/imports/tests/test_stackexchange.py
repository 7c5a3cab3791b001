"""Importing a Stack Exchange dump: what it creates, re-runs, interruptions and bad input.

The fixture dump (fixtures/example, written for these tests) has three questions, three
answers (one accepted, one by the site's Community bot), a post by a deleted user, a comment
on a tag wiki, votes on a deleted post, a duplicate and a related link, forward links between
posts, an image, and an edit history.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from knowflow.accounts.actions import accept_invitation, invite_person
from knowflow.accounts.models import User
from knowflow.help.models import Question, QuestionStatus
from knowflow.help.queries import questions_visible_to
from knowflow.imports.models import ImportedObject
from knowflow.imports.reader import DumpError
from knowflow.imports.stackexchange import import_stackexchange
from knowflow.posts.models import Post, PostRevision, PostTopic
from knowflow.search.models import CORPUS_SIZE_TERM, CommonTerm, Document
from knowflow.search.queries import similar
from knowflow.topics.models import Topic

FIXTURE = Path(__file__).parent / "fixtures" / "example"
SITE = "example.stackexchange.com"


def local(kind: str, source_id: int) -> int:
    return ImportedObject.objects.get(source=SITE, kind=kind, source_id=source_id).object_id


def post(kind: str, source_id: int) -> Post:
    return Post.objects.get(pk=local(kind, source_id))


def copy_dump(tmp_path: Path) -> Path:
    target = tmp_path / "example"
    shutil.copytree(FIXTURE, target)
    return target


def run(directory: Path = FIXTURE, **options) -> str:
    out = io.StringIO()
    call_command("import-stackexchange", str(directory), stdout=out, **options)
    return out.getvalue()


# --- What an import creates ------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_questions_answers_comments_people_topics_and_links():
    output = run()
    assert "questions: 3 created" in output and "answers: 3 created" in output
    assert "accepted answers: 1 created" in output
    assert "comments: 3 created, 0 already there, 1 skipped" in output  # one on a tag wiki
    assert "1 votes on deleted posts skipped" in output
    assert "1 links to deleted posts or of other kinds skipped" in output
    # Ranking and the postings budget know the new posts.
    assert "search: term statistics refreshed" in output
    corpus = CommonTerm.objects.get(term=CORPUS_SIZE_TERM)
    assert corpus.df == Document.objects.filter(kind="question").count() == 3

    q1, q2, q5 = (Question.objects.get(pk=local("question", n)) for n in (1, 2, 5))
    a3, a4 = post("answer", 3), post("answer", 4)
    # Q&A facts as the actions would leave them.
    assert (q1.status, q1.answer_count, q1.accepted_answer_id) == (
        QuestionStatus.ACCEPTED,
        2,
        a3.pk,
    )
    # Accepted on the day of its accepting vote (answered the day before), not when answered.
    assert q1.accepted_at.isoformat() == "2016-02-02T00:00:00+00:00" > a3.created_at.isoformat()
    assert q2.status == QuestionStatus.OPEN
    assert (q5.status, q5.duplicate_of_id, q5.answer_count) == (QuestionStatus.DUPLICATE, q1.pk, 1)
    assert q1.post.reply_count == 4  # two answers, two comments
    # Original dates, and the last activity is the latest thing in the thread.
    assert q1.post.created_at.isoformat() == "2016-02-01T09:00:00+00:00"
    assert q1.post.edited_at.isoformat() == "2016-02-01T10:00:00+00:00"
    assert q1.last_activity_at.isoformat() == "2016-02-04T08:00:00+00:00"
    # Up-votes are counted without voters; down-votes and question votes are not represented.
    assert (a3.vote_count, a4.vote_count, q1.post.vote_count) == (3, 1, 0)
    # Topics from tags, with the tag's wiki excerpt; answers carry their question's topics.
    python = Topic.objects.get(slug="python")
    assert python.description == "Python is a programming language."
    assert set(PostTopic.objects.filter(post=a3).values_list("topic__slug", flat=True)) == {
        "python",
        "deployment",
    }
    # Related links become link cards; history becomes revisions.
    assert {"kind": "post", "key": str(q1.pk)} in q2.post.links
    assert PostRevision.objects.filter(post=q1.post).count() == 1
    # Imported content notifies no one.
    from knowflow.notifications.models import Notification

    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_bodies_are_markdown_rendered_like_native_posts_with_local_links():
    run()
    q1, q5 = post("question", 1), post("question", 5)
    a3, a4 = post("answer", 3), post("answer", 4)
    # A link to a question imported after this one points at it (fixed once it exists).
    assert f"[this one](/help/questions/{q5.pk}/)" in q1.body
    assert f"/help/questions/{q1.pk}/#post-{a4.pk}" in a3.body  # /a/4 -> the answer
    assert f"(/help/questions/{local('question', 2)}/)" in a4.body  # a relative link
    assert "[the diagram](https://i.example.com/diagram.png)" in q1.body  # images: links
    assert "<em>Python</em>" in q1.body_html and "<pre><code>pip install x" in q1.body_html
    assert "<li>wheels are <strong>prebuilt</strong></li>" in a4.body_html
    # Text that looks like Markdown stays text.
    assert "1*2 faster" in post("question", 2).body_html
    comment = Post.objects.get(pk=local("comment", 1))
    assert f"/help/questions/{local('question', 2)}/" in comment.body_html


@pytest.mark.django_db
def test_imported_people_cannot_sign_in_until_invited(admin_user):
    run()
    ada = User.objects.get(pk=local("person", 1))
    assert ada.full_name == "Ada Asker"
    assert ada.email == f"user1@{SITE}.imported.invalid"
    assert not ada.has_usable_password()
    assert not Client().login(email=ada.email, password="")
    # The site's bot and the stand-in for deleted accounts are inactive and cannot be invited.
    community = User.objects.get(pk=local("person", -1))
    deleted = Post.objects.get(pk=local("question", 5)).author
    assert deleted.full_name.startswith("Deleted user") and not deleted.is_active
    assert not community.is_active
    for stand_in in (community, deleted):
        with pytest.raises(ValidationError):
            invite_person(email="x@example.com", invited_by=admin_user, person=stand_in)
    # Inviting an imported person at a real address lets them sign in; their posts stay theirs.
    invitation = invite_person(email="ada@example.com", invited_by=admin_user, person=ada)
    user = accept_invitation(invitation, full_name="Ada Asker", password="a long passphrase 1")
    assert user.pk == ada.pk and user.email == "ada@example.com"
    assert Client().login(email="ada@example.com", password="a long passphrase 1")
    assert post("question", 1).author_id == ada.pk


@pytest.mark.django_db
def test_questions_for_a_department_are_visible_as_the_product_says(alice, charlie, engineering):
    call_command(
        "import-stackexchange", str(FIXTURE), department="Engineering", stdout=io.StringIO()
    )
    q1 = Question.objects.get(pk=local("question", 1))
    assert q1.post.department_id == engineering.pk
    assert questions_visible_to(alice).filter(pk=q1.pk).exists()
    assert not questions_visible_to(charlie).filter(pk=q1.pk).exists()
    # Imported questions are found by "asked before?", for those who may see them.
    hits = similar(alice, title="packaging a python application", body="")
    assert local("question", 5) in [h.post_id for h in hits] or q1.pk in [h.post_id for h in hits]
    assert similar(charlie, title="packaging a python application", body="") == []
    assert User.objects.get(pk=local("person", 2)).profile.department_id == engineering.pk


# --- Re-runs, dry runs, interruptions ----------------------------------------------------------


@pytest.mark.django_db
def test_second_run_creates_nothing_and_says_so():
    run()
    before = (Post.objects.count(), User.objects.count(), ImportedObject.objects.count())
    output = run()
    assert "Nothing new" in output and "term statistics" not in output
    assert "questions: 0 created, 3 already there" in output
    assert (Post.objects.count(), User.objects.count(), ImportedObject.objects.count()) == before
    assert post("answer", 3).vote_count == 3  # votes are not counted twice


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    output = run(dry_run=True)
    assert "Nothing was written" in output and "questions: 3 created" in output
    assert not Post.objects.exists() and not ImportedObject.objects.exists()


def digest() -> str:
    """The imported content in terms of source ids only (local ids differ between runs)."""
    source = {
        (row.kind, row.object_id): row.source_id
        for row in ImportedObject.objects.filter(source=SITE)
    }

    def who(kind_ids: list[tuple[str, int | None]]) -> list:
        for kind, pk in kind_ids:
            if (kind, pk) in source:
                return [kind, source[(kind, pk)]]
        return [None, pk is not None]

    people = [("person", None), ("placeholder", None)]

    def in_source_ids(text: str) -> str:
        return re.sub(
            r"/help/questions/(\d+)/(?:#post-(\d+))?",
            lambda m: (
                f"Q{who([('question', int(m.group(1)))])}"
                + (f"A{who([('answer', int(m.group(2)))])}" if m.group(2) else "")
            ),
            text,
        )

    lines = []
    for row in ImportedObject.objects.filter(source=SITE).order_by("kind", "source_id"):
        line = [row.kind, row.source_id]
        if row.kind in ("question", "answer", "comment"):
            p = Post.objects.get(pk=row.object_id)
            posts = [("question", p.root_id), ("answer", p.root_id)]
            line += [
                p.title,
                in_source_ids(p.body),
                p.created_at.isoformat(),
                p.vote_count,
                p.reply_count,
                who([(k, p.author_id) for k, _ in people]),
                who(posts),
                sorted(PostTopic.objects.filter(post=p).values_list("topic__slug", flat=True)),
            ]
        if row.kind == "question":
            q = Question.objects.get(pk=row.object_id)
            line += [
                q.status,
                q.answer_count,
                q.last_activity_at.isoformat(),
                who([("answer", q.accepted_answer_id)]),
                who([("question", q.duplicate_of_id)]),
            ]
        lines.append(repr(line))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


class Interrupted(Exception):
    pass


@pytest.mark.django_db
@pytest.mark.parametrize("after", [1, 4, 7, 11])
def test_an_interrupted_import_resumes_to_the_same_result(after):
    run()
    expected = digest()
    counts = {k: ImportedObject.objects.filter(kind=k).count() for k in ("question", "comment")}
    # Start again from nothing (a test may delete what it made), then stop part-way: the
    # batch in flight rolls back, as when the process is killed.
    Post.objects.all().delete()
    User.objects.filter(email__endswith=".imported.invalid").delete()
    Topic.objects.all().delete()
    ImportedObject.objects.all().delete()

    def stop(unit: str, batches: int) -> None:
        if batches == after:
            raise Interrupted

    with pytest.raises(Interrupted):
        import_stackexchange(FIXTURE, batch_size=2, after_batch=stop)
    assert ImportedObject.objects.exists()
    import_stackexchange(FIXTURE, batch_size=2)
    assert digest() == expected
    assert counts == {
        k: ImportedObject.objects.filter(kind=k).count() for k in ("question", "comment")
    }


# --- Bad input ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_malformed_xml_names_file_and_line_and_writes_nothing(tmp_path):
    dump = copy_dump(tmp_path)
    text = (dump / "Comments.xml").read_text().replace('UserId="1" />', 'UserId="1" <oops/>')
    (dump / "Comments.xml").write_text(text)
    with pytest.raises(CommandError, match=r"^Comments\.xml:4: not well-formed XML"):
        run(dump)
    assert not Post.objects.exists() and not ImportedObject.objects.exists()


@pytest.mark.django_db
def test_a_missing_required_file_is_named(tmp_path):
    dump = copy_dump(tmp_path)
    (dump / "Votes.xml").unlink()
    with pytest.raises(CommandError, match=r"Votes\.xml: missing"):
        run(dump)
    assert not ImportedObject.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        (
            "Posts.xml",
            '  <row Id="7" PostTypeId="2" ParentId="77" CreationDate="2016-02-03T10:00:00.000" '
            'Body="x" OwnerUserId="1" />',
            r"Posts\.xml:11: the answer's ParentId 77 is not a question",
        ),
        (
            "Comments.xml",
            '  <row Id="9" PostId="78" Text="x" CreationDate="2016-02-03T10:00:00.000" />',
            r"Comments\.xml:7: the comment is on post 78, which is not in Posts\.xml",
        ),
        (
            "Posts.xml",
            '  <row Id="8" PostTypeId="1" CreationDate="yesterday" Title="t" Body="x" />',
            r"Posts\.xml:11: CreationDate=“yesterday” is not a date",
        ),
    ],
)
def test_rows_pointing_at_missing_posts_stop_the_import(tmp_path, file, row, message):
    dump = copy_dump(tmp_path)
    path = dump / file
    lines = path.read_text().splitlines()
    lines.insert(len(lines) - 1, row)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CommandError, match=message):
        run(dump)
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_not_a_dump_folder():
    with pytest.raises(DumpError, match="no such folder"):
        import_stackexchange("/nonexistent/dump")


# --- The real dumps (when this machine has them) -----------------------------------------------

REAL = [
    Path(__file__).resolve().parents[4].parent / "shared" / "data" / "stackexchange",
    Path("/work/shared/data/stackexchange"),
]
REAL_DUMPS = next((p for p in REAL if p.is_dir()), None)
# From the README beside the dumps: questions, answers, accepted, usable duplicate links.
README_COUNTS = {
    "ai": (421, 749, 212, 6),
    "opensource": (404, 869, 232, 8),
    "cardano": (1042, 1496, 459, 5),
}


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(REAL_DUMPS is None, reason="no ../shared/data/stackexchange on this machine")
@pytest.mark.parametrize("name", sorted(README_COUNTS))
def test_real_dump_matches_its_readme(name):
    assert REAL_DUMPS is not None
    result = import_stackexchange(REAL_DUMPS / name)
    questions, answers, accepted, duplicates = README_COUNTS[name]
    counts = result.counts
    assert counts["questions"].created == questions == Question.objects.count()
    assert counts["answers"].created == answers
    assert counts["accepted"].created == accepted
    assert Question.objects.filter(accepted_answer__isnull=False).count() == accepted
    # Usable duplicate links: both ends are questions in the dump. A question closed against
    # several originals keeps one, so closed questions can be fewer than links.
    assert counts["duplicates"].created + counts["duplicates"].skipped == duplicates
    assert Question.objects.filter(status=QuestionStatus.DUPLICATE).count() == (
        counts["duplicates"].created
    )


@pytest.mark.django_db
def test_a_newer_dump_respects_what_happened_here(tmp_path, admin_user):
    """Deleted here: its text, history and thread stay gone. Edited here: the edit stays."""
    from knowflow.posts.actions import delete_post, revise_post

    dump = copy_dump(tmp_path)
    run(dump)
    deleted_answer = post("answer", 3)  # its text links to the site: the import rewrites such
    delete_post(admin_user, deleted_answer)
    question = post("question", 5)
    delete_post(admin_user, question)  # its answers go with it
    edited = post("answer", 4)
    revise_post(edited, body="Edited here: wheels are built once, installed many times.")
    # A newer dump: one more answer to the deleted question, one to a live one.
    posts_xml = dump / "Posts.xml"
    extra = (
        '  <row Id="90" PostTypeId="2" ParentId="5" CreationDate="2016-03-01T10:00:00.000" '
        'Score="0" Body="&lt;p&gt;A late answer&lt;/p&gt;" OwnerUserId="2" CommentCount="0" />\n'
        '  <row Id="91" PostTypeId="2" ParentId="2" CreationDate="2016-03-01T11:00:00.000" '
        'Score="0" Body="&lt;p&gt;Another late answer&lt;/p&gt;" OwnerUserId="2" '
        'CommentCount="0" />\n'
    )
    posts_xml.write_text(posts_xml.read_text().replace("</posts>", extra + "</posts>"))
    summary = run(dump)
    deleted_answer.refresh_from_db()
    assert deleted_answer.is_deleted and deleted_answer.body == ""
    assert not PostRevision.objects.filter(post=deleted_answer).exists()
    question.refresh_from_db()
    assert question.is_deleted and question.body == ""
    assert not Post.objects.filter(root_id=question.pk, deleted_at__isnull=True).exists()
    assert not ImportedObject.objects.filter(source=SITE, kind="answer", source_id=90).exists()
    edited.refresh_from_db()
    assert edited.body.startswith("Edited here")
    assert post("answer", 91).body.startswith("Another late answer")
    assert "skipped" in summary
