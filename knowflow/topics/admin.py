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
    fields = ["name", "slug"]
    readonly_fields = ["slug"]


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Topic.objects.all(), label=_("Merge into"))


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug", "synonyms__name"]
    inlines = [SynonymInline]
    actions = ["merge"]
    fields = ["name", "slug", "description"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []  # slugs are in links and hashtags; rename, don't re-slug

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            actions.update_topic(obj, name=data["name"], description=data["description"])
        else:
            created = actions.create_topic(
                name=data["name"], description=data["description"], slug=data["slug"]
            )
            obj.pk = created.pk

    def save_formset(self, request, form, formset, change):
        # Synonyms go through the action too, which keeps slugs unique across topics and synonyms.
        # (The admin's change message reads these lists, which formset.save() would have set.)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.delete()
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            name = inline_form.cleaned_data.get("name", "")
            instance = inline_form.instance
            if instance.pk:
                TopicSynonym.objects.filter(pk=instance.pk).update(name=name)
            elif name:
                try:
                    actions.add_synonym(form.instance, name=name)
                except ValidationError as exc:
                    self.message_user(request, " ".join(exc.messages), level=messages.ERROR)

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
