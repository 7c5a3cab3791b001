"""A Stack Exchange site as one department's knowledge in the demo organization.

The dump's people are mapped onto the department's demo people (those in it or a team below
it), deterministically (the dump's user id modulo their number, in id order), rather than
created: the demo's people then hold real expertise (their answers, accepted ones, votes),
their colleagues see it in feeds and on profiles, and the directory does not fill with
thousands of strangers. The questions are asked of the department, so its members (and the
teams below it) see them, as the product's department rule says.
"""

from __future__ import annotations

from pathlib import Path

from knowflow.imports.reader import DumpError
from knowflow.imports.stackexchange import ImportResult, import_stackexchange
from knowflow.org.models import Department
from knowflow.org.queries import department_subtree_ids
from knowflow.people.models import Profile

# Engineering and its teams (Platform, where the sign-in member works, Data & AI, ...).
STACKEXCHANGE_DEPARTMENT = "Engineering"


def import_into_demo(directory: str | Path, *, department: str) -> ImportResult:
    """Import a dump into the demo department named by a path ("Engineering/Data & AI")."""
    target: Department | None = None
    for name in department.split("/"):
        target = Department.objects.filter(parent=target, name__iexact=name.strip()).first()
        if target is None:
            raise DumpError(f"The demo has no department {department!r}.")
    people = list(
        Profile.objects.filter(
            department_id__in=department_subtree_ids(target), user__is_active=True
        ).values_list("user_id", flat=True)
    )
    if not people:
        raise DumpError(f"The department {department!r} has no people to map the dump onto.")
    return import_stackexchange(directory, department=target, people=people)
