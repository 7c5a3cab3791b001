"""The router's speed: likely helpers for a question at 10,000 people.

`knowflow bench router [--people 10000] [--questions 100000] [--repeat 200]` builds (or
reuses) an organization of N people (the demo generator, without flows) with the question
corpus of `bench similar` (made-up words with realistic frequencies, 0-3 topics, 10% for a
department) over three years, and answers: 70% of questions get 1-3 answers from people drawn
by a Zipf law (a few answer a lot), 40% of answered questions have one accepted. Then it times,
for existing questions' titles and bodies, asked by people at random:

- expertise.queries.suggest_helpers() (the router's ranking: every kind of evidence, similar
  questions included; without the evidence links, as the router asks for it),
- a router round (routing._helpers_round: ranking, load spreading, invitations and their
  notifications written), in a transaction rolled back after each call,
- GET /api/v1/questions/{id}/suggested-helpers (with reasons and trust paths).

Quality on real data is `knowflow bench routing --data DIR`.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import accumulate

from django.db import transaction

from bench._stats import machine, ready_for_pages, summary_row, time_calls

ANSWER_BATCH = 2_000


def add_arguments(parser) -> None:
    parser.add_argument("--people", type=int, default=10_000, help="People (10,000).")
    parser.add_argument("--questions", type=int, default=100_000, help="Questions (100,000).")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=200, help="Timed calls per case (200).")


def ensure_answers(stdout, *, seed: int) -> None:
    from knowflow.help.actions import ImportedAnswer, import_answers
    from knowflow.help.models import Question
    from knowflow.people.models import Profile
    from knowflow.posts.models import Post

    if Post.objects.filter(kind="answer").exists():
        stdout.write("Reusing the answers already there.")
        return
    rng = random.Random(seed * 17 + 3)
    people = list(Profile.objects.filter(user__is_active=True).values_list("user_id", flat=True))
    rng.shuffle(people)
    cum = list(accumulate(1 / (r + 1) ** 1.1 for r in range(len(people))))
    # Counts were made up by the question generator; the answers written now set them.
    Question.objects.update(answer_count=0, status="open")
    batch: list[ImportedAnswer] = []
    written = 0
    for question in Question.objects.select_related("post").order_by("pk").iterator(2_000):
        if rng.random() >= 0.7:
            continue
        n = rng.choice([1, 1, 2, 3])
        accepted = rng.randrange(n) if rng.random() < 0.4 else -1
        for i in range(n):
            author = rng.choices(people, cum_weights=cum)[0]
            if author == question.asker_id:
                continue
            batch.append(
                ImportedAnswer(
                    question=question,
                    author_id=author,
                    body=f"An answer about {question.post.title[:80]}",
                    created_at=question.created_at + dt.timedelta(hours=rng.uniform(0.2, 96)),
                    accepted=i == accepted,
                )
            )
        if len(batch) >= ANSWER_BATCH:
            with transaction.atomic():
                import_answers(batch)
            written += len(batch)
            batch = []
    if batch:
        with transaction.atomic():
            import_answers(batch)
        written += len(batch)
    stdout.write(f"  {written:,} answers written.")


def run(stdout, *, people: int, questions: int, seed: int, repeat: int, **_options) -> None:
    from django.db import connection
    from django.test import Client

    from bench.similar import Words, ensure_questions
    from knowflow.accounts.actions import create_api_token
    from knowflow.expertise import routing
    from knowflow.expertise.queries import suggest_helpers
    from knowflow.help.models import Question
    from knowflow.posts.models import Post, PostTopic

    ready_for_pages()
    words = Words(seed)
    ensure_questions(stdout, questions=questions, people=people, seed=seed, words=words)
    ensure_answers(stdout, seed=seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rng = random.Random(seed + 5)
    max_pk = Question.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = sorted({rng.randrange(1, max_pk + 1) for _ in range(4 * repeat)})
    sample = list(
        Question.objects.filter(pk__in=picks, post__audience="everyone").select_related(
            "post", "asker"
        )[:repeat]
    )
    topics_of: dict[int, list[int]] = {}
    for post_id, topic_id in PostTopic.objects.filter(
        post_id__in=[q.pk for q in sample]
    ).values_list("post_id", "topic_id"):
        topics_of.setdefault(post_id, []).append(topic_id)
    counts = {
        "people": people,
        "questions": Question.objects.count(),
        "answers": Post.objects.filter(kind="answer").count(),
    }
    stdout.write("")
    stdout.write(
        f"Router: {counts['people']:,} people, {counts['questions']:,} questions, "
        f"{counts['answers']:,} answers; {connection.vendor}; {machine()}"
    )
    stdout.write("")
    stdout.write("| case | calls | p50 ms | p95 ms | p99 ms |")
    stdout.write("|---|---|---|---|---|")
    cycle = iter(range(10**9))

    def pick() -> Question:
        return sample[next(cycle) % len(sample)]

    def rank() -> None:
        q = pick()
        suggest_helpers(
            q.asker,
            title=q.post.title,
            body=q.post.body,
            topic_ids=topics_of.get(q.pk, []),
            exclude=[q.asker_id],
            limit=30,
            question_id=q.pk,
            evidence=False,
        )

    stdout.write(
        summary_row(
            "suggest_helpers() (ranking, as the router asks)", time_calls(rank, repeat=repeat)
        )
    )

    def round_() -> None:
        q = pick()
        with transaction.atomic():
            routing._helpers_round(q, step=0)
            transaction.set_rollback(True)

    stdout.write(
        summary_row("a router round (invitations written)", time_calls(round_, repeat=repeat))
    )
    _token, secret = create_api_token(sample[0].asker, name="bench router")
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")

    def api() -> None:
        response = client.get(f"/api/v1/questions/{pick().pk}/suggested-helpers", secure=True)
        assert response.status_code == 200, response.status_code

    stdout.write(
        summary_row("GET /api/v1/questions/{id}/suggested-helpers", time_calls(api, repeat=repeat))
    )
