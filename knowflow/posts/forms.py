"""Post forms: parsing and validating input only (writes happen in posts.actions)."""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from knowflow.org.queries import department_tree

from .actions import MAX_BODY
from .queries import can_announce


@lru_cache(maxsize=16)
def _options_html(choices: tuple[tuple[str, str], ...], chosen: str) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == chosen else "", label)
            for value, label in choices
        ),
    )


def audience_choices(user) -> list[tuple[str, str]]:
    """Who a post or question can be for: everyone, or a department (indented as in the tree)."""
    # Translated once, not per department (a large organization has hundreds).
    only = gettext("Only %(dept)s")
    return [("everyone", gettext("Everyone"))] + [
        (f"department:{dept.pk}", "\u2003" * depth + only % {"dept": dept.name})
        for dept, depth in department_tree(user)
    ]


def parse_audience(value: str | None) -> tuple[str, int | None]:
    """An audience choice as (audience, department id)."""
    if not value or value == "everyone":
        return ("everyone", None)
    return ("department", int(value.split(":", 1)[1]))


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Share what you're working on, learned or need"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Markdown works. Use #topics and @name (the part of an email before @)."),
    )
    audience = forms.ChoiceField(label=_("Who sees it"), required=False)
    is_announcement = forms.BooleanField(
        label=_("Pin as an announcement for everyone"), required=False
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["audience"].choices = audience_choices(user)
        if not can_announce(user):
            del self.fields["is_announcement"]

    def audience_options(self) -> str:
        """The audience <option>s, built here rather than by the Select widget (it renders each
        option through its own template: a millisecond for a large organization's departments
        on every home page), and kept for the same choices and choice."""
        chosen = str(self["audience"].value() or "everyone")
        # Labels as text: a lazy translation compares equal in whatever language is active.
        choices = tuple(
            (str(value), str(label)) for value, label in self.fields["audience"].choices
        )
        return _options_html(choices, chosen)

    def clean_audience(self) -> tuple[str, int | None]:
        return parse_audience(self.cleaned_data.get("audience"))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditPostForm(forms.Form):
    # The action checks the length for the post's kind (answers may be longer than posts).
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
