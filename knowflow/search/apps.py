from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "knowflow.search"
    label = "search"
