"""Prepare a throwaway installation for the browser tests and the screenshots.

Run by tests/browser/server.py in a child process, against the database and data folder of the
server it is about to start: migrate, collect static files, load the demo organization, then
add the personas the journeys act as. Prints the personas as one JSON line on stdout.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def personas() -> dict:
    """People for the journeys, each with their own part to play, so no journey depends on
    what another one did to the shared installation."""
    from knowflow.accounts.actions import invite_person
    from knowflow.core.testing import PASSWORD, make_department, make_person
    from knowflow.help.actions import accept_answer, answer_question, ask_question
    from knowflow.network.actions import follow_person
    from knowflow.posts.actions import create_post

    field = make_department("Field Engineering")
    people = {
        # Signs in and out; completes an empty profile.
        "ines": make_person("Ines Isaksen", department=field),
        # Finds priya in the directory by a skill and follows her.
        "omar": make_person("Omar Osei", department=field, title="Site reliability engineer"),
        "priya": make_person(
            "Priya Pillai",
            department=field,
            title="Principal engineer",
            skills=["Chaos engineering"],
            can_mentor=["Chaos engineering"],
        ),
        # paula posts, felix follows her and is mentioned.
        "paula": make_person("Paula Pereira", department=field, title="Field engineer"),
        "felix": make_person("Felix Fischer", department=field, title="Field engineer"),
        # quinn asks about Vault; hana answered a question like it before.
        "quinn": make_person("Quinn Quarshie", department=field, title="Engineer"),
        "hana": make_person(
            "Hana Hoffmann", department=field, title="Security engineer", skills=["Vault"]
        ),
        # nora reads her feed while sam posts; rita reacts to sam's post and replies.
        "nora": make_person("Nora Nakamura", department=field, title="Engineer"),
        "sam": make_person("Sam Sato", department=field, title="Engineer"),
        # Reacts, replies, endorses hana.
        "rita": make_person("Rita Rossi", department=field, title="Engineer"),
        # Uses the keyboard only.
        "kai": make_person("Kai Kowalski", department=field, title="Engineer"),
    }
    follow_person(people["felix"], person=people["paula"])
    follow_person(people["nora"], person=people["sam"])
    follow_person(people["rita"], person=people["sam"])
    create_post(people["sam"], body="Morning all: the staging cluster is back. #kubernetes")
    earlier = ask_question(
        people["omar"],
        title="How do we rotate Vault tokens used by CI pipelines?",
        body="Our pipeline tokens never expire and that worries me.",
        topics=["Vault"],
    )
    answer = answer_question(
        people["hana"],
        earlier,
        body="Use short-lived tokens from the AppRole auth method; the pipeline logs in per run.",
    )
    accept_answer(people["omar"], answer)
    note = create_post(
        people["omar"], body="Notes from the #vault workshop: short-lived tokens everywhere."
    )
    invitation = invite_person(email="new.colleague@example.com", invited_by=people["omar"])
    return {
        "people": {
            key: {"pk": user.pk, "email": user.email, "name": user.full_name, "password": PASSWORD}
            for key, user in people.items()
        },
        # What the accessibility checks visit, owned by omar.
        "objects": {
            "question": earlier.pk,
            "post": note.pk,
            "topic": "vault",
            "department": field.slug,
            "invitation": invitation.token,
        },
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", people=int(os.environ.get("KNOWFLOW_DEMO_PEOPLE", "40")), verbosity=0)
    if os.environ.get("KNOWFLOW_SEED_PERSONAS", "1") == "1":
        print(json.dumps(personas()))
    else:
        print(json.dumps({"people": {}, "objects": {}}))


if __name__ == "__main__":
    main()
