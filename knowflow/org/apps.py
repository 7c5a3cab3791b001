from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "knowflow.org"
    label = "org"
