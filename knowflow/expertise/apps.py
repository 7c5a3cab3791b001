from django.apps import AppConfig


class ExpertiseConfig(AppConfig):
    name = "knowflow.expertise"
    label = "expertise"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (outright deletions reach the evidence sums)
