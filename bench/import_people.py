"""CSV people import: rows/s for a first import and for an unchanged re-run.

Usage (needs an empty database):

    KNOWFLOW_DATA_DIR=/tmp/bench-import uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/bench-import uv run knowflow bench import_people --rows 2000
"""

from __future__ import annotations

import csv
import random
import tempfile
import time
from pathlib import Path

from django.db import connection

from bench._stats import machine

DEPARTMENTS = [
    "Engineering/Platform",
    "Engineering/Mobile",
    "Sales/EMEA",
    "Sales/Americas",
    "People",
    "Finance",
]
LOCATIONS = ["Lisbon", "Berlin", "New York", "Singapore"]
ZONES = ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "Asia/Singapore"]
SKILLS = [
    "Kubernetes",
    "Python",
    "Negotiation",
    "Onboarding",
    "SQL",
    "Figma",
    "Budgeting",
    "Coaching",
]


def add_arguments(parser) -> None:
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)


def write_csv(path: Path, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "email",
                "full_name",
                "title",
                "department",
                "location",
                "manager_email",
                "timezone",
                "skills",
            ]
        )
        for i in range(rows):
            loc = rng.randrange(len(LOCATIONS))
            manager = f"person{i // 10 * 10}@example.com" if i % 10 else ""
            w.writerow(
                [
                    f"person{i}@example.com",
                    f"Person {i}",
                    "Engineer",
                    rng.choice(DEPARTMENTS),
                    LOCATIONS[loc],
                    manager,
                    ZONES[loc],
                    ";".join(rng.sample(SKILLS, 3)),
                ]
            )


def run(stdout, *, rows: int, seed: int, **_options) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    from knowflow.people.importer import import_people

    if get_user_model().objects.exists():
        raise CommandError(
            "import_people needs an empty database (set KNOWFLOW_DATA_DIR to a new folder)."
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.csv"
        write_csv(path, rows, seed)
        stdout.write(f"People import benchmark: {rows:,} rows, {connection.vendor}, {machine()}")
        for label in ("first import (all created)", "second import (all unchanged)"):
            start = time.perf_counter()
            result = import_people(path)
            elapsed = time.perf_counter() - start
            stdout.write(
                f"  {label}: {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s — {result.summary}"
            )
