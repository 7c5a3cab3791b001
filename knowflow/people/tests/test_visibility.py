"""Hidden profile fields never reach people who may not see them: pages, API, directory."""

import pytest

from knowflow.core.testing import make_person
from knowflow.people import actions


@pytest.fixture
def private_alice(alice):
    actions.update_profile(
        alice,
        title="Staff engineer",
        department=alice.profile.department,
        location=None,
        bio="I *love* **kubernetes** clusters.",
        aspirations="Lead the platform guild.",
    )
    actions.set_profile_topics(alice, kind="skill", names=["Kubernetes", "Terraform"])
    actions.set_profile_topics(alice, kind="want_to_learn", names=["Negotiation"])
    actions.set_visibility(
        alice,
        choices={
            "skills": "department",
            "bio": "only_me",
            "want_to_learn": "only_me",
            "aspirations": "department",
        },
    )
    return alice


def test_teammate_sees_department_fields_but_not_private_ones(client, private_alice, bob):
    client.force_login(bob)
    html = client.get(f"/people/{private_alice.pk}/").content.decode()
    assert "Kubernetes" in html
    assert "Lead the platform guild" in html
    assert "clusters" not in html
    assert "Negotiation" not in html


def test_outsider_sees_neither(client, private_alice, charlie):
    client.force_login(charlie)
    html = client.get(f"/people/{private_alice.pk}/").content.decode()
    assert "Alice Archer" in html and "Staff engineer" in html
    for secret in ("Kubernetes", "Terraform", "Lead the platform guild", "clusters", "Negotiation"):
        assert secret not in html


def test_owner_sees_everything(alice_client, private_alice):
    html = alice_client.get(f"/people/{private_alice.pk}/").content.decode()
    for text in ("Kubernetes", "Lead the platform guild", "<em>love</em>", "Negotiation"):
        assert text in html


def test_api_omits_hidden_fields(client, private_alice, bob, charlie):
    client.force_login(charlie)
    data = client.get(f"/api/v1/people/{private_alice.pk}").json()
    assert data["full_name"] == "Alice Archer"
    for key in ("skill", "bio", "aspirations", "want_to_learn"):
        assert key not in data
    client.force_login(bob)
    data = client.get(f"/api/v1/people/{private_alice.pk}").json()
    assert data["skill"] == ["kubernetes", "terraform"]
    assert "bio" not in data and "want_to_learn" not in data


def test_directory_does_not_match_on_hidden_skills(client, private_alice, bob, charlie):
    client.force_login(charlie)
    html = client.get("/people/", {"skill": "kubernetes"}).content.decode()
    assert "Alice Archer" not in html
    html = client.get("/people/", {"q": "terraform"}).content.decode()
    assert "Alice Archer" not in html
    api = client.get("/api/v1/people", {"skill": "kubernetes"}).json()
    assert api["results"] == []
    client.force_login(bob)
    html = client.get("/people/", {"skill": "kubernetes"}).content.decode()
    assert "Alice Archer" in html
    api = client.get("/api/v1/people", {"q": "terraform"}).json()
    assert [r["full_name"] for r in api["results"]] == ["Alice Archer"]


def test_wants_to_learn_filter_respects_only_me(client, private_alice, bob):
    client.force_login(bob)
    html = client.get("/people/", {"wants_to_learn": "negotiation"}).content.decode()
    assert "Alice Archer" not in html


def test_directory_cards_hide_skills(client, private_alice, charlie):
    client.force_login(charlie)
    api = client.get("/api/v1/people").json()
    alice_row = next(r for r in api["results"] if r["full_name"] == "Alice Archer")
    assert "skills" not in alice_row
    html = client.get("/people/").content.decode()
    assert "Terraform" not in html


def test_timeline_hidden_from_outsider(client, alice, charlie):
    import datetime as dt

    actions.add_timeline_entry(
        alice, kind="learned", title="Completed CKA", started_on=dt.date(2024, 3, 1)
    )
    actions.set_visibility(alice, choices={"timeline": "only_me"})
    client.force_login(charlie)
    assert "Completed CKA" not in client.get(f"/people/{alice.pk}/").content.decode()
    other = make_person("Dana Diaz")
    client.force_login(other)
    assert "Completed CKA" not in client.get(f"/people/{alice.pk}/").content.decode()


def test_home_suggestions_never_reveal_hidden_skills(client, alice, bob, charlie):
    make_person("Mona Mentor", can_mentor=["Negotiation"])
    actions.set_profile_topics(charlie, kind="skill", names=["Negotiation"])
    actions.set_visibility(charlie, choices={"skills": "only_me"})
    actions.set_profile_topics(bob, kind="want_to_learn", names=["Negotiation"])
    client.force_login(bob)
    html = client.get("/posts/for-you/").content.decode()  # the home page's side column
    assert "Mona Mentor" in html
    assert "Charlie Chen" not in html


def test_hiding_field_is_the_field_rule_for_every_viewer(alice, bob, charlie, engineering):
    """hiding_fields (the ranking's shortcut) leaves out exactly those can_see_field refuses."""
    from knowflow.people.models import Profile
    from knowflow.people.queries import can_see_field, hiding_fields

    dana = make_person("Dana Diaz", department=engineering)
    actions.set_visibility(alice, choices={"skills": "department", "ask_me_about": "only_me"})
    actions.set_visibility(bob, choices={"skills": "only_me"})
    actions.set_visibility(charlie, choices={"ask_me_about": "department"})
    people = [alice, bob, charlie, dana]
    fields = ["skills", "ask_me_about"]
    for viewer in people:
        hidden = hiding_fields(viewer, fields)
        for field in fields:
            refused = {
                p.user_id
                for p in Profile.objects.filter(user__in=people)
                if not can_see_field(viewer, p, field)
            }
            assert hidden[field] == refused, (viewer, field)
    assert hiding_fields(charlie, fields)["skills"] == {alice.pk, bob.pk}  # not always empty
