"""`knowflow expertise_tallies [--check]`: compute the sums of evidence per person and topic
(expertise.tallies) again from the posts: after restoring a database, or loading posts
around the actions. The actions keep them as people write; `--check` only says whether they
still agree with the posts (exit 1 when they do not)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compute the sums of evidence per person and topic again from the posts."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit 1 when the sums differ from what the posts say.",
        )

    def handle(self, *args, **options) -> None:
        from knowflow.expertise.tallies import check, rebuild

        if options["check"]:
            differ = check()
            if differ:
                raise CommandError(
                    f"{differ} rows of evidence differ from the posts: "
                    "run `knowflow expertise_tallies` to compute them again."
                )
            self.stdout.write("The sums of evidence agree with the posts.")
            return
        self.stdout.write(f"{rebuild()} rows of evidence on topics")
