"""`knowflow bench similar` runs end to end on a tiny corpus (so it does not rot)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_bench_similar_runs_on_a_small_corpus():
    out = io.StringIO()
    call_command(
        "bench", "similar", "--questions", "400", "--people", "60", "--repeat", "3", stdout=out
    )
    text = out.getvalue()
    assert "400 questions indexed" in text
    assert "| similar(): paraphrased title | 3 |" in text
    assert "Sanity recall@5" in text and "Target p95 <= 100 ms" in text
