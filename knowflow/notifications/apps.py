from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "knowflow.notifications"
    label = "notifications"
