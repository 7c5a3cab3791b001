"""Expertise forms: parsing and validating input only (the writes are in expertise.actions)."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from knowflow.people.forms import EMAIL_IN_ANGLES
from knowflow.people.queries import people_visible_to
from knowflow.topics.queries import resolve_topic


class ExpertsForm(forms.Form):
    """The "who knows about…?" search: a topic (name, slug or synonym), or words."""

    topic = forms.CharField(
        label=_("Topic"),
        max_length=80,
        required=False,
        help_text=_("A topic's name, such as PostgreSQL or #kubernetes."),
        widget=forms.TextInput(
            attrs={
                "list": "topic-options",
                "autocomplete": "off",
                "hx-get": format_lazy("{}?format=options", reverse_lazy("topics:autocomplete")),
                "hx-trigger": "input changed delay:200ms",
                "hx-target": "#topic-options",
                "hx-sync": "this:replace",
            }
        ),
    )
    q = forms.CharField(
        label=_("Or say what you need to know"),
        max_length=1000,
        required=False,
        help_text=_("For example: why does autovacuum never finish?"),
    )

    def clean_topic(self):
        text = self.cleaned_data["topic"].strip()
        return resolve_topic(text) if text else None  # unknown: a field error

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("topic") is None and not data.get("q", "").strip():
            raise forms.ValidationError(_("Give a topic or say what you need to know."))
        return data


class ForwardForm(forms.Form):
    """Whom to pass an invitation to: picked from the people suggestions ("Name <email>")."""

    to = forms.CharField(
        label=_("Forward to a colleague"),
        max_length=300,
        help_text=_("Start typing a name and pick from the list."),
        widget=forms.TextInput(
            attrs={
                "list": "people-options",
                "autocomplete": "off",
                "hx-get": reverse_lazy("people:autocomplete"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#people-options",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        ),
    )

    def __init__(self, *args, viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def clean_to(self):
        value = self.cleaned_data["to"].strip()
        match = EMAIL_IN_ANGLES.search(value)
        email = match.group(1) if match else value
        person = people_visible_to(self.viewer).filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                _("Pick a colleague from the suggestions (no one matches “%(v)s”).")
                % {"v": value[:80]}
            )
        return person


class FiguresForm(forms.Form):
    """How questions fare: grouped by topic or by the askers' departments, over a period."""

    by = forms.ChoiceField(
        label=_("Group by"),
        choices=[("topic", _("Topic")), ("department", _("Department"))],
        required=False,
    )
    days = forms.TypedChoiceField(
        label=_("Questions asked in the last"),
        choices=[(30, _("30 days")), (90, _("90 days")), (365, _("year"))],
        coerce=int,
        required=False,
    )

    def figures_options(self) -> tuple[str, int]:
        """(by, days) to show: the defaults where nothing (valid) was chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("by") or "topic", data.get("days") or 90
