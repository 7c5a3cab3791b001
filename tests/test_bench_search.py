"""`knowflow bench search` runs end to end on a tiny corpus (so it does not rot)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_bench_search_runs_on_a_small_corpus():
    out = io.StringIO()
    call_command(
        "bench", "search", "--questions", "300", "--people", "60", "--repeat", "3", stdout=out
    )
    text = out.getvalue()
    assert "| search(): one of the 10 most common words | 3 |" in text
    assert "| search(): a phrase of 2 words | 3 |" in text
    assert "items/s" in text and "Index size:" in text and "Target p95 <= 50 ms" in text


@pytest.mark.django_db
def test_bench_search_cold_says_what_it_did():
    out = io.StringIO()
    call_command(
        "bench",
        "search",
        "--questions",
        "100",
        "--people",
        "60",
        "--repeat",
        "1",
        "--cold",
        stdout=out,
    )
    # The test database is in memory (SQLite) or a server's (PostgreSQL): no file to drop.
    assert "(--cold ignored: not SQLite)" in out.getvalue()
