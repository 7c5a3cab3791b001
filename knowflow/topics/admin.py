from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import actions
from .models import Topic, TopicSynonym


class SynonymInline(admin.TabularInline):
    model = TopicSynonym
    extra = 0


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Topic.objects.all(), label=_("Merge into"))


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug", "synonyms__name"]
    inlines = [SynonymInline]
    actions = ["merge"]

    @admin.action(description=_("Merge selected topics into another topic…"))
    def merge(self, request, queryset):
        if "apply" in request.POST:
            form = MergeForm(request.POST)
            if form.is_valid():
                target = form.cleaned_data["into"]
                merged = 0
                for topic in queryset.exclude(pk=target.pk):
                    try:
                        actions.merge_topics(topic, into=target)
                        merged += 1
                    except ValidationError as exc:
                        self.message_user(request, " ".join(exc.messages), level=messages.ERROR)
                self.message_user(
                    request, _("Merged %(n)s topics into %(t)s.") % {"n": merged, "t": target.name}
                )
                return None
        else:
            form = MergeForm()
        return render(
            request,
            "admin/topics/merge.html",
            {"form": form, "topics": queryset, "opts": self.model._meta},
        )
