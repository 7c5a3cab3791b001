from django.contrib import admin

from . import actions
from .models import Department, Location, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "signup_mode"]

    def save_model(self, request, obj, form, change):
        actions.update_organization(
            name=form.cleaned_data["name"],
            signup_mode=form.cleaned_data["signup_mode"],
            allowed_domains=obj.domain_list,
            allow_anonymous_questions=form.cleaned_data["allow_anonymous_questions"],
        )

    def has_add_permission(self, request):
        return not Organization.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    search_fields = ["name"]
    list_select_related = ["parent"]
    fields = ["name", "slug", "parent", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        # Through the action, so the tree's materialized paths stay right.
        saved = actions.save_department(
            name=form.cleaned_data["name"],
            parent=form.cleaned_data["parent"],
            description=form.cleaned_data["description"],
            slug=form.cleaned_data["slug"],
            department=Department.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk, obj.path = saved.pk, saved.path

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        actions.forget_department_tree()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        actions.forget_department_tree()


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "timezone"]
    fields = ["name", "country", "timezone"]

    def save_model(self, request, obj, form, change):
        saved = actions.save_location(
            name=form.cleaned_data["name"],
            country=form.cleaned_data["country"],
            timezone=form.cleaned_data["timezone"],
            location=Location.objects.get(pk=obj.pk) if change else None,
        )
        obj.pk = saved.pk
