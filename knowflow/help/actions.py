"""Writes to help: asking, editing, answering, commenting, accepting, voting, duplicates.

Questions, answers and comments are posts, written through posts.actions (text, audience,
topics, mentions, attachments, history); these add the Q&A facts and send Q&A notices.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, F, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from knowflow.core.sql import insert_objects, new_instance
from knowflow.org.models import Department
from knowflow.org.queries import get_organization
from knowflow.posts import actions as posts_actions
from knowflow.posts.models import Audience, Mute, Post, PostKind, PostTopic
from knowflow.posts.queries import can_see_post
from knowflow.topics.actions import get_or_create_topic

from .models import AnswerVote, Question, QuestionStatus
from .queries import can_edit_question, can_manage_question, question_of, question_url

User = get_user_model()

MAX_QUESTION_BODY = posts_actions.MAX_BODY_BY_KIND["question"]
MAX_ANSWER_BODY = posts_actions.MAX_BODY_BY_KIND["answer"]
MAX_COMMENT = posts_actions.MAX_BODY_BY_KIND["comment"]
MAX_PART = 5_000
MAX_TOPICS = 5
ANONYMOUS_EMAIL = "anonymous@knowflow.invalid"


# --- Anonymous questions ---------------------------------------------------------------------


def anonymous_author():
    """The placeholder account that authors every anonymous question (and what its asker
    writes in its thread): inactive, no password, no profile worth showing. Whatever shows or
    follows a post's author (cards, the API, link cards, profiles, the feed's people and
    department sources, notices) finds only this account. Its address is in the reserved
    .invalid domain, which invitations refuse."""
    from django.contrib.auth.hashers import make_password

    user, _created = User.objects.get_or_create(
        email=ANONYMOUS_EMAIL,
        defaults={
            "full_name": "Anonymous colleague",
            "is_active": False,
            "password": make_password(None),  # unusable
        },
    )
    return user


def _as_shown(question: Question, person):
    """Who a person appears as in a question's thread: the placeholder for the asker of an
    anonymous question (their answers, comments and acceptances would name them)."""
    if question.is_anonymous and person.pk == question.asker_id:
        return question.post.author
    return person


# --- Asking ----------------------------------------------------------------------------------


def _clean_part(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_PART:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": MAX_PART}})
    return value


def _topics(names: Sequence[str]) -> list:
    names = [n.strip().lstrip("#").strip() for n in names if n and n.strip().lstrip("#").strip()]
    if len(names) > MAX_TOPICS:
        raise ValidationError({"topics": _("At most %(n)s topics.") % {"n": MAX_TOPICS}})
    topics: dict[int, object] = {}
    for name in names:
        try:
            topic = get_or_create_topic(name=name)
        except ValidationError as exc:
            raise ValidationError({"topics": exc.messages}) from None
        topics[topic.pk] = topic
    return list(topics.values())


def compose_body(*, body: str, goal: str, tried: str, good_answer: str) -> str:
    """The question's text as one Markdown document: its description, then each part of the
    structure the asker filled in, under a heading (so feeds, search and mentions read it all)."""
    parts = [body.strip()] if body.strip() else []
    for heading, text in (
        (_("What I'm trying to do"), goal),
        (_("What I've tried"), tried),
        (_("What a good answer looks like"), good_answer),
    ):
        if text.strip():
            parts.append(f"### {heading}\n\n{text.strip()}")
    return "\n\n".join(parts)


@transaction.atomic
def ask_question(
    asker,
    *,
    title: str,
    body: str = "",
    goal: str = "",
    tried: str = "",
    good_answer: str = "",
    topics: Sequence[str] = (),
    audience: str = Audience.EVERYONE,
    department: Department | None = None,
    anonymous: bool = False,
    files: Sequence = (),
    created_at: dt.datetime | None = None,
) -> Question:
    """Ask a question of everyone or of a department; anonymously to everyone when the
    organization allows it (the asker is still known to moderators)."""
    goal, tried = _clean_part(goal, "goal"), _clean_part(tried, "tried")
    good_answer = _clean_part(good_answer, "good_answer")
    chosen = _topics(topics)
    author = asker
    if anonymous:
        if not get_organization().allow_anonymous_questions:
            raise ValidationError(
                {"anonymous": _("This organization does not allow anonymous questions.")}
            )
        if audience != Audience.EVERYONE:
            raise ValidationError({"anonymous": _("Anonymous questions are asked of everyone.")})
        author = anonymous_author()
    post = posts_actions.create_post(
        author,
        kind=PostKind.QUESTION,
        title=title,
        body=compose_body(body=body, goal=goal, tried=tried, good_answer=good_answer),
        audience=audience,
        department=department,
        files=files,
        created_at=created_at,
        max_body=MAX_QUESTION_BODY,
        chosen_topics=chosen,
        notify_thread=False,
    )
    question = Question.objects.create(
        post=post,
        asker=asker,
        is_anonymous=anonymous,
        details=(body or "").strip(),
        goal=goal,
        tried=tried,
        good_answer=good_answer,
        created_at=post.created_at,
        last_activity_at=post.created_at,
    )
    from knowflow.expertise.actions import route_later

    route_later(question)
    return question


@transaction.atomic
def edit_question(
    editor,
    question: Question,
    *,
    title: str,
    body: str = "",
    goal: str = "",
    tried: str = "",
    good_answer: str = "",
    topics: Sequence[str] = (),
) -> Question:
    """Change a question's title, text, structure and topics (the asker or a moderator); the
    previous title and text are kept in its history."""
    if not can_edit_question(editor, question):
        raise PermissionDenied(_("Only the asker or a moderator can edit a question."))
    goal, tried = _clean_part(goal, "goal"), _clean_part(tried, "tried")
    good_answer = _clean_part(good_answer, "good_answer")
    chosen = _topics(topics)
    posts_actions.revise_post(
        question.post,
        title=title,
        body=compose_body(body=body, goal=goal, tried=tried, good_answer=good_answer),
        chosen_topics=chosen,
        max_body=MAX_QUESTION_BODY,
    )
    # Answers carry their question's topics, #hashtags included (so they reach its topics'
    # followers).
    topics = posts_actions.inherited_topics(question.post)
    for answer in Post.objects.filter(
        root_id=question.pk, kind=PostKind.ANSWER, deleted_at__isnull=True
    ).select_related("author"):
        posts_actions.resync_topics(answer, chosen_topics=topics)
    question.details = (body or "").strip()
    question.goal, question.tried, question.good_answer = goal, tried, good_answer
    question.save(update_fields=["details", "goal", "tried", "good_answer"])
    return question


# --- Answers and comments ---------------------------------------------------------------------


def _status(question: Question) -> str:
    if question.duplicate_of_id:
        return QuestionStatus.DUPLICATE
    if question.accepted_answer_id:
        return QuestionStatus.ACCEPTED
    return QuestionStatus.ANSWERED if question.answer_count else QuestionStatus.OPEN


def _locked(question: Question) -> Question:
    """The question's row, locked until the transaction ends: counters and status change
    together, and two people accepting at once are served one after the other."""
    return Question.objects.select_for_update().select_related("post").get(pk=question.pk)


def _managed(actor, question: Question, refusal: str) -> Question:
    """The question's row, locked, once the actor may manage it (the asker or a moderator)."""
    question = _locked(question)
    if not can_manage_question(actor, question):
        raise PermissionDenied(refusal)
    return question


