"""SQLite's plans for the search statements, with the statistics of a large installation:
no Bloom filter of a whole table. The planner cannot size the engine's candidates; with
some statistics it guessed many and read every post to build a Bloom filter before joining
a rare word's few hundred candidates (100 ms at 222,000 posts, 250 ms at a million)."""

from __future__ import annotations

import pytest
from django.db import connection

from knowflow.help.actions import answer_question, ask_question
from knowflow.search import queries
from knowflow.search.queries import SearchFilters, search, similar
from knowflow.search.syntax import parse

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's planner (Bloom filters): SQLite only"
)

# sqlite_stat1 rows of an installation with 100,000 questions and 122,228 answers (ANALYZE
# of the router benchmark's database), for the tables the statements join.
LARGE = [
    ("search_all_fts_data", None, "6579"),
    ("search_all_fts_idx", "search_all_fts_idx", "4109 294 1"),
    ("search_ask_fts_idx", "search_ask_fts_idx", "3420 570 1"),
    ("search_ask_fts_data", None, "5312"),
    ("search_ask_fts_docsize", None, "100000"),
    ("people_profile", "profile_ask_me_restricted", "431 1 1 1"),
    ("people_profile", "profile_skills_restricted", "385 1 1 1"),
    ("people_profile", "people_profile_manager_id_e547e7b7", "10000 223"),
    ("people_profile", "people_profile_location_id_0f935f0d", "10000 2500"),
    ("people_profile", "people_profile_department_id_758a24d5", "10000 228"),
    ("people_profile", "sqlite_autoindex_people_profile_1", "10000 1"),
    ("accounts_user", "user_directory_order", "10000 1 1"),
    ("accounts_user", "user_full_name_lower", "10000 1"),
    ("accounts_user", "sqlite_autoindex_accounts_user_1", "10000 1"),
    ("posts_post", "post_thread", "122228 2 1 1"),
    ("posts_post", "post_replies_to_author", "222228 24 1 1"),
    ("posts_post", "post_to_department", "222228 4939 1 1"),
    ("posts_post", "post_by_author_dept", "222228 5051 1 1"),
    ("posts_post", "post_by_author", "222228 23 1 1"),
    ("posts_post", "post_recent", "222228 1 1"),
    ("posts_post", "posts_post_parent_id_2663a56b", "222228 4"),
    ("search_all_fts_docsize", None, "222228"),
    ("search_document", "sqlite_autoindex_search_document_1", "222228 1"),
    ("posts_posttopic", "posttopic_recent", "312077 4001 1 1"),
    ("posts_posttopic", "posts_posttopic_post_id_73ce25a9", "312077 2"),
    ("posts_posttopic", "sqlite_autoindex_posts_posttopic_1", "312077 2 1"),
    ("help_question", "question_by_asker", "100000 11 1 1"),
    ("help_question", "question_open", "30137 1 1"),
    ("help_question", "question_recent", "100000 1 1"),
    ("help_question", "help_question_duplicate_of_id_3a4c7384", "100000 100000"),
    ("help_question", "help_question_duplicate_marked_by_id_0ab8eca1", "100000 100000"),
    ("help_question", "help_question_accepted_answer_id_e6ae047b", "100000 4"),
    ("help_question", "sqlite_autoindex_help_question_1", "100000 1"),
]


@pytest.fixture
def large_statistics(alice, bob):
    q = ask_question(alice, title="Vacuum settings for a busy table", topics=["PostgreSQL"])
    answer_question(bob, q, body="Lower the vacuum scale factor for that table.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for table, index, stat in LARGE:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx IS %s", [table, index])
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)",
                [table, index, stat],
            )
        cursor.execute("ANALYZE sqlite_schema")  # loads the statistics just written


def plans(monkeypatch, run) -> list[str]:
    """The plan of every statement `run` sends through search's fetch_rows."""
    seen: list[str] = []
    original = queries.fetch_rows

    def explained(sql, params):
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            seen.append("\n".join(str(row[3]) for row in cursor.fetchall()))
        return original(sql, params)

    monkeypatch.setattr(queries, "fetch_rows", explained)
    run()
    assert seen
    return seen


@pytest.mark.parametrize("query", ["vacuum", "vacuum table", '"scale factor"', "vacuum -busy"])
def test_search_builds_no_bloom_filter_of_the_posts(large_statistics, alice, monkeypatch, query):
    for plan in plans(monkeypatch, lambda: search(alice, parse(query), SearchFilters())):
        assert "BLOOM FILTER" not in plan, plan


def test_asked_before_builds_no_bloom_filter(large_statistics, alice, monkeypatch):
    run = lambda: similar(alice, title="Vacuum on a busy table", body="Scale factor?")  # noqa: E731
    for plan in plans(monkeypatch, run):
        assert "BLOOM FILTER" not in plan, plan
