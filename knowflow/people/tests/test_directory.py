import pytest

from knowflow.core.testing import make_department, make_person
from knowflow.org.actions import save_location
from knowflow.people import actions


@pytest.fixture
def crowd(engineering):
    platform = make_department("Platform", parent=engineering)
    lisbon = save_location(name="Lisbon", country="Portugal", timezone="Europe/Lisbon")
    people = []
    for i in range(30):
        p = make_person(
            f"Person {i:02d}",
            department=platform if i % 2 else engineering,
            skills=["Python", f"Skill {i % 3}"],
        )
        if i % 5 == 0:
            actions.update_profile(
                p,
                title="",
                department=p.profile.department,
                location=lisbon,
                bio="",
                aspirations="",
            )
        people.append(p)
    mentor = make_person("Mona Mentor", can_mentor=["Python"], want_to_learn=["Rust"])
    return {"platform": platform, "lisbon": lisbon, "people": people, "mentor": mentor}


def names(response):
    return response.content.decode()


def test_filters(alice_client, crowd):
    html = names(alice_client.get("/people/", {"can_mentor": "python"}))
    assert "Mona Mentor" in html and "Person 01" not in html
    html = names(alice_client.get("/people/", {"wants_to_learn": "rust"}))
    assert "Mona Mentor" in html and "Person 01" not in html
    html = names(alice_client.get("/people/", {"location": "lisbon"}))
    assert "Person 00" in html and "Person 05" in html and "Person 01" not in html
    html = names(alice_client.get("/people/", {"q": "person 1"}))
    assert "Person 10" in html and "Person 02" not in html


def test_department_filter_includes_sub_teams(alice_client, crowd, engineering):
    r = alice_client.get("/api/v1/people", {"department": engineering.slug, "skill": "skill-1"})
    got = {row["full_name"] for row in r.json()["results"]}
    assert got == {f"Person {i:02d}" for i in range(30) if i % 3 == 1}
    r = alice_client.get(
        "/api/v1/people", {"department": crowd["platform"].slug, "skill": "skill-1"}
    )
    got = {row["full_name"] for row in r.json()["results"]}
    assert got == {f"Person {i:02d}" for i in range(30) if i % 3 == 1 and i % 2}


def test_pagination_never_duplicates_or_skips(alice_client, crowd):
    seen = []
    page = 1
    while True:
        data = alice_client.get("/api/v1/people", {"skill": "python", "page": page}).json()
        seen += [r["id"] for r in data["results"]]
        if not data["has_next"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 31


def test_unknown_filters_are_clear_errors(alice_client, crowd):
    r = alice_client.get("/people/", {"skill": "no-such-topic"})
    assert r.status_code == 200
    assert "Unknown topic" in r.content.decode()
    r = alice_client.get("/api/v1/people", {"skill": "no-such-topic", "department": "nope"})
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"skill", "department"}


def test_directory_query_count_is_capped(alice_client, crowd, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        r = alice_client.get("/people/")
    assert r.status_code == 200
    with django_assert_max_num_queries(16):
        alice_client.get(
            "/people/", {"skill": "python", "department": "engineering", "q": "person"}
        )


def test_profile_query_count_is_capped(alice_client, crowd, django_assert_max_num_queries):
    from knowflow.posts.actions import create_post

    mentor = crowd["mentor"]
    create_post(mentor, body="first #python")
    with django_assert_max_num_queries(22) as few:
        r = alice_client.get(f"/people/{mentor.pk}/")
    assert r.status_code == 200
    for i in range(8):
        create_post(mentor, body=f"more #python {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        alice_client.get(f"/people/{mentor.pk}/")


def test_htmx_gets_only_the_results_fragment(alice_client, crowd):
    r = alice_client.get("/people/", {"q": "Mona"}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert "Mona Mentor" in html
    assert "<html" not in html and "<form" not in html


def test_anonymous_is_sent_to_sign_in(client, crowd):
    r = client.get("/people/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    r = client.get("/api/v1/people")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthenticated"


def test_unknown_person_is_404(alice_client):
    assert alice_client.get("/people/999999/").status_code == 404
    r = alice_client.get("/api/v1/people/999999")
    assert r.status_code == 404 and r.json()["code"] == "not_found"
