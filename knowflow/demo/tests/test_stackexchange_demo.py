"""`knowflow demo --with-stackexchange DIR`: a dump as a department's knowledge in the demo."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from knowflow.accounts.models import User
from knowflow.demo import data
from knowflow.help.models import Question
from knowflow.help.queries import questions_visible_to
from knowflow.imports.models import ImportedObject
from knowflow.org.queries import department_subtree_ids

FIXTURE = Path(__file__).resolve().parents[2] / "imports/tests/fixtures/example"


@pytest.mark.django_db
def test_demo_with_a_stack_exchange_site_maps_its_people_onto_the_department():
    out = io.StringIO()
    call_command("demo", "--people", "40", "--with-stackexchange", str(FIXTURE), stdout=out)
    assert "questions: 3 created" in out.getvalue()
    users = User.objects.count()
    imported = ImportedObject.objects.filter(kind="question").values("object_id")
    questions = list(
        Question.objects.filter(pk__in=imported).select_related(
            "post__department", "post__author__profile"
        )
    )
    assert len(questions) == 3
    engineering = questions[0].post.department
    assert engineering.name == data.MEMBER["department"][0]
    members = set(department_subtree_ids(engineering).values_list("id", flat=True))
    assert all(q.post.author.profile.department_id in members for q in questions)
    maria = User.objects.get(email=data.MEMBER["email"])  # in Engineering/Platform
    assert questions_visible_to(maria).filter(pk__in=imported).count() == 3
    # Nobody was created for the dump's people; a second run adds nothing.
    call_command("demo", "--if-empty", "--with-stackexchange", str(FIXTURE), stdout=out)
    assert "Nothing new" in out.getvalue()
    assert User.objects.count() == users


@pytest.mark.django_db
def test_demo_with_a_missing_dump_fails_before_loading():
    with pytest.raises(CommandError, match="no such folder"):
        call_command("demo", "--people", "40", "--with-stackexchange", "/nonexistent")
    assert not User.objects.exists()
