"""`knowflow route_due`: run the router's rounds that are due (a safety net beside the queued
tasks; run it from cron every few minutes, or after restoring a database)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the question router's rounds that are due (each runs once)."

    def handle(self, *args, **options) -> None:
        from knowflow.expertise.routing import widen_due

        self.stdout.write(f"{widen_due()} invitations sent")
