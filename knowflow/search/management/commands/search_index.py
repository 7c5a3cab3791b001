"""`knowflow search_index [--reindex]`: refresh the search term statistics (daily, and after
imports), re-indexing every post first when asked (posts written before the search app
indexed them, or a restored database)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from knowflow.posts.models import Post
from knowflow.search.actions import bulk_index, refresh_term_stats

BATCH = 2_000


class Command(BaseCommand):
    help = "Refresh search term statistics; with --reindex, index every post again first."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reindex", action="store_true", help="Write every post's document again first."
        )
        parser.add_argument(
            "--embed",
            action="store_true",
            help="With the semantic extra: compute the embeddings posts and topics lack (or made by "
            "another model) now, instead of in background tasks.",
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
        if options["embed"]:
            from knowflow.search import semantic
            from knowflow.search.actions import (
                EMBEDDED_KINDS,
                store_embeddings,
                store_topic_embeddings,
            )
            from knowflow.topics.models import Topic

            if not semantic.enabled():
                raise CommandError(
                    "The semantic extra is not installed (or SEARCH_SEMANTIC is off)."
                )
            missing = list(
                Post.objects.filter(kind__in=EMBEDDED_KINDS, deleted_at__isnull=True)
                .exclude(embedding__model=semantic.model_name())
                .values_list("pk", flat=True)
            )
            self.stdout.write(f"embedded {store_embeddings(missing)} posts")
            topics = list(
                Topic.objects.exclude(embedding__model=semantic.model_name()).values_list(
                    "pk", flat=True
                )
            )
            self.stdout.write(f"embedded {store_topic_embeddings(topics)} topics")
        common = refresh_term_stats()
        self.stdout.write(f"{common} common terms")
