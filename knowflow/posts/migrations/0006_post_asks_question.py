from django.db import migrations, models


def mark_questions(apps, schema_editor):
    """Posts written before the flag existed: find the ones that ask something."""
    from knowflow.core.markdown import asks_question

    Post = apps.get_model("posts", "Post")
    batch: list[int] = []
    rows = Post.objects.filter(deleted_at__isnull=True, body__contains="?").values_list("pk", "body")
    for pk, body in rows.iterator(chunk_size=5000):
        if asks_question(body):
            batch.append(pk)
        if len(batch) >= 5000:
            Post.objects.filter(pk__in=batch).update(asks_question=True)
            batch = []
    if batch:
        Post.objects.filter(pk__in=batch).update(asks_question=True)


class Migration(migrations.Migration):
    dependencies = [("posts", "0005_feed_indexes")]

    operations = [
        migrations.AddField(
            model_name="post", name="asks_question", field=models.BooleanField(default=False)
        ),
        migrations.RunPython(mark_questions, migrations.RunPython.noop, elidable=True),
    ]