def _update(question: Question, **values) -> Question:
    """Set these facts, recompute the status from them, and save them together."""
    for name, value in values.items():
        setattr(question, name, value)
    question.status = _status(question)
    question.save(update_fields=[*values, "status"])
    return question


def _tell(
    recipient_id,
    *,
    kind: str,
    actor,
    question: Question,
    summary: str,
    post: Post,
    group_key: str = "",
):
    """Notify after commit: not the actor themselves, not if the recipient muted the thread or
    may no longer see it. The actor is named as the thread shows them (_as_shown)."""
    if recipient_id is None or recipient_id == actor.pk:
        return
    thread = post.root_id or post.pk
    if Mute.objects.filter(user_id=recipient_id, thread_id=thread).exists():
        return
    from knowflow.notifications.actions import notify

    url = question_url(post)
    shown = _as_shown(question, actor)

    def send() -> None:
        recipient = User.objects.get(pk=recipient_id)
        if can_see_post(recipient, question.post):
            notify(
                recipient=recipient,
                kind=kind,
                actor=shown,
                summary=summary,
                target_url=url,
                post_id=post.pk,
                group_key=group_key,
            )

    transaction.on_commit(send, robust=True)


def _write_in_thread(author, question: Question, *, kind: str, parent: Post, **post) -> Post:
    """An answer or comment in the question's thread, as the thread shows its author (the
    placeholder for an anonymous question's asker) but with the author's own access checked;
    the help app sends the notices itself."""
    return posts_actions.create_post(
        _as_shown(question, author),
        on_behalf_of=author,
        kind=kind,
        parent=parent,
        max_body=posts_actions.MAX_BODY_BY_KIND[kind],
        notify_thread=False,
        **post,
    )


