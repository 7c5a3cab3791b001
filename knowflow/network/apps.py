from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "knowflow.network"
    label = "network"
