from django.contrib import admin

from . import actions
from .models import Profile, ProfileTopic, TimelineEntry


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "department", "location", "manager"]
    list_select_related = ["user", "department", "location", "manager"]
    search_fields = ["user__full_name", "user__email", "title"]
    list_filter = ["department", "location"]
    autocomplete_fields = ["manager"]
    fields = ["user", "title", "department", "location", "manager"]
    readonly_fields = ["user"]

    def has_add_permission(self, request):
        return False  # profiles come with accounts

    def save_model(self, request, obj, form, change):
        # Through the action, like every other write (keeps the rendered Markdown in step).
        actions.update_profile(
            obj.user,
            title=form.cleaned_data["title"],
            department=form.cleaned_data["department"],
            location=form.cleaned_data["location"],
            manager=form.cleaned_data["manager"],
            bio=obj.bio,
            aspirations=obj.aspirations,
        )


@admin.register(ProfileTopic)
class ProfileTopicAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "topic"]
    list_select_related = ["user", "topic"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "topic"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "title", "started_on", "ended_on"]
    raw_id_fields = ["user"]
