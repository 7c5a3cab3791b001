from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "knowflow.help"
    label = "help"
