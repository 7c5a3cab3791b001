from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "knowflow.people"
    label = "people"
