from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "knowflow.core"
    label = "core"
