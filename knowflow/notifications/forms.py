"""Notification forms. Forms only parse and validate input; the writes happen in actions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationKind


class PreferencesForm(forms.Form):
    """A checkbox per kind: checked means "show me these in Knowflow"."""

    in_app = forms.MultipleChoiceField(
        label=_("Notify me in Knowflow when"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def choices(self) -> dict[str, bool]:
        wanted = set(self.cleaned_data["in_app"])
        return {kind: kind in wanted for kind in NotificationKind.values}


class IdListField(forms.Field):
    """Repeated `id` values, each a whole number (actions.mark_read checks the range)."""

    widget = forms.MultipleHiddenInput
    max_ids = 500

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if len(value) > self.max_ids:
            raise forms.ValidationError(_("At most %(n)s at a time.") % {"n": self.max_ids})
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Notification ids are whole numbers.")) from None


class MarkReadForm(forms.Form):
    """Which notifications to mark read: the ids given, or all of them when none are."""

    id = IdListField(required=False)

    def notification_ids(self) -> list[int] | None:
        return self.cleaned_data["id"] or None
