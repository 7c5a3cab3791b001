"""Test factories. They call the product's actions, so tests build data the way users do."""

from __future__ import annotations

from django.utils.text import slugify

from knowflow.accounts.actions import create_person
from knowflow.org.actions import save_department
from knowflow.org.models import Department
from knowflow.people import actions as people_actions

PASSWORD = "correct-horse-battery-staple"


def make_department(name: str, *, parent: Department | None = None) -> Department:
    return save_department(name=name, parent=parent)


def make_person(
    full_name: str,
    *,
    email: str | None = None,
    department: Department | None = None,
    title: str = "",
    skills: list[str] | None = None,
    want_to_learn: list[str] | None = None,
    can_mentor: list[str] | None = None,
    ask_me_about: list[str] | None = None,
    visibility: dict[str, str] | None = None,
    is_superuser: bool = False,
    password: str = PASSWORD,
):
    user = create_person(
        email=email or f"{slugify(full_name).replace('-', '.')}@example.com",
        full_name=full_name,
        password=password,
        is_superuser=is_superuser,
    )
    if department or title:
        people_actions.update_profile(
            user, title=title, department=department, location=None, bio="", aspirations=""
        )
    for kind, names in (
        ("skill", skills),
        ("want_to_learn", want_to_learn),
        ("can_mentor", can_mentor),
        ("ask_me_about", ask_me_about),
    ):
        if names:
            people_actions.set_profile_topics(user, kind=kind, names=names)
    if visibility:
        people_actions.set_visibility(user, choices=visibility)
    user.refresh_from_db()
    return user


def wait_for(condition, *, timeout: float, what: str):
    """Poll `condition` until it returns something true (returned), or fail after `timeout`
    seconds naming `what` was awaited: for tests that watch other processes."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
