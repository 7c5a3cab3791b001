"""`knowflow import-people FILE.csv`: create or update people and departments from a CSV file.

The format and behaviour are described in docs/subsystems/people-import.md; the work is done
by knowflow.people.importer.import_people.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from knowflow.people.importer import PeopleImportError, import_people

DRY_RUN_VERBS = {
    "created": "would create",
    "updated": "would update",
    "deactivated": "would deactivate",
    "unchanged": "unchanged",
}


class Command(BaseCommand):
    help = (
        "Create or update people (and their departments and locations) from a UTF-8 CSV file "
        "with the columns email, full_name and optionally title, department, location, "
        "manager_email, timezone, skills, can_mentor, want_to_learn, ask_me_about, active. "
        "Every row is checked first; if any has an error nothing is imported. "
        "Running the same file again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", metavar="FILE.csv", help="The CSV file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and list what would change, without writing anything.",
        )

    def handle(self, *args, file: str, dry_run: bool, verbosity: int = 1, **options) -> None:
        try:
            result = import_people(file, dry_run=dry_run, name=file)
        except PeopleImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"{file}:{error.line}: {error.message}")
            raise CommandError(exc.message) from None
        if verbosity == 0:
            return
        # A dry run lists each change (that is what it is for); a real import does so with -v 2.
        if dry_run or verbosity >= 2:
            for change in result.people:
                if change.action == "unchanged" and verbosity < 3:
                    continue
                action = DRY_RUN_VERBS[change.action] if dry_run else change.action
                detail = f" ({', '.join(change.fields)})" if change.fields else ""
                self.stdout.write(f"{file}:{change.line}: {action} {change.email}{detail}")
        self.stdout.write(result.summary)