@transaction.atomic
def answer_question(
    author, question: Question, *, body: str, files: Sequence = (), created_at=None
) -> Post:
    """Answer a question (anyone who can see it); the asker is told."""
    question = _locked(question)
    if question.status == QuestionStatus.DUPLICATE:
        raise ValidationError(_("This question was closed as a duplicate: answer the original."))
    answer = _write_in_thread(
        author,
        question,
        kind=PostKind.ANSWER,
        parent=question.post,
        body=body,
        files=files,
        created_at=created_at,
        chosen_topics=posts_actions.inherited_topics(question.post),
    )
    _update(
        question,
        answer_count=question.answer_count + 1,
        last_activity_at=max(question.last_activity_at, answer.created_at),
    )
    from knowflow.expertise.actions import answered

    answered(question, author)
    _tell(
        question.asker_id,
        kind="answer",
        actor=author,
        question=question,
        summary=_("%(name)s answered “%(title)s”")
        % {"name": _as_shown(question, author).full_name, "title": question.post.title},
        post=answer,
        group_key=f"answer:question:{question.pk}",
    )
    return answer


@transaction.atomic
def comment_on(author, post: Post, *, body: str, created_at=None) -> Post:
    """Comment on a question or an answer; the asker (or the answer's author) is told."""
    if post.kind not in (PostKind.QUESTION, PostKind.ANSWER):
        raise ValidationError(_("Comments go on questions and answers."))
    question = question_of(post)
    comment = _write_in_thread(
        author, question, kind=PostKind.COMMENT, parent=post, body=body, created_at=created_at
    )
    Question.objects.filter(pk=question.pk, last_activity_at__lt=comment.created_at).update(
        last_activity_at=comment.created_at
    )
    recipient = question.asker_id if post.kind == PostKind.QUESTION else post.author_id
    _tell(
        recipient,
        kind="comment",
        actor=author,
        question=question,
        summary=_("%(name)s commented on “%(title)s”")
        % {"name": _as_shown(question, author).full_name, "title": question.post.title},
        post=comment,
        group_key=f"comment:post:{post.pk}",
    )
    return comment


# --- Accepting, voting, duplicates ------------------------------------------------------------


def _check_answer(answer: Post) -> None:
    if answer.kind != PostKind.ANSWER or answer.is_deleted:
        raise ValidationError(_("That is not an answer that can be accepted or voted on."))


@transaction.atomic
def accept_answer(actor, answer: Post) -> Question:
    """Accept an answer (the asker or a moderator); accepting another changes the choice."""
    _check_answer(answer)
    question = _managed(
        actor, question_of(answer), _("Only the asker or a moderator can accept an answer.")
    )
    if question.accepted_answer_id == answer.pk:
        return question
    now = timezone.now()
    before = question.accepted_answer_id
    _update(
        question,
        accepted_answer=answer,
        accepted_at=now,
        last_activity_at=max(question.last_activity_at, now),
    )
    _acceptance_changed(before, answer.pk)
    _tell(
        answer.author_id,
        kind="accepted_answer",
        actor=actor,
        question=question,
        summary=_("Your answer to “%(title)s” was accepted") % {"title": question.post.title},
        post=answer,
    )
    return question


