from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.mark_read, name="read"),
    path("settings/", views.preferences, name="settings"),
    path("badge/", views.badge, name="badge"),
    path("<int:notification_id>/open/", views.open_notification, name="open"),
]
