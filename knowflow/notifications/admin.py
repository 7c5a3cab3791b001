from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A read-only list, for support: admins may look, but a person's notifications are
    written only by the product (notifications.actions)."""

    list_display = ["recipient", "kind", "summary", "actor", "count", "created_at", "read_at"]
    list_select_related = ["recipient", "actor"]
    list_filter = ["kind"]
    search_fields = ["recipient__full_name", "recipient__email", "summary"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
