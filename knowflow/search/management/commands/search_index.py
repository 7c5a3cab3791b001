"""`knowflow search_index [--reindex]`: refresh the search term statistics (daily, and after
imports), re-indexing every post first when asked (posts written before the search app
indexed them, or a restored database)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from knowflow.posts.models import Post
from knowflow.search.actions import bulk_index, refresh_term_stats

BATCH = 2_000


class Command(BaseCommand):
    help = "Refresh search term statistics; with --reindex, index every post again first."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reindex", action="store_true", help="Write every post's document again first."
        )

    def handle(self, *args, **options) -> None:
        if options["reindex"]:
            live = Post.objects.filter(deleted_at__isnull=True).only(
                "id", "kind", "title", "body", "deleted_at"
            )
            indexed, after = 0, 0
            # A transaction per batch: on SQLite a long one would hold the write lock.
            while batch := list(live.filter(pk__gt=after).order_by("pk")[:BATCH]):
                indexed += bulk_index(batch)
                after = batch[-1].pk
            self.stdout.write(f"indexed {indexed} posts")
        common = refresh_term_stats()
        self.stdout.write(f"{common} common terms")
