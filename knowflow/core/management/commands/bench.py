"""`knowflow bench NAME [options]`: run a benchmark from the bench/ package.

Each benchmark is a module `bench/<name>.py` with `add_arguments(parser)` and
`run(stdout, **options)`. Results are printed as a table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import importlib
import pkgutil

from django.core.management.base import BaseCommand, CommandError


def _available() -> list[str]:
    try:
        import bench
    except ImportError:
        return []
    return sorted(
        m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")
    )


class Command(BaseCommand):
    help = "Run a benchmark: " + ", ".join(_available())

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="name", required=True, metavar="NAME")
        for name in _available():
            module = importlib.import_module(f"bench.{name}")
            p = sub.add_parser(name, help=(module.__doc__ or "").strip().splitlines()[0])
            module.add_arguments(p)

    def handle(self, *args, name: str, **options) -> None:
        if name not in _available():
            raise CommandError(f"Unknown benchmark {name!r}; available: {', '.join(_available())}.")
        module = importlib.import_module(f"bench.{name}")
        # call_command passes its stdout/stderr among the options; the benchmark writes to ours.
        for key in ("stdout", "stderr"):
            options.pop(key, None)
        module.run(self.stdout, **options)
