"""`knowflow import-stackexchange DIR`: import a Stack Exchange data dump (docs/subsystems/import.md)."""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from knowflow.imports.reader import DumpError
from knowflow.imports.stackexchange import (
    BATCH_SIZE,
    Progress,
    TerminalProgress,
    import_stackexchange,
)
from knowflow.org.actions import get_or_create_department_path


class Command(BaseCommand):
    help = (
        "Import a Stack Exchange data dump folder (Posts.xml, Users.xml, Comments.xml, "
        "Votes.xml, PostLinks.xml, Tags.xml; PostHistory.xml and Badges.xml when present): "
        "people, questions, answers, comments, votes, topics and links. Running it again "
        "imports only what is new; an interrupted run picks up where it stopped."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", metavar="DIR", help="The dump's folder.")
        parser.add_argument(
            "--department",
            metavar="NAME",
            help="Ask the questions of this department (a path such as Engineering/Platform, "
            "created if needed) and put new people in it.",
        )
        parser.add_argument(
            "--site",
            metavar="HOST",
            help="The site's host name, for links between its posts (default: the folder's "
            "name, or NAME.stackexchange.com).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything; write nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            metavar="N",
            help=f"Rows written per transaction (default {BATCH_SIZE}); a killed run loses at "
            "most the batch in flight.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="Processes that convert and render posts while this one writes (default: one "
            "per CPU; 0: none).",
        )

    def handle(
        self,
        *args,
        directory: str,
        department: str | None,
        site: str | None,
        dry_run: bool,
        batch_size: int = BATCH_SIZE,
        workers: int | None = None,
        verbosity: int = 1,
        **options,
    ) -> None:
        # A bar on a terminal; piped or logged output gets the summary only.
        stream = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        progress: Progress = Progress()
        if verbosity >= 1 and stream.isatty():
            progress = TerminalProgress(lambda text: (stream.write(text), stream.flush()))
        try:
            target = None
            if department:
                target = get_or_create_department_path(department.split("/"))
            result = import_stackexchange(
                directory,
                site=site,
                department=target,
                dry_run=dry_run,
                progress=progress,
                batch_size=max(batch_size, 1),
                workers=workers,
            )
        except DumpError as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(f"{directory}: {' '.join(exc.messages)}") from None
        if verbosity >= 1:
            for line in result.summary_lines():
                self.stdout.write(line)
