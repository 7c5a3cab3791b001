"""Directory search and profile reads at organization scale (people, filters, deep pages).

Usage (a fresh database is loaded with the demo organization at the requested size):

    KNOWFLOW_DATA_DIR=/tmp/bench10k uv run knowflow migrate
    KNOWFLOW_DATA_DIR=/tmp/bench10k uv run knowflow bench directory --people 10000
"""

from __future__ import annotations

import random
import time

from django.db import connection

from bench._stats import machine, summary_row, time_calls


def add_arguments(parser) -> None:
    parser.add_argument(
        "--people", type=int, default=10_000, help="Organization size (default 10,000)."
    )
    parser.add_argument(
        "--repeat", type=int, default=50, help="Timed calls per query kind (default 50)."
    )
    parser.add_argument("--seed", type=int, default=42)


def run(stdout, *, people: int, repeat: int, seed: int, **_options) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError
    from django.db.models import Count

    from knowflow.demo.generator import load_demo
    from knowflow.org.models import Department, Location
    from knowflow.people.models import ProfileTopic, TopicKind
    from knowflow.people.queries import DirectoryFilters, access_person, person_view, search_people
    from knowflow.topics.models import Topic

    User = get_user_model()
    existing = User.objects.count()
    if existing == 0:
        stdout.write(f"Loading a demo organization of {people:,} people…")
        start = time.perf_counter()
        load_demo(people=people, seed=seed)
        stdout.write(f"  loaded in {time.perf_counter() - start:.1f} s")
    elif existing < people * 0.9:
        raise CommandError(
            f"The database has {existing:,} people, fewer than --people {people:,}; use an empty database."
        )
    n = User.objects.count()
    rng = random.Random(seed)
    viewers = list(User.objects.filter(is_active=True).order_by("?")[:20])
    common_skill = Topic.objects.get(
        pk=ProfileTopic.objects.filter(kind=TopicKind.SKILL)
        .values("topic")
        .annotate(c=Count("pk"))
        .order_by("-c")
        .values_list("topic", flat=True)[0]
    )
    mentor_topic = Topic.objects.filter(profile_topics__kind=TopicKind.CAN_MENTOR).first()
    learn_topic = Topic.objects.filter(profile_topics__kind=TopicKind.WANT_TO_LEARN).first()
    top_department = Department.objects.filter(parent__isnull=True).first()
    location = Location.objects.first()
    sample_ids = list(User.objects.values_list("pk", flat=True))

    def viewer():
        return rng.choice(viewers)

    cases = {
        "directory, no filter (page 1)": lambda: search_people(
            viewer(), filters=DirectoryFilters()
        ),
        "directory, page 40": lambda: search_people(viewer(), filters=DirectoryFilters(), page=40),
        "name text 'an' (common)": lambda: search_people(
            viewer(), filters=DirectoryFilters(text="an")
        ),
        "name text 'zqx' (no match: full scan)": lambda: search_people(
            viewer(), filters=DirectoryFilters(text="zqx")
        ),
        f"skill #{common_skill.slug} (most common)": lambda: search_people(
            viewer(), filters=DirectoryFilters(skill=common_skill)
        ),
        "skill + top department subtree": lambda: search_people(
            viewer(), filters=DirectoryFilters(skill=common_skill, department=top_department)
        ),
        f"can mentor #{mentor_topic.slug}": lambda: search_people(
            viewer(), filters=DirectoryFilters(can_mentor=mentor_topic)
        ),
        f"wants to learn #{learn_topic.slug}": lambda: search_people(
            viewer(), filters=DirectoryFilters(wants_to_learn=learn_topic)
        ),
        "location": lambda: search_people(viewer(), filters=DirectoryFilters(location=location)),
        "profile view (random person)": lambda: person_view(
            (v := viewer()), access_person(v, user_id=rng.choice(sample_ids))
        ),
    }
    stdout.write("")
    stdout.write(f"Directory benchmark: {n:,} people, {connection.vendor}, {machine()}")
    stdout.write("")
    stdout.write("| query | calls | p50 ms | p95 ms | p99 ms |")
    stdout.write("|---|---|---|---|---|")
    for name, fn in cases.items():
        for v in viewers:
            v.__dict__.pop("_kf_department_id", None)  # measure the per-request lookup too
        samples = time_calls(fn, repeat=repeat)
        stdout.write(summary_row(name, samples))
