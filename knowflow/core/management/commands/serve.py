"""`knowflow serve`: the production web server (gunicorn serving config.wsgi)."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Knowflow with gunicorn (production). Static files are served by WhiteNoise."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(
                os.environ.get("WEB_CONCURRENCY", str(min(2 * (os.cpu_count() or 1) + 1, 9)))
            ),
            help="Worker processes (default: 2 × cores + 1, at most 9; env WEB_CONCURRENCY).",
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--timeout", type=int, default=30)

    def handle(
        self, *args, host: str, port: int, workers: int, threads: int, timeout: int, **opts
    ) -> None:
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a valid port.")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            # Finish in-flight requests on SIGTERM before exiting.
            "--graceful-timeout",
            "30",
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        self.stdout.write(
            f"Knowflow serving on http://{host}:{port} with {workers} workers × {threads} threads"
        )
        self.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replace this process with gunicorn
