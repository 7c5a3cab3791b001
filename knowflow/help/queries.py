"""Reads for help: questions the viewer may see, a question's page, the lists, and who may do
what. A question is visible exactly when its post is (posts.queries.visible_q)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from knowflow.core.permissions import has_permission
from knowflow.posts.models import Post, PostKind, PostTopic
from knowflow.posts.queries import (
    Cursor,
    access_post,
    decorate,
    fetch_posts,
    visible_q,
)

from .models import AnswerVote, Question, QuestionStatus

LIST_VIEWS = ("newest", "unanswered", "for_me", "mine")


def can_moderate(user) -> bool:
    """Moderators (the help.moderate permission, e.g. the "Moderators" group, or superusers)
    may accept answers, mark duplicates and edit any question, and see anonymous askers."""
    return has_permission(user, "help", "moderate")


def can_manage_question(user, question: Question) -> bool:
    """Accept an answer, mark or unmark a duplicate: the asker or a moderator."""
    if not getattr(user, "is_active", False):
        return False
    return question.asker_id == user.pk or can_moderate(user)


def can_delete_question(user, question: Question) -> bool:
    """Moderators may delete a question (its answers and comments go with it); its asker
    only while no one has answered (answers are other people's work)."""
    if not getattr(user, "is_active", False):
        return False
    return can_moderate(user) or (question.asker_id == user.pk and not question.answer_count)


def can_edit_question(user, question: Question) -> bool:
    return not question.post.is_deleted and can_manage_question(user, question)


def shown_asker(viewer, question: Question):
    """Who asked, as this viewer may know it: the author, or for an anonymous question the
    asker only to the asker and to moderators (None to everyone else)."""
    if not question.is_anonymous:
        return question.post.author
    if question.asker_id and (question.asker_id == viewer.pk or can_moderate(viewer)):
        return question.asker
    return None


def questions_visible_to(viewer) -> QuerySet[Question]:
    return Question.objects.filter(visible_q(viewer, prefix="post__"))


def access_question(viewer, *, question_id) -> Question:
    """A question the viewer may see, or 404."""
    try:
        return (
            questions_visible_to(viewer)
            .select_related("post", "post__author", "post__department", "asker")
            .get(pk=question_id)
        )
    except (Question.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("No such question.") from None


def access_answer(viewer, *, answer_id) -> Post:
    """An answer the viewer may see, or 404."""
    post = access_post(viewer, post_id=answer_id)
    if post.kind != PostKind.ANSWER:
        raise Http404("No such answer.")
    return post


def visible_original_id(viewer, question: Question) -> int | None:
    """The original a duplicate points at, if the viewer may see it (else None)."""
    if not question.duplicate_of_id:
        return None
    return (
        questions_visible_to(viewer)
        .filter(pk=question.duplicate_of_id)
        .values_list("pk", flat=True)
        .first()
    )


def access_commentable(viewer, *, post_id) -> Post:
    """A question or an answer the viewer may see (what comments go on), or 404."""
    post = access_post(viewer, post_id=post_id)
    if post.kind not in (PostKind.QUESTION, PostKind.ANSWER):
        raise Http404("No such question or answer.")
    return post


def question_url(post: Post) -> str:
    """Where a question, or an answer or comment in its thread, is shown."""
    if post.root_id:
        return reverse("help:question", args=[post.root_id]) + f"#post-{post.pk}"
    return reverse("help:question", args=[post.pk])


def question_of(post: Post) -> Question:
    """The question a question, answer or comment belongs to."""
    return Question.objects.select_related("post").get(pk=post.root_id or post.pk)


# --- A question's page --------------------------------------------------------------------------


@dataclass
class AnswerView:
    post: Post
    accepted: bool
    voted: bool
    comments: list[Post] = field(default_factory=list)


@dataclass
class QuestionPage:
    question: Question
    post: Post  # the question's post, decorated as feed posts are
    asker: object | None  # see shown_asker
    answers: list[AnswerView]
    comments: list[Post]  # on the question
    original: Question | None  # what it duplicates, when the viewer may see it
    duplicates: list[Question]  # visible questions closed as duplicates of this one
    can_manage: bool
    can_edit: bool
    can_delete: bool


def question_page(viewer, question: Question) -> QuestionPage:
    """Everything a question's page shows: answers (accepted first, then by votes, then
    oldest) with their comments, comments on the question, duplicate links both ways (only
    those the viewer may see)."""
    thread = list(
        Post.objects.filter(root_id=question.pk, deleted_at__isnull=True)
        .filter(kind__in=[PostKind.ANSWER, PostKind.COMMENT])
        .values_list("pk", flat=True)
    )
    # The question is visible (access_question), so not deleted: fetch_posts returns it.
    posts = {p.pk: p for p in fetch_posts(viewer, [question.pk, *thread])}
    post = posts.pop(question.pk)
    voted = set(
        AnswerVote.objects.filter(user=viewer, answer_id__in=list(posts)).values_list(
            "answer_id", flat=True
        )
    )
    comments: dict[int, list[Post]] = defaultdict(list)
    answers = []
    for p in sorted(posts.values(), key=lambda p: (p.created_at, p.pk)):
        if p.kind == PostKind.COMMENT:
            comments[p.parent_id].append(p)
        else:
            answers.append(
                AnswerView(
                    post=p, accepted=p.pk == question.accepted_answer_id, voted=p.pk in voted
                )
            )
    for view in answers:
        view.comments = comments.get(view.post.pk, [])
    answers.sort(key=lambda a: (not a.accepted, -a.post.vote_count))
    original = None
    if question.duplicate_of_id:
        original = (
            questions_visible_to(viewer)
            .select_related("post")
            .filter(pk=question.duplicate_of_id)
            .first()
        )
    duplicates = list(
        questions_visible_to(viewer).select_related("post").filter(duplicate_of=question)[:20]
    )
    return QuestionPage(
        question=question,
        post=post,
        asker=shown_asker(viewer, question),
        answers=answers,
        comments=comments.get(question.pk, []),
        original=original,
        duplicates=duplicates,
        can_manage=can_manage_question(viewer, question),
        can_edit=can_edit_question(viewer, question),
        can_delete=can_delete_question(viewer, question),
    )


# --- Lists ----------------------------------------------------------------------------------


def my_topic_ids(viewer) -> list[int]:
    """Topics the viewer knows or cares about: skills, "ask me about", "can mentor" on their
    profile, and topics they follow (what "questions I could answer" starts from)."""
    from knowflow.network.models import Follow
    from knowflow.people.models import ProfileTopic

    known = set(
        ProfileTopic.objects.filter(
            user=viewer, kind__in=["skill", "ask_me_about", "can_mentor"]
        ).values_list("topic_id", flat=True)
    )
    known |= set(
        Follow.objects.filter(follower=viewer, topic__isnull=False).values_list(
            "topic_id", flat=True
        )
    )
    return sorted(known)


def _on_topics(topic_ids: list[int]) -> Exists:
    """Questions on any of these topics, as a correlated EXISTS: both databases then walk
    the newest questions and stop at the page's end (an IN list made SQLite read every post on
    the topics first; a join needed DISTINCT, which made PostgreSQL sort every question)."""
    return Exists(PostTopic.objects.filter(post_id=OuterRef("post_id"), topic_id__in=topic_ids))


def question_list(
    viewer,
    *,
    view: str = "newest",
    topic=None,
    department=None,
    cursor: Cursor | None = None,
    limit: int = 20,
) -> tuple[list[Question], Cursor | None]:
    """A page of questions, newest first: every visible one, the unanswered, those the
    viewer could answer (from their topics; not their own), or their own. Filters: a topic,
    a department (asked of it, or asked by someone in it or a team under it)."""
    qs = questions_visible_to(viewer)
    if view == "unanswered":
        qs = qs.filter(status=QuestionStatus.OPEN)
    elif view == "mine":
        qs = qs.filter(asker=viewer)
    elif view == "for_me":
        qs = qs.filter(
            status__in=[QuestionStatus.OPEN, QuestionStatus.ANSWERED],
        ).exclude(asker=viewer)
        qs = qs.filter(_on_topics(my_topic_ids(viewer)))
    if topic is not None:
        qs = qs.filter(_on_topics([topic.pk]))
    if department is not None:
        from knowflow.org.queries import department_subtree_ids

        subtree = department_subtree_ids(department)
        qs = qs.filter(
            Q(post__department_id__in=subtree) | Q(post__author_department_id__in=subtree)
        )
    if cursor is not None:
        created, pk = cursor
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, pk__lt=pk))
    # Topics are matched by EXISTS, not a join, so a question is a row once and no
    # DISTINCT is needed: on PostgreSQL a DISTINCT over these columns sorted every visible
    # question (0.5 s at 100,000 questions) before the LIMIT.
    rows = list(
        qs.select_related("post", "post__author", "post__department", "asker").order_by(
            "-created_at", "-post"
        )[: limit + 1]
    )
    page = rows[:limit]
    next_cursor = (page[-1].created_at, page[-1].pk) if len(rows) > limit else None
    posts = [q.post for q in page]
    decorate(viewer, posts)
    return page, next_cursor


def visible_question(viewer, question_id) -> Question | None:
    """The question with this id if the viewer may see it, else None (for links)."""
    return questions_visible_to(viewer).select_related("post").filter(pk=question_id).first()
