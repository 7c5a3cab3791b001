"""`knowflow bench import` runs end to end on the test fixture dump (so it does not rot)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURE = Path(__file__).resolve().parents[1] / "knowflow/imports/tests/fixtures/example"


@pytest.mark.django_db
def test_bench_import_runs_on_the_fixture_dump():
    out = io.StringIO()
    call_command("bench", "import", "--data", str(FIXTURE), "--times", "3", stdout=out)
    text = out.getvalue()
    assert "Stack Exchange import: example.stackexchange.com x 3" in text
    assert "| first import | 18 | 9 |" in text  # 3 x (3 questions + 3 answers), 3 x 3 comments
    assert "| second run (nothing new: True) |" in text
