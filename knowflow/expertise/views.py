"""Expertise pages: "who knows about…?", a question's likely helpers (loaded after its page),
one's invitations to help (decline, "not my area", forward), and the endorse button on
profiles. Opting out of suggestions is a checkbox on the profile form (people.views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from knowflow.core.forms import add_action_errors
from knowflow.help.queries import access_question
from knowflow.people.queries import access_person
from knowflow.topics.queries import access_topic

from . import actions
from .forms import ExpertsForm, FiguresForm, ForwardForm
from .queries import (
    MIN_GROUP_SIZE,
    access_invitation,
    answer_figures,
    endorsements_of,
    experts,
    helpers_for_question,
    open_invitations,
    questions_i_could_answer,
)

EXPERTS_SHOWN = 10


@login_required
def who_knows(request: HttpRequest) -> HttpResponse:
    form = ExpertsForm(request.GET or None)
    searched = form.is_bound and form.is_valid()
    topics, found = [], []
    if searched:
        topics, found = experts(
            request.user,
            topic=form.cleaned_data["topic"],
            text=form.cleaned_data["q"],
            limit=EXPERTS_SHOWN,
        )
    # A search that finds no one, or an unknown topic, is an answer shown on the page (200).
    return render(
        request,
        "expertise/experts.html",
        {
            "form": form,
            "searched": searched,
            "topics": topics,
            "experts": found,
        },
    )


COULD_ANSWER_SHOWN = 30


@login_required
def could_answer(request: HttpRequest) -> HttpResponse:
    """Open questions the viewer could answer (their own evidence), invitations first."""
    items = questions_i_could_answer(request.user, limit=COULD_ANSWER_SHOWN)
    return render(request, "expertise/could_answer.html", {"items": items})


def _wait(hours: float | None) -> str:
    """A median wait in words: under an hour, hours up to two days, then days."""
    if hours is None:
        return ""
    if hours < 1:
        return _("under an hour")
    if hours < 48:
        n = round(hours)
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    n = round(hours / 24)
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    """How questions fare per topic or department: aggregate figures only, for community
    managers and anyone curious (never a person's; small groups show a count only)."""
    form = FiguresForm(request.GET or None)
    by, days = form.figures_options()
    return render(
        request,
        "expertise/figures.html",
        {
            "form": form,
            "by": by,
            "days": days,
            "rows": [
                {**f.__dict__, "wait": _wait(f.median_hours_to_first_answer)}
                for f in answer_figures(request.user, by=by, days=days)
            ],
            "min_group": MIN_GROUP_SIZE,
        },
    )


@login_required
def question_helpers(request: HttpRequest, question_id: int) -> HttpResponse:
    """The "people who may know" box, loaded after the question's page: the suggestion reads
    the search index and the evidence, and the reader came for the question."""
    question = access_question(request.user, question_id=question_id)
    return render(
        request,
        "expertise/_question_helpers.html",
        {"helpers": helpers_for_question(request.user, question)},
    )


def _forward_form(request: HttpRequest, invitation, data=None) -> ForwardForm:
    # One form per invitation on the page: ids must differ, the field name stays "to".
    return ForwardForm(data, viewer=request.user, auto_id=f"forward-{invitation.pk}-%s")


def _invitations_page(request: HttpRequest, *, forms=None, status: int = 200) -> HttpResponse:
    forms = forms or {}
    items = [
        (i, forms.get(i.pk) or _forward_form(request, i)) for i in open_invitations(request.user)
    ]
    return render(request, "expertise/invitations.html", {"items": items}, status=status)


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    return _invitations_page(request)


def _answer(request: HttpRequest, invitation, *, done: str = "", error: str = "", form=None):
    """After a button on an invitation: htmx gets the invitation's item again (done, or with
    the errors); a plain form goes back to the page with a message, or shows the errors."""
    if request.htmx:
        # 200 with the errors too: htmx swaps only successful responses.
        return render(
            request,
            "expertise/invitations.html#invitation",
            {
                "invitation": invitation,
                "forward_form": form or _forward_form(request, invitation),
                "done": done,
                "error": error,
            },
        )
    if form is not None and form.errors:
        return _invitations_page(request, forms={invitation.pk: form}, status=400)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("expertise:invitations")


@login_required
@require_POST
def decline(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(request.user, invitation_id=invitation_id)
    not_my_area = request.POST.get("not_my_area") == "1"
    try:
        actions.decline_invitation(request.user, invitation, not_my_area=not_my_area)
    except ValidationError as exc:
        return _answer(request, invitation, error=" ".join(exc.messages))
    if not_my_area:
        done = _("Declined as not your area: you won't be asked about these topics again.")
    else:
        done = _("Declined. Thank you for saying so.")
    return _answer(request, invitation, done=done)


@login_required
@require_POST
def forward(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(request.user, invitation_id=invitation_id)
    form = _forward_form(request, invitation, request.POST)
    if form.is_valid():
        to = form.cleaned_data["to"]
        try:
            actions.forward_invitation(request.user, invitation, to=to)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # dealt with already: no form to correct
                return _answer(request, invitation, error=" ".join(exc.messages))
            add_action_errors(form, exc)
        else:
            done = _("Forwarded to %(name)s.") % {"name": to.full_name}
            return _answer(request, invitation, done=done)
    return _answer(request, invitation, form=form)


def _endorsable(viewer, person) -> list:
    """The topics of a person's profile that have endorse buttons for the viewer: their
    skills and "ask me about", as far as the viewer may see them."""
    from knowflow.people.models import TopicKind
    from knowflow.people.queries import person_view

    view = person_view(viewer, person)
    return [
        t
        for kind in (TopicKind.SKILL, TopicKind.ASK_ME_ABOUT)
        for t in (view.topics.get(kind) or [])
    ]


@login_required
@require_POST
def endorse(request: HttpRequest, user_id: int, slug: str) -> HttpResponse:
    """The endorse button on a profile's topic: POST action=withdraw takes it back, anything
    else endorses (twice is once). htmx gets the button again; a plain form the profile."""
    me = request.user
    person, topic = access_person(me, user_id=user_id), access_topic(me, slug=slug)
    if topic not in _endorsable(me, person):
        # Only a topic on their profile that the viewer may see: a hidden one's count would
        # say it is there.
        raise Http404("No such topic on this profile.")
    if request.POST.get("action") == "withdraw":
        actions.withdraw_endorsement(me, person, topic)
    else:
        try:
            actions.endorse(me, person, topic)
        except ValidationError:
            pass  # endorsing oneself: the button is never shown for that
    if request.htmx:
        state = endorsements_of(me, person, topic_ids=[topic.pk])[topic.pk]
        return render(
            request,
            "expertise/buttons.html#endorse",
            {"person": person, "topic": topic, "endorsement": state, "can_endorse": True},
        )
    return redirect("people:profile", user_id=person.pk)
