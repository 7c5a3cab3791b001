"""`knowflow bench duplicates` and `knowflow bench topics` run end to end on a tiny dump (so
they do not rot), and refuse a folder that is not a dump with one line."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

FIXTURE = Path(__file__).resolve().parents[1] / "knowflow/imports/tests/fixtures/example"


@pytest.fixture
def dump():
    if not (FIXTURE / "Posts.xml").exists():
        pytest.skip(f"no fixture dump at {FIXTURE}")
    return FIXTURE


@pytest.mark.django_db
def test_bench_duplicates_on_a_tiny_dump(dump):
    out = io.StringIO()
    call_command("bench", "duplicates", "--data", str(dump), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) >= {"site", "questions", "product", "bm25"}
    assert report["product"]["pairs"] == report["bm25"]["pairs"] >= 1
    assert 0 <= report["product"]["recall@5"] <= 1


@pytest.mark.django_db
def test_bench_topics_on_a_tiny_dump(dump):
    out = io.StringIO()
    call_command("bench", "topics", "--data", str(dump), stdout=out)
    assert "| product (suggest_topics()) |" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["duplicates", "topics"])
def test_not_a_dump_is_one_line(tmp_path, name):
    with pytest.raises(CommandError, match="not a Stack Exchange dump"):
        call_command("bench", name, "--data", str(tmp_path))
    with pytest.raises(CommandError, match="no such folder"):
        call_command("bench", name, "--data", str(tmp_path / "nope"))
