"""`knowflow bench search` runs end to end on a tiny corpus (so it does not rot)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_bench_search_runs_on_a_small_corpus():
    out = io.StringIO()
    call_command(
        "bench",
        "search",
        "--questions",
        "300",
        "--people",
        "60",
        "--repeat",
        "3",
        "--cold",
        stdout=out,
    )
    text = out.getvalue()
    assert "| search(): one of the 10 most common words | 3 |" in text
    assert "| search(): a phrase of 2 words | 3 |" in text
    assert "items/s" in text and "Index size:" in text and "Target p95 <= 50 ms" in text
    # The test database is in memory (SQLite) or a server's (PostgreSQL): no file to drop.
    assert "(--cold ignored: not SQLite)" in text


def test_cold_drops_what_is_not_pinned(tmp_path, monkeypatch, settings):
    from bench import search as bench_search
    from knowflow.core import pinning

    database = tmp_path / "knowflow.sqlite3"
    database.write_bytes(b"\0" * 65536)
    monkeypatch.setattr(pinning, "database_file", lambda: database)
    settings.SQLITE_PIN_MEMORY = False
    assert bench_search._memory(cold=True) == (
        "unpinned pages dropped from the kernel's cache before timing"
    )
    settings.SQLITE_PIN_MEMORY = True
    assert bench_search._memory(cold=False) == "database pinned in memory (0 MB)"
