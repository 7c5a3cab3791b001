"""`knowflow bench names` runs end to end on a tiny organization (so it does not rot)."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_bench_names_runs_on_a_tiny_organization():
    out = io.StringIO()
    call_command("bench", "names", "--people", "60", "--repeat", "5", stdout=out)
    text = out.getvalue()
    assert "Name search benchmark:" in text
    assert "| people: one typo | 5 |" in text and "| topics: no match | 5 |" in text
    assert "| people index: refresh from the shared cache |" in text
    assert "Sanity, one typo" in text and "Target p95 <= 20 ms" in text