@transaction.atomic
def unaccept_answer(actor, question: Question, *, answer: Post | None = None) -> Question:
    """Withdraw the acceptance (the asker or a moderator); with `answer`, only if that is the
    accepted one (a form from before another answer was accepted changes nothing)."""
    question = _managed(
        actor, question, _("Only the asker or a moderator can change the accepted answer.")
    )
    if answer is not None and question.accepted_answer_id != answer.pk:
        return question
    before = question.accepted_answer_id
    question = _update(question, accepted_answer=None, accepted_at=None)
    _acceptance_changed(before)
    return question


def _acceptance_changed(*answer_ids: int | None) -> None:
    """An accepted answer counts more as its author's evidence: theirs is summed again."""
    from knowflow.expertise.tallies import posts_changed

    posts_changed([pk for pk in answer_ids if pk is not None])


def _check_vote(user, answer: Post) -> None:
    _check_answer(answer)
    if not can_see_post(user, answer):
        raise PermissionDenied
    if answer.author_id == user.pk:
        raise ValidationError(_("You can't vote for your own answer."))


def vote_answer(user, answer: Post) -> bool:
    """Vote an answer up, once per person. False when the vote was already there (a second
    click, or two requests at once: the unique constraint decides)."""
    _check_vote(user, answer)
    try:
        with transaction.atomic():
            AnswerVote.objects.create(answer=answer, user=user)
            Post.objects.filter(pk=answer.pk).update(vote_count=F("vote_count") + 1)
            _votes_changed(answer)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def unvote_answer(user, answer: Post) -> bool:
    """Take one's vote back; False when there was none."""
    deleted, _rows = AnswerVote.objects.filter(answer=answer, user=user).delete()
    if deleted:
        Post.objects.filter(pk=answer.pk, vote_count__gt=0).update(vote_count=F("vote_count") - 1)
        _votes_changed(answer)
    return bool(deleted)


def _votes_changed(answer: Post) -> None:
    """Up-votes make an answer count more as its author's evidence: theirs is summed again."""
    from knowflow.expertise.tallies import posts_changed

    posts_changed([answer.pk])


@transaction.atomic
def mark_duplicate(actor, question: Question, *, original: Question) -> Question:
    """Close a question as a duplicate of another (the asker or a moderator). Both show the
    link; a duplicate of a duplicate points at the first original."""
    question = _managed(actor, question, _("Only the asker or a moderator can mark a duplicate."))
    original = _first_original(question, original)
    if original.post.is_deleted or not can_see_post(actor, original.post):
        raise ValidationError({"original": _("Choose a question you can see.")})
    return _close_as_duplicate(question, original=original, marked_by=actor)


def _first_original(question: Question, original: Question) -> Question:
    """The question a duplicate should point at: `original`, or the first original of the
    duplicates it is one of (refused if that leads back to the question)."""
    original = Question.objects.select_related("post").get(pk=original.pk)
    seen = {question.pk}
    while original.duplicate_of_id and original.pk not in seen:
        seen.add(original.pk)
        original = Question.objects.select_related("post").get(pk=original.duplicate_of_id)
    if original.pk in seen:
        raise ValidationError({"original": _("A question can't be a duplicate of itself.")})
    return original


def _close_as_duplicate(question: Question, *, original: Question, marked_by) -> Question:
    _update(question, duplicate_of=original, duplicate_marked_by=marked_by)
    # Questions that pointed at this one now point at its original.
    Question.objects.filter(duplicate_of=question).update(duplicate_of=original)
    return question


@transaction.atomic
def unmark_duplicate(actor, question: Question) -> Question:
    question = _managed(actor, question, _("Only the asker or a moderator can reopen a question."))
    return _update(question, duplicate_of=None, duplicate_marked_by=None)


