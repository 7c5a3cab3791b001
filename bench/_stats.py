"""Small helpers shared by the benchmarks."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def time_calls(fn: Callable[[], object], *, repeat: int) -> list[float]:
    """Milliseconds for each of `repeat` calls of fn (after one warm-up call)."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary_row(name: str, samples: list[float]) -> str:
    return (
        f"| {name} | {len(samples)} | {statistics.median(samples):.1f} | "
        f"{percentile(samples, 95):.1f} | {percentile(samples, 99):.1f} |"
    )


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def ready_for_pages() -> None:
    """What a benchmark that times pages needs: DEBUG off (DEBUG logs every query), and with
    production settings the static files' manifest (pages name hashed files, as in a deploy)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import CommandError

    if settings.DEBUG:
        raise CommandError("Run with DEBUG off (unset DEBUG or DEBUG=false): DEBUG logs queries.")
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        call_command("collectstatic", interactive=False, verbosity=0)
