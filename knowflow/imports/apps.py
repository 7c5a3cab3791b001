from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "knowflow.imports"
    label = "imports"