def post_deleted(post: Post) -> None:
    """posts.actions.delete_post calls this (in its transaction) for questions, answers and
    comments. A deleted question takes its answers and comments with it, loses its text and
    reopens the questions closed as its duplicates; a deleted answer stops counting and cannot
    stay accepted."""
    if post.kind == PostKind.QUESTION:
        question = Question.objects.select_for_update().filter(pk=post.pk).first()
        if question is None:
            return
        for reply in Post.objects.filter(root_id=post.pk, deleted_at__isnull=True):
            posts_actions.remove_post(reply)
        for duplicate in Question.objects.select_for_update().filter(duplicate_of=question):
            _update(duplicate, duplicate_of=None, duplicate_marked_by=None)
        _update(
            question,
            details="",
            goal="",
            tried="",
            good_answer="",
            answer_count=0,
            accepted_answer=None,
            accepted_at=None,
            duplicate_of=None,
        )
        return
    if post.kind != PostKind.ANSWER:
        return
    question = Question.objects.select_for_update().filter(pk=post.root_id).first()
    if question is None:
        return
    values: dict = {"answer_count": max(0, question.answer_count - 1)}
    if question.accepted_answer_id == post.pk:
        values.update(accepted_answer=None, accepted_at=None)
    _update(question, **values)


# --- Imports -------------------------------------------------------------------------------------
# Questions, answers and comments from another Q&A system, many at a time, dated as they were
# and with every derived fact (answer counts, status, acceptance, last activity, topics on
# answers, the search index) as the actions above would leave it. Nobody is notified:
# imported content is history, not news.


@dataclass(slots=True)
class ImportedAnswer:
    """An answer from another system, to a question imported before it."""

    question: Question  # with its post loaded
    author_id: int
    body: str
    created_at: dt.datetime
    edited_at: dt.datetime | None = None
    accepted: bool = False  # the asker accepted it
    accepted_at: dt.datetime | None = None  # when, if known (never before the answer)
    prepared: posts_actions.PreparedText | None = None  # see posts.actions.ImportedPost


@dataclass(slots=True)
class ImportedComment:
    """A comment from another system on a question or answer imported before it."""

    parent: Post
    author_id: int
    body: str  # Markdown
    created_at: dt.datetime
    prepared: posts_actions.PreparedText | None = None  # see posts.actions.ImportedPost


@transaction.atomic
def import_questions(
    items: Sequence[tuple[posts_actions.ImportedPost, dt.datetime | None]],
) -> list[Question]:
    """Create many questions asked elsewhere at once, given each one's post and last activity;
    they are findable ("asked before?") once the transaction commits (import_posts indexes
    them)."""
    posts = posts_actions.import_posts([post for post, _last in items])
    questions = []
    for post, (_item, last) in zip(posts, items, strict=True):
        question = new_instance(
            Question,
            {
                "post_id": post.pk,
                "asker_id": post.author_id,
                "details": post.body,
                "created_at": post.created_at,
                "last_activity_at": max(post.created_at, last or post.created_at),
            },
        )
        Question.post.field.set_cached_value(question, post)
        questions.append(question)
    insert_objects(questions)
    return questions


@transaction.atomic
def import_answers(answers: Sequence[ImportedAnswer]) -> list[Post]:
    """Create many answers given elsewhere at once; they carry their questions' topics, count
    on them, and are accepted where the asker accepted them."""
    question_ids = {a.question.pk for a in answers}
    topics: dict[int, list[int]] = defaultdict(list)
    for post_id, topic_id in PostTopic.objects.filter(post_id__in=question_ids).values_list(
        "post_id", "topic_id"
    ):
        topics[post_id].append(topic_id)
    for answer in answers:
        if answer.question.duplicate_of_id:
            raise ValidationError(
                _("This question was closed as a duplicate: answer the original.")
            )
    posts = posts_actions.import_posts(
        [
            posts_actions.ImportedPost(
                author_id=a.author_id,
                kind=PostKind.ANSWER,
                body=a.body,
                created_at=a.created_at,
                edited_at=a.edited_at,
                parent=a.question.post,
                topic_ids=topics[a.question.pk],
                prepared=a.prepared,
            )
            for a in answers
        ],
        evidence=False,
    )
    accepted = {
        # Not before it was given (a day-only date may fall before the answer's time).
        a.question.pk: (post.pk, max(post.created_at, a.accepted_at or post.created_at))
        for a, post in zip(answers, posts, strict=True)
        if a.accepted
    }
    if accepted:
        adapt = connection.ops.adapt_datetimefield_value
        quote = connection.ops.quote_name
        table = quote(Question._meta.db_table)
        with connection.cursor() as cursor:
            cursor.executemany(
                # Identifiers come from the model; values are parameters.
                f"UPDATE {table} SET {quote('accepted_answer_id')} = %s, "  # noqa: S608
                f"{quote('accepted_at')} = %s WHERE {quote('post_id')} = %s",
                [(a, adapt(when), q) for q, (a, when) in accepted.items()],
            )
    from knowflow.expertise.tallies import posts_added

    posts_added([post.pk for post in posts])  # accepted ones as accepted
    _recount_questions(question_ids)
    return posts


