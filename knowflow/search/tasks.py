"""Background work of the search app: embeddings for the optional semantic extra (a model
takes milliseconds per text on a CPU, so it is kept out of the request that writes a post)."""

from __future__ import annotations

from django_tasks import task


@task()
def embed_posts(post_ids: list[int]) -> int:
    from .actions import store_embeddings

    return store_embeddings(post_ids)


@task()
def embed_topics(topic_ids: list[int]) -> int:
    from .actions import store_topic_embeddings

    return store_topic_embeddings(topic_ids)
