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


@pytest.mark.django_db
def test_bulk_inserts_give_ids_defaults_and_prepared_values(alice):
    import datetime as dt

    from django.db import transaction

    from knowflow.core.sql import insert_objects, insert_rows, reserve_ids
    from knowflow.people.models import Profile
    from knowflow.posts.models import Post, PostTopic
    from knowflow.topics.models import Topic

    when = dt.datetime(2016, 2, 1, 9, 30, tzinfo=dt.UTC)
    with transaction.atomic():
        posts = [
            Post(
                author=alice,
                kind="question",
                title=f"Q{n}",
                body="b",
                body_html="<p>b</p>",
                created_at=when,
                links=[{"kind": "post", "key": "1"}],
            )
            for n in range(3)
        ]
        insert_objects(posts)
    assert [p.pk for p in posts] == sorted(p.pk for p in posts)
    stored = Post.objects.get(pk=posts[1].pk)
    # Values as the ORM reads them back; defaults filled in as a new instance has them.
    assert (stored.title, stored.created_at, stored.links) == ("Q1", when, posts[1].links)
    assert (stored.reply_count, stored.is_announcement, stored.deleted_at) == (0, False, None)
    topic = Topic.objects.create(name="Python", slug="python")
    insert_rows(PostTopic, ("post_id", "topic_id", "created_at"), [(posts[0].pk, topic.pk, when)])
    assert PostTopic.objects.get(post=posts[0]).created_at == when
    # Ids are never handed out twice, even those of deleted rows (AUTOINCREMENT, sequences).
    last = posts[-1].pk
    Post.objects.filter(pk=last).delete()
    with transaction.atomic():
        assert reserve_ids(Post, 2)[0] > last
    assert Post.objects.create(author=alice, body="x", created_at=when).pk > last
    # auto_now fields get the time.
    Profile.objects.filter(user=alice).delete()
    insert_rows(Profile, ("user_id",), [(alice.pk,)])
    assert Profile.objects.get(user=alice).updated_at is not None
