"""The authentication backends load the signed-in person, their profile and their department
path in one statement (knowflow/accounts/backends.py)."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model, load_backend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowflow.accounts.actions import set_account_active
from knowflow.accounts.backends import load_user
from knowflow.org.queries import department_ancestor_ids
from knowflow.people.models import Profile


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


@pytest.mark.django_db
def test_load_user_is_the_orm_person_with_profile_and_path_in_one_statement(
    alice, engineering, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = load_user(alice.pk)
        profile = user.profile
        path = department_ancestor_ids(user)
    orm_user = get_user_model().objects.get(pk=alice.pk)
    assert _fields(user) == _fields(orm_user)
    assert _fields(profile) == _fields(Profile.objects.get(user=alice))
    assert profile.user is user
    assert path == [engineering.pk]
    assert not user._state.adding and user._state.db == "default"


@pytest.mark.django_db
def test_load_user_without_profile_or_department(alice):
    Profile.objects.filter(user=alice).delete()
    user = load_user(alice.pk)
    with pytest.raises(Profile.DoesNotExist):
        user.profile
    assert department_ancestor_ids(user) == []
    assert load_user(alice.pk + 1000) is None


@pytest.mark.django_db
@pytest.mark.parametrize("path", settings.AUTHENTICATION_BACKENDS)
def test_every_backend_refuses_deactivated_people(alice, path):
    backend = load_backend(path)
    assert backend.get_user(alice.pk).pk == alice.pk
    set_account_active(alice, active=False)
    assert backend.get_user(alice.pk) is None
    assert backend.get_user(alice.pk + 1000) is None


@pytest.mark.django_db
def test_a_request_reads_its_person_in_one_statement(alice_client):
    assert alice_client.session[BACKEND_SESSION_KEY] == settings.AUTHENTICATION_BACKENDS[0]
    # The time-zone middleware reads request.user on every request, even this one.
    with CaptureQueriesContext(connection) as captured:
        assert alice_client.get("/__hello__").status_code == 200
    user_reads = [q["sql"] for q in captured.captured_queries if "accounts_user" in q["sql"]]
    assert len(user_reads) == 1 and "people_profile" in user_reads[0]
