import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowflow.core.sql import fetch_rows


@pytest.mark.django_db
def test_fetch_rows_runs_logs_and_binds(django_assert_num_queries, alice):
    sql = "SELECT id, email FROM accounts_user WHERE id = %s AND email = %s"
    with django_assert_num_queries(2):
        assert fetch_rows(sql, [alice.pk, alice.email]) == [(alice.pk, alice.email)]
        assert fetch_rows(sql, [alice.pk, "nobody@example.com"]) == []


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_statements_are_prepared_on_postgresql(alice, settings):
    sql = "SELECT email FROM accounts_user WHERE id = %s AND is_active = %s"
    fetch_rows(sql, [alice.pk, True])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%accounts_user WHERE id = $1 AND is_active = $2%"],
        )
        assert cursor.fetchone()[0] == 1
    with CaptureQueriesContext(connection) as logged:
        fetch_rows(sql, [alice.pk, True])
    assert f"id = {alice.pk} AND is_active = true" in logged.captured_queries[0]["sql"]
    settings.DB_PREPARED_STATEMENTS = False
    assert fetch_rows(sql, [alice.pk, True]) == [(alice.email,)]


@pytest.mark.django_db
def test_fetch_many_answers_each_statement_in_order(django_assert_num_queries, alice, bob):
    from knowflow.core.sql import fetch_many

    sql = "SELECT email FROM accounts_user WHERE id = %s"
    with django_assert_num_queries(3):
        first, second, none = fetch_many([(sql, [alice.pk]), (sql, [bob.pk]), (sql, [0])])
    assert first == [(alice.email,)] and second == [(bob.email,)] and none == []
