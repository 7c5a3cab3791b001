"""Profile forms. Forms only parse and validate input; the writes happen in people.actions."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from knowflow.accounts.models import timezone_choices
from knowflow.org.models import Department, Location
from knowflow.org.queries import department_tree

from .models import OPTIONAL_FIELDS, TimelineKind, Visibility

User = get_user_model()
EMAIL_IN_ANGLES = re.compile(r"<([^<>@\s]+@[^<>\s]+)>\s*$")


def split_topics(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,\n]", value or "") if p.strip()]


class TopicListField(forms.CharField):
    """Comma-separated topic names (new names become topics)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", _("Separate topics with commas."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        names = split_topics(value)
        for name in names:
            if len(name) > 80:
                raise forms.ValidationError(
                    _("“%(name)s…” is longer than 80 characters.") % {"name": name[:30]}
                )
        if len(names) > 30:
            raise forms.ValidationError(_("At most 30 topics per list."))
        return names


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.all(), required=False
    )
    manager = forms.CharField(
        label=_("Manager"),
        required=False,
        max_length=300,
        help_text=_("Start typing a name and pick from the list."),
        widget=forms.TextInput(attrs={"list": "manager-options", "autocomplete": "off"}),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), required=False)
    bio = forms.CharField(
        label=_("About me"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown is supported."),
    )
    aspirations = forms.CharField(
        label=_("Aspirations"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where you want to grow: roles, skills, projects."),
    )
    skills = TopicListField(label=_("Skills"))
    ask_me_about = TopicListField(label=_("Ask me about"))
    want_to_learn = TopicListField(label=_("Want to learn"))
    can_mentor = TopicListField(label=_("Can mentor"))
    suggested = forms.BooleanField(
        label=_("Suggest me as someone who may help with questions"),
        required=False,
        initial=True,
        help_text=_(
            "Your answers stay where they are; if you turn this off, you just won't be "
            "suggested to colleagues or invited to help with questions."
        ),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["timezone"].choices = [("", _("Organization default")), *timezone_choices()]
        self.fields["department"].choices = [("", "—")] + [
            (d.pk, "\u2003" * depth + d.name) for d, depth in department_tree(user)
        ]
        for name in OPTIONAL_FIELDS:
            self.fields[f"visibility_{name}"] = forms.ChoiceField(
                label=_("Who sees “%(field)s”") % {"field": OPTIONAL_FIELDS[name]},
                choices=Visibility.choices,
                initial=Visibility.EVERYONE,
            )

    def clean_manager(self):
        value = (self.cleaned_data.get("manager") or "").strip()
        if not value:
            return None
        match = EMAIL_IN_ANGLES.search(value)
        email = match.group(1) if match else value
        manager = User.objects.filter(email__iexact=email, is_active=True).first()
        if manager is None:
            raise forms.ValidationError(
                _("Pick your manager from the suggestions (no one matches “%(v)s”).")
                % {"v": value[:80]}
            )
        if manager.pk == self.user.pk:
            raise forms.ValidationError(_("You cannot be your own manager."))
        return manager

    def visibility_choices(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"visibility_{name}"] for name in OPTIONAL_FIELDS}

    def visibility_fields(self):
        return [self[f"visibility_{name}"] for name in OPTIONAL_FIELDS]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, WebP or GIF, up to 5 MB. It is cropped to a square."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )


class TimelineEntryForm(forms.Form):
    """A timeline entry; its fields' ids start with "timeline-" because it shares the edit
    page with the profile form, which has a "title" too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "timeline-%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(label=_("Kind"), choices=TimelineKind.choices)
    title = forms.CharField(label=_("Title"), max_length=160)
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    detail = forms.CharField(
        label=_("Detail"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("The end cannot be before the start."))
        return data


class DirectoryForm(forms.Form):
    """The directory's filter inputs (validated again by services.directory_filters_from)."""

    q = forms.CharField(label=_("Name, title or skill"), required=False, max_length=100)
    skill = forms.CharField(label=_("Skill"), required=False, max_length=80)
    can_mentor = forms.CharField(label=_("Can mentor"), required=False, max_length=80)
    wants_to_learn = forms.CharField(label=_("Wants to learn"), required=False, max_length=80)
    department = forms.ChoiceField(label=_("Department"), required=False)
    location = forms.ChoiceField(label=_("Location"), required=False)

    def __init__(self, *args, viewer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("Any department"))] + [
            (d.slug, "\u2003" * depth + d.name) for d, depth in department_tree(viewer)
        ]
        self.fields["location"].choices = [("", _("Any location"))] + [
            (loc.slug, loc.name) for loc in Location.objects.all()
        ]
