"""The search page's query string: the box and the filters beside it. Bad values are field
errors shown on the page (400), never a 500."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from knowflow.posts.models import PostKind

from .syntax import MAX_QUERY_CHARS

KIND_LABELS = {
    "": _("Everything"),
    PostKind.QUESTION: _("Questions"),
    PostKind.ANSWER: _("Answers"),
    PostKind.POST: _("Posts"),
    PostKind.COMMENT: _("Comments"),
}


# Dates people can mean; beyond them a time zone's offset overflows Python's datetime.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(9998, 12, 31)


class SearchForm(forms.Form):
    # Longer text is cut by the parser (with a note), not refused: a pasted paragraph still
    # searches. The hard limit only keeps absurd query strings out.
    q = forms.CharField(required=False, max_length=20 * MAX_QUERY_CHARS, label=_("Search"))
    kind = forms.ChoiceField(required=False, choices=list(KIND_LABELS.items()), label=_("Kind"))
    topic = forms.CharField(required=False, max_length=80, label=_("Topic"))
    department = forms.CharField(required=False, max_length=120, label=_("Department"))
    author = forms.CharField(required=False, max_length=120, label=_("Author"))
    since = forms.DateField(required=False, label=_("From"))
    until = forms.DateField(required=False, label=_("Until"))
    answered = forms.ChoiceField(
        required=False,
        choices=[("", _("Any")), ("yes", _("Answered")), ("no", _("Unanswered"))],
        label=_("Questions"),
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[("relevance", _("Best match")), ("newest", _("Newest"))],
        label=_("Sort by"),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000)

    def clean(self):
        data = super().clean()
        for name in ("since", "until"):
            day = data.get(name)
            if day is not None and not (MIN_DATE <= day <= MAX_DATE):
                self.add_error(name, _("Choose a date between 1900 and 9998."))
                data[name] = None
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data


def day_start(day: dt.date | None) -> dt.datetime | None:
    """The start of a day in the reader's time zone (the dates they pick are theirs)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def day_after(day: dt.date | None) -> dt.datetime | None:
    return day_start(day + dt.timedelta(days=1)) if day else None


def answered_value(text: str) -> bool | None:
    return {"yes": True, "no": False}.get(text)
