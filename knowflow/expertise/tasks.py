"""Background work of the router (django-tasks; `make worker` runs the database queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def route_question_task(question_id: int, step: int = 0) -> int:
    """Round `step` of routing a question (0: when it is posted); returns invitations sent."""
    from knowflow.help.models import Question

    from .routing import route_question, widen

    if step == 0:
        question = Question.objects.select_related("post", "asker").filter(pk=question_id).first()
        return len(route_question(question)) if question else 0
    return len(widen(question_id, step))
