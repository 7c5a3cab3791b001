"""`knowflow healthcheck`: exit 0 when the database (and the cache, if Redis is configured) answer."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Check that the database and cache answer; exit non-zero with the reason if not."

    def handle(self, *args, **options) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:
            raise CommandError(f"database: {exc}".splitlines()[0]) from None
        try:
            cache.set("knowflow:healthcheck", "ok", 10)
            if cache.get("knowflow:healthcheck") != "ok":
                raise RuntimeError("value written was not read back")
        except Exception as exc:
            raise CommandError(f"cache: {exc}".splitlines()[0]) from None
        backend = "redis" if settings.REDIS_URL else "local memory"
        self.stdout.write(f"ok: database {connection.vendor}, cache {backend}")
