"""Writes of the expertise app: endorsements and opting out of suggestions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from knowflow.topics.queries import topics_visible_to

from .models import Endorsement, Invitation, InvitationStatus, NotSuggested


def endorse(endorser, person, topic) -> bool:
    """Vouch that `person` knows `topic`; once per pair and topic (False when it was already
    there). Nobody endorses themselves, or on a topic they cannot see."""
    if not getattr(endorser, "is_active", False) or not person.is_active:
        raise PermissionDenied
    if endorser.pk == person.pk:
        raise ValidationError(_("You can't endorse yourself."))
    if not topics_visible_to(endorser).filter(pk=topic.pk).exists():
        raise PermissionDenied
    try:
        with transaction.atomic():
            Endorsement.objects.create(
                endorser=endorser, person=person, topic=topic, created_at=timezone.now()
            )
    except IntegrityError:
        return False
    return True


def withdraw_endorsement(endorser, person, topic) -> bool:
    """Take one's endorsement back; False when there was none."""
    deleted, _rows = Endorsement.objects.filter(
        endorser=endorser, person=person, topic=topic
    ).delete()
    return bool(deleted)


def set_suggested(user, *, suggested: bool) -> None:
    """Whether the router may suggest this person and "who knows" may list them."""
    if suggested:
        NotSuggested.objects.filter(user=user).delete()
    else:
        NotSuggested.objects.get_or_create(user=user, defaults={"created_at": timezone.now()})


def _own_open(person, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.person_id != person.pk:
        raise PermissionDenied
    if invitation.status != InvitationStatus.OPEN:
        raise ValidationError(_("This invitation has been dealt with already."))
    return invitation


@transaction.atomic
def decline_invitation(person, invitation: Invitation, *, not_my_area: bool = False) -> Invitation:
    """Say no to an invitation. "Not my area" tells the router not to ask again about the
    question's topics; either way it passes the person over for a while."""
    invitation = _own_open(person, invitation)
    invitation.status = InvitationStatus.DECLINED
    invitation.not_my_area = not_my_area
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "not_my_area", "responded_at"])
    return invitation


@transaction.atomic
def forward_invitation(person, invitation: Invitation, *, to) -> Invitation:
    """Pass an invitation on to a colleague who can see the question (they are told who
    thought of them); returns the forwarded invitation."""
    from knowflow.posts.queries import can_see_post

    from .routing import _invite

    invitation = _own_open(person, invitation)
    question = invitation.question
    # The asker as the thread shows them (an anonymous question's placeholder), and the
    # real one only when the question is not anonymous.
    askers = {question.post.author_id, *([question.asker_id] if not question.is_anonymous else [])}
    if to.pk == person.pk or to.pk in askers:
        raise ValidationError({"to": _("Forward it to someone else.")})
    if not to.is_active or not can_see_post(to, question.post):
        raise ValidationError({"to": _("They can't see this question.")})
    if Invitation.objects.filter(question=question, person=to).exists():
        raise ValidationError({"to": _("They have been asked already.")})
    # An anonymous question's asker, or someone who asked not to be suggested, is not
    # invited, and the forwarder is told nothing different: either would say who they are.
    quiet = to.pk == question.asker_id or NotSuggested.objects.filter(user=to).exists()
    created = []
    if not quiet:
        reason = _("%(name)s thought of you.") % {"name": person.full_name}
        created = _invite(question, [to], step=invitation.step, reasons={to.pk: reason}, by=person)
        if not created:  # invited by someone else meanwhile
            raise ValidationError({"to": _("They have been asked already.")})
    invitation.status = InvitationStatus.FORWARDED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


def answered(question, author) -> None:
    """An answer came: the author's invitation to the question is answered, and the router
    stops widening."""
    from .models import Routing

    Invitation.objects.filter(
        question=question, person=author, status=InvitationStatus.OPEN
    ).update(status=InvitationStatus.ANSWERED, responded_at=timezone.now())
    Routing.objects.filter(question=question).update(next_at=None)


def route_later(question) -> None:
    """Once the question is committed, the router's first round runs as a task (it reads the
    index and the evidence; the asker does not wait for it). ROUTING_HELPERS = 0 turns
    routing off."""
    from django.conf import settings

    if not getattr(settings, "ROUTING_HELPERS", 3):
        return
    from .tasks import route_question_task

    question_id = question.pk
    transaction.on_commit(lambda: route_question_task.enqueue(question_id, 0), robust=True)
