"""The router: when a question is posted, a few likely helpers are invited (with the reason);
if no answer comes within the wait (working days), it widens: the next helpers, then the
topics' followers. Rounds run as background tasks (expertise.tasks) and each runs once.

Load is spread: people already holding several open invitations, or who declined one lately,
are passed over; the asker is never invited, and nobody is invited to a question they cannot
see or invited twice to the same question.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from knowflow.accounts.models import User
from knowflow.help.models import Question, QuestionStatus
from knowflow.posts.queries import can_see_post

from .models import Invitation, InvitationStatus, Routing
from .queries import question_topics_and_answerers, reasons_for, suggest_helpers

# The last round: the topics' followers (after two rounds of helpers).
FOLLOWERS_STEP = 2
MAX_FOLLOWERS_INVITED = 20
# Candidates looked at per round, before spreading the load (most are passed over only when
# they are busy).
CANDIDATES = 30


def _setting(name: str, default):
    return getattr(settings, name, default)


def add_working_hours(start: datetime, hours: float) -> datetime:
    """`start` plus `hours`, counting only Monday to Friday (in TIME_ZONE, the server's): 24
    hours from Friday 10:00 is Monday 10:00; from Saturday noon, Tuesday 00:00."""
    at = timezone.localtime(start, timezone.get_default_timezone())  # not the asker's zone
    left = timedelta(hours=hours)
    while True:
        if at.weekday() >= 5:  # skip to Monday 00:00
            days = 7 - at.weekday()
            at = (at + timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
            continue
        midnight = (at + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        if at + left <= midnight:
            return at + left
        left -= midnight - at
        at = midnight


def _busy_or_declined(person_ids: list[int], now: datetime) -> set[int]:
    """Of these people, those to pass over for now: holding too many open invitations, or
    having declined one lately."""
    limit = _setting("ROUTING_MAX_OPEN_INVITATIONS", 3)
    since = now - timedelta(days=_setting("ROUTING_DECLINE_PAUSE_DAYS", 7))
    open_counts: dict[int, int] = {}
    # Open invitations to questions still waiting (one answered or deleted since no longer
    # keeps anyone busy).
    for person_id in Invitation.objects.filter(
        person_id__in=person_ids,
        status=InvitationStatus.OPEN,
        question__status=QuestionStatus.OPEN,
        question__post__deleted_at__isnull=True,
    ).values_list("person_id", flat=True):
        open_counts[person_id] = open_counts.get(person_id, 0) + 1
    declined = set(
        Invitation.objects.filter(
            person_id__in=person_ids, status=InvitationStatus.DECLINED, responded_at__gte=since
        ).values_list("person_id", flat=True)
    )
    return {p for p, n in open_counts.items() if n >= limit} | declined


def _not_my_area(question: Question, topic_ids: list[int]) -> set[int]:
    """People who declined questions on these topics as "not my area"."""
    from knowflow.posts.models import PostTopic

    if not topic_ids:
        return set()
    # From the declines (few, on their own index) to their questions' topics: from the
    # topics' side, every question on them would be read (thousands on a busy topic).
    declined: dict[int, set[int]] = {}
    for person_id, question_id in Invitation.objects.filter(not_my_area=True).values_list(
        "person_id", "question_id"
    ):
        declined.setdefault(question_id, set()).add(person_id)
    on_topics = PostTopic.objects.filter(post_id__in=list(declined), topic_id__in=topic_ids)
    return {
        person_id
        for question_id in set(on_topics.values_list("post_id", flat=True))
        for person_id in declined[question_id]
    }


def _invite(question: Question, people: list, *, step: int, reasons: dict[int, str], by=None):
    from knowflow.help.queries import question_url
    from knowflow.notifications.actions import notify

    now = timezone.now()
    by_id = {person.pk: person for person in people}
    already = set(
        Invitation.objects.filter(question=question, person_id__in=list(by_id)).values_list(
            "person_id", flat=True
        )
    )
    fresh = [
        Invitation(
            question=question,
            person=person,
            reason=reasons.get(person.pk, "")[:300],
            step=step,
            created_at=now,
            invited_by=by,
        )
        for person in people
        if person.pk not in already
    ]
    # In one statement (a round invites several); someone invited by another hand at the
    # same moment keeps that invitation (the unique constraint), and is not told twice:
    # only the rows written here, at this moment, are.
    Invitation.objects.bulk_create(fresh, ignore_conflicts=True)
    mine = {
        invitation.person_id: invitation
        for invitation in Invitation.objects.filter(
            question=question, person_id__in=[i.person_id for i in fresh], created_at=now
        )
    }
    created = []
    for invitation in fresh:
        if invitation.person_id in mine:
            written = mine[invitation.person_id]
            written.person = by_id[written.person_id]
            written.invited_by = by
            created.append(written)
    url = question_url(question.post)
    title = question.post.title

    def send() -> None:
        for invitation in created:
            notify(
                recipient=invitation.person,
                kind="help_request",
                actor=invitation.invited_by,
                summary=_("Could you help with “%(title)s”? %(reason)s")
                % {"title": title, "reason": invitation.reason},
                target_url=url,
                post_id=question.pk,
            )

    transaction.on_commit(send, robust=True)
    return created


def _invited(question: Question) -> set[int]:
    return set(Invitation.objects.filter(question=question).values_list("person_id", flat=True))


def _helpers_round(question: Question, *, step: int) -> list[Invitation]:
    post = question.post
    topic_ids, answered = question_topics_and_answerers(post)
    invited = _invited(question)
    asker = question.asker or post.author
    now = timezone.now()
    helpers = suggest_helpers(
        asker,
        title=post.title,
        body=post.body,
        topic_ids=topic_ids,
        exclude=[asker.pk, post.author_id, *invited, *answered],
        limit=CANDIDATES,
        question_id=post.pk,
        evidence=False,  # the invitation gives the reason sentence, no links
    )
    skip = _busy_or_declined([h.user_id for h in helpers], now) | _not_my_area(question, topic_ids)
    people = User.objects.select_related("profile").in_bulk([h.user_id for h in helpers])
    chosen = []
    for h in helpers:
        person = people.get(h.user_id)
        if h.user_id in skip or person is None or not can_see_post(person, post):
            continue
        chosen.append(h)
        if len(chosen) >= _setting("ROUTING_HELPERS", 3):
            break
    # The reasons are sentences of counts only: no evidence of the asker's view is named.
    reasons = reasons_for(chosen, topic_ids)
    return _invite(question, [people[h.user_id] for h in chosen], step=step, reasons=reasons)


def _followers_round(question: Question, *, step: int) -> list[Invitation]:
    from knowflow.network.models import Follow

    post = question.post
    topic_ids, _answered = question_topics_and_answerers(post)
    invited = _invited(question)
    asker_id = question.asker_id or post.author_id
    follower_ids = (
        Follow.objects.filter(topic_id__in=topic_ids)
        .exclude(follower_id__in=[asker_id, *invited])
        .values_list("follower_id", flat=True)
        .distinct()
    )
    people = [
        p
        for p in User.objects.filter(
            pk__in=list(follower_ids), is_active=True, not_suggested__isnull=True
        ).order_by("pk")
        if can_see_post(p, post)
    ][:MAX_FOLLOWERS_INVITED]
    reason = _("You follow this question's topics.")
    return _invite(question, people, step=step, reasons={p.pk: reason for p in people})


def _schedule(routing: Routing) -> None:
    """Queue the next round for its moment. A backend that cannot defer (the immediate one
    of development and tests) queues nothing: widen_due() catches up on due rounds."""
    from .tasks import route_question_task

    if not route_question_task.get_backend().supports_defer:
        return
    when, step, question_id = routing.next_at, routing.step, routing.question_id
    transaction.on_commit(
        lambda: route_question_task.using(run_after=when).enqueue(question_id, step + 1),
        robust=True,
    )


def widen_due(now: datetime | None = None) -> int:
    """Run every round that is due (a safety net beside the queued tasks: a round lost with a
    queue still runs, and runs once). Returns invitations sent."""
    now = now or timezone.now()
    sent = 0
    for question_id, step in Routing.objects.filter(next_at__lte=now).values_list(
        "question_id", "step"
    ):
        sent += len(widen(question_id, step + 1, now=now))
    return sent


def _unanswered(question: Question) -> bool:
    return question.answer_count == 0 and question.status not in (
        QuestionStatus.DUPLICATE,
        QuestionStatus.ACCEPTED,
    )


@transaction.atomic
def route_question(question: Question) -> list[Invitation]:
    """The first round, when a question is posted: invite the likely helpers and look again
    after the wait."""
    routing, new = Routing.objects.get_or_create(question=question)
    if not new:
        return []
    created = _helpers_round(question, step=0)
    routing.next_at = add_working_hours(timezone.now(), _setting("ROUTING_WAIT_HOURS", 24))
    routing.save(update_fields=["next_at"])
    _schedule(routing)
    return created


@transaction.atomic
def widen(question_id: int, step: int, *, now: datetime | None = None) -> list[Invitation]:
    """Round `step` (1: the next helpers, 2: the topics' followers), if the question is still
    unanswered and the router is at the round before: a second run of the same round, or a
    run after an answer came, does nothing."""
    routing = Routing.objects.select_for_update().filter(question_id=question_id).first()
    now = now or timezone.now()
    if routing is None or routing.step != step - 1 or routing.next_at is None:
        return []
    if routing.next_at > now:  # not due yet (a task run early)
        return []
    question = Question.objects.select_related("post", "asker").get(pk=question_id)
    if question.post.deleted_at is not None or not _unanswered(question):
        routing.next_at = None
        routing.save(update_fields=["next_at"])
        return []
    if step >= FOLLOWERS_STEP:
        created = _followers_round(question, step=step)
    else:
        created = _helpers_round(question, step=step)
    routing.step = step
    routing.next_at = (
        add_working_hours(now, _setting("ROUTING_WAIT_HOURS", 24))
        if step < FOLLOWERS_STEP
        else None
    )
    routing.save(update_fields=["step", "next_at"])
    if routing.next_at is not None:
        _schedule(routing)
    return created
