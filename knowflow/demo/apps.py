from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "knowflow.demo"
    label = "demo"
