"""Help forms: parsing and validating input only (writes happen in help.actions)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from knowflow.posts.forms import audience_choices, parse_audience

from .actions import MAX_ANSWER_BODY, MAX_COMMENT, MAX_PART, MAX_QUESTION_BODY, MAX_TOPICS
from .models import QuestionStatus


def split_topics(value: str) -> list[str]:
    return [t.strip().lstrip("#").strip() for t in (value or "").split(",") if t.strip(" #")]


def _part(label) -> forms.CharField:
    """One optional part of a question's structure."""
    return forms.CharField(
        label=label, required=False, max_length=MAX_PART, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your question"),
        max_length=200,
        help_text=_("One line: what do you want to know?"),
    )
    body = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=MAX_QUESTION_BODY,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown works. Use @name to ask someone in particular."),
    )
    goal = _part(_("What I'm trying to do"))
    tried = _part(_("What I've tried"))
    good_answer = _part(_("What a good answer looks like"))
    topics = forms.CharField(
        label=_("Topics"),
        required=False,
        max_length=400,
        help_text=_("Up to %(n)s, separated by commas.") % {"n": MAX_TOPICS},
    )

    def clean_topics(self) -> list[str]:
        names = split_topics(self.cleaned_data.get("topics", ""))
        if len(names) > MAX_TOPICS:
            raise forms.ValidationError(gettext("At most %(n)s topics.") % {"n": MAX_TOPICS})
        return names


class AskForm(QuestionForm):
    audience = forms.ChoiceField(label=_("Who can see it"), required=False)
    anonymous = forms.BooleanField(
        label=_("Ask without my name (moderators still see who asked)"), required=False
    )

    def __init__(self, *args, user, allow_anonymous: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audience_choices(user)
        if not allow_anonymous:
            del self.fields["anonymous"]

    def clean_audience(self) -> tuple[str, int | None]:
        return parse_audience(self.cleaned_data.get("audience"))


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=MAX_ANSWER_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown works."),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 2})
    )


class DuplicateForm(forms.Form):
    original = forms.CharField(
        label=_("The original question (its link or number)"), max_length=300, required=False
    )

    def clean_original(self) -> int | None:
        value = (self.cleaned_data.get("original") or "").strip().rstrip("/")
        if not value:
            return None
        tail = value.split("/")[-1].split("#")[0]
        if not (tail.isascii() and tail.isdigit()):
            raise forms.ValidationError(gettext("Give the question's link or number."))
        return int(tail)


class ListFilterForm(forms.Form):
    """The lists' filters from the query string; bad values are field errors, not 500s."""

    view = forms.ChoiceField(
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("unanswered", _("Unanswered")),
            ("for_me", _("I could answer")),
            ("mine", _("My questions")),
        ],
    )
    topic = forms.CharField(required=False, max_length=80)
    department = forms.CharField(required=False, max_length=80)
    before = forms.CharField(required=False, max_length=100)


STATUS_LABELS = dict(QuestionStatus.choices)