@transaction.atomic
def import_comments(comments: Sequence[ImportedComment]) -> list[Post]:
    """Create many comments made elsewhere at once, on questions and answers."""
    for comment in comments:
        if comment.parent.kind not in (PostKind.QUESTION, PostKind.ANSWER):
            raise ValidationError(_("Comments go on questions and answers."))
    posts = posts_actions.import_posts(
        [
            posts_actions.ImportedPost(
                author_id=c.author_id,
                kind=PostKind.COMMENT,
                body=c.body,
                created_at=c.created_at,
                parent=c.parent,
                prepared=c.prepared,
            )
            for c in comments
        ]
    )
    _recount_questions({post.root_id for post in posts})
    return posts


def _recount_questions(question_ids: set[int]) -> None:
    """Set answer counts, last activity and status of these questions from their threads, in
    two statements however many there are (imports)."""
    thread = Post.objects.filter(root_id=OuterRef("pk"), deleted_at__isnull=True).order_by()
    answers = (
        thread.filter(kind=PostKind.ANSWER).values("root_id").annotate(n=Count("*")).values("n")
    )
    latest = thread.values("root_id").annotate(at=Max("created_at")).values("at")
    questions = Question.objects.filter(pk__in=sorted(question_ids))
    questions.update(
        answer_count=Coalesce(Subquery(answers), 0),
        last_activity_at=Greatest(
            F("last_activity_at"), Coalesce(Subquery(latest), F("last_activity_at"))
        ),
    )
    # Apart: an UPDATE's expressions read the row as it was before it.
    questions.update(
        status=Case(
            When(duplicate_of__isnull=False, then=Value(QuestionStatus.DUPLICATE)),
            When(accepted_answer__isnull=False, then=Value(QuestionStatus.ACCEPTED)),
            When(answer_count__gt=0, then=Value(QuestionStatus.ANSWERED)),
            default=Value(QuestionStatus.OPEN),
        )
    )


@transaction.atomic
def import_duplicate(question: Question, *, original: Question) -> bool:
    """Close an imported question as a duplicate of another, as mark_duplicate does (no one
    marked it here). False when it is not closed: it already is a duplicate (a question closed
    against several keeps the first), either one is deleted, or it would point back at itself."""
    question = _locked(question)
    if question.duplicate_of_id or question.post.is_deleted:
        return False
    try:
        original = _first_original(question, original)
    except ValidationError:
        return False
    if original.post.is_deleted:
        return False
    _close_as_duplicate(question, original=original, marked_by=None)
    return True


@transaction.atomic
def import_answer_votes(votes: Mapping[int, int]) -> None:
    """Add up-votes cast elsewhere to answers, {answer id: votes}: counted, without voters
    (dumps do not say who voted), so they add to vote_count and have no AnswerVote rows."""
    answers = Post.objects.filter(pk__in=list(votes), kind=PostKind.ANSWER).values_list(
        "pk", flat=True
    )
    posts_actions.add_to_counts("vote_count", {pk: votes[pk] for pk in answers})
    from knowflow.expertise.tallies import posts_changed

    posts_changed(list(answers))
