"""`knowflow demo`: load the Northwind Labs demo organization into an empty database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowflow.accounts.models import User
from knowflow.demo import data
from knowflow.demo.generator import MIN_PEOPLE, load_demo
from knowflow.demo.stackexchange import STACKEXCHANGE_DEPARTMENT, import_into_demo
from knowflow.imports.reader import DumpError

SIGN_IN_LINES = (
    ("Admin sign-in:  ", data.ADMIN["email"]),
    ("Member sign-in: ", data.MEMBER["email"]),
)


class Command(BaseCommand):
    help = (
        "Load a believable demo organization (Northwind Labs: people, departments, skills, "
        "timelines, follows) into a database that has no people yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=200, help="How many people (default 200)."
        )
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed; the same seed, the same demo."
        )
        parser.add_argument(
            "--with-stackexchange",
            metavar="DIR",
            help="Also import this Stack Exchange dump as the knowledge of a department "
            "(its people become the department's demo people).",
        )
        parser.add_argument(
            "--stackexchange-department",
            metavar="NAME",
            default=STACKEXCHANGE_DEPARTMENT,
            help=f"The department for --with-stackexchange (default {STACKEXCHANGE_DEPARTMENT}).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) when the database already has people.",
        )

    def handle(
        self,
        *args,
        people: int,
        seed: int,
        if_empty: bool,
        with_stackexchange: str | None = None,
        stackexchange_department: str = STACKEXCHANGE_DEPARTMENT,
        **options,
    ):
        if with_stackexchange and not Path(with_stackexchange).is_dir():
            raise CommandError(f"{with_stackexchange}: no such folder.")
        if User.objects.exists():
            if not if_empty:
                raise CommandError(
                    "The database already has people; use an empty database (or --if-empty)."
                )
            self.stdout.write("Database already has people; demo not loaded.")
            existing = set(
                User.objects.filter(email__in=[email for _, email in SIGN_IN_LINES]).values_list(
                    "email", flat=True
                )
            )
            self._sign_in_lines(only=existing)
            if with_stackexchange:
                self._import(with_stackexchange, stackexchange_department)
            return
        if people < MIN_PEOPLE:
            raise CommandError(f"--people must be at least {MIN_PEOPLE}.")

        verbose = options["verbosity"] >= 2
        self.stdout.write(f"Loading the demo organization ({people} people, seed {seed})…")
        summary = load_demo(people=people, seed=seed, log=self.stdout.write if verbose else None)
        self._sign_in_lines()
        self.stdout.write(
            f"Demo organization: {summary.people} people, {summary.departments} departments, "
            f"{summary.locations} locations, {summary.topics} topics."
        )
        if with_stackexchange:
            self._import(with_stackexchange, stackexchange_department)

    def _import(self, directory: str, department: str) -> None:
        try:
            result = import_into_demo(directory, department=department)
        except DumpError as exc:
            raise CommandError(str(exc)) from None
        for line in result.summary_lines():
            self.stdout.write(line)

    def _sign_in_lines(self, only: set[str] | None = None) -> None:
        for label, email in SIGN_IN_LINES:
            if only is None or email in only:
                self.stdout.write(f"{label}{email} / {data.PASSWORD}")
